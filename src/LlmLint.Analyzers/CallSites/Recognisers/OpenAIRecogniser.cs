namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>
    /// The OpenAI SDK (and Azure OpenAI, whose <c>AzureOpenAIClient.GetChatClient(deploymentName)</c> returns the same
    /// <c>OpenAI.Chat.ChatClient</c>): <c>ChatClient.CompleteChat(Async)</c> and <c>CompleteChatStreaming(Async)</c>, and the
    /// Responses client (<c>ResponsesClient</c>, formerly <c>OpenAIResponseClient</c>) <c>CreateResponse(Async)</c> and
    /// <c>CreateResponseStreamingAsync</c>. The Responses protocol overloads taking <c>BinaryContent</c> are not recognised:
    /// their request is opaque JSON. The chat model is bound to the client; the Responses model is per call.
    /// </summary>
    internal sealed class OpenAIRecogniser : ICallShapeRecogniser
    {
        public LlmSdk Sdk => LlmSdk.OpenAI;

        public bool Recognises(IMethodSymbol method, KnownTypes t)
        {
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if ((name == "CompleteChat" || name == "CompleteChatAsync" || name == "CompleteChatStreaming" || name == "CompleteChatStreamingAsync")
                && KnownTypes.IsOrInherits(type, t.OpenAIChatClient))
            {
                return true;
            }

            return (name == "CreateResponse" || name == "CreateResponseAsync" || name == "CreateResponseStreaming" || name == "CreateResponseStreamingAsync")
                && (KnownTypes.IsOrInherits(type, t.OpenAIResponsesClient) || KnownTypes.IsOrInherits(type, t.OpenAIResponseClientLegacy))
                && !IsProtocolMethod(method);
        }

        public bool TryRead(IInvocationOperation invocation, IOperation? receiver, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            foreach (IArgumentOperation arg in invocation.Arguments)
            {
                if (arg.Parameter == null)
                {
                    continue;
                }

                ITypeSymbol pt = arg.Parameter.Type;
                if (pt.Name.EndsWith("Options", StringComparison.Ordinal) && pt.TypeKind == TypeKind.Class)
                {
                    request.AddOptions(arg.Value, ct);
                }
                else if (pt.SpecialType == SpecialType.System_String && arg.Parameter.Name == "userInputText")
                {
                    request.Prompt.AddMessage(arg.Value, PromptRole.User, ct);
                }
                else if (KnownTypes.IsOrInherits(pt, t.OpenAIChatMessage) || PromptCollector.IsEnumerableOf(pt, t.OpenAIChatMessage)
                    || (pt.Name.StartsWith("IEnumerable", StringComparison.Ordinal) && arg.Parameter.Name == "inputItems"))
                {
                    request.Prompt.AddMessages(arg.Value, t, ct);
                }
            }

            if (request.Options.TryGetValue("Instructions", out IOperation? instructions))
            {
                request.Prompt.AddText(instructions, PromptRole.System, ct);
            }

            if (request.Options.TryGetValue("InputItems", out IOperation? items))
            {
                request.Prompt.AddMessages(items, t, ct);
            }

            IOperation? modelArg = InvocationArguments.ArgByName(invocation, "model");
            if (modelArg != null)
            {
                request.Model = ModelResolver.ModelFromValue(modelArg, ModelIdSource.CallOptions, ct);
            }
            else if (request.Options.ContainsKey("Model"))
            {
                request.Model = ModelResolver.ModelFrom(request.Options, "Model", ModelIdSource.CallOptions, ct);
            }
            else
            {
                (request.Model, request.ClientCache) = ModelResolver.ResolveClient(receiver, t, ct, 0);
            }

            return true;
        }

        private static bool IsProtocolMethod(IMethodSymbol method) =>
            method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "BinaryContent";
    }
}
