namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>
    /// Microsoft.Extensions.AI: <c>IChatClient.GetResponseAsync</c>, <c>GetStreamingResponseAsync</c>, their extension
    /// overloads (string, <c>ChatMessage</c>) and the structured-output <c>GetResponseAsync&lt;T&gt;</c>. The model is
    /// <c>ChatOptions.ModelId</c>, else the client's default (<c>AsIChatClient(model)</c>, a bound OpenAI client, a
    /// <c>ChatClientBuilder</c> pipeline).
    /// </summary>
    internal sealed class MicrosoftExtensionsAIRecogniser : ICallShapeRecogniser
    {
        public LlmSdk Sdk => LlmSdk.MicrosoftExtensionsAI;

        public bool Recognises(IMethodSymbol method, KnownTypes t)
        {
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if (name != "GetResponseAsync" && name != "GetStreamingResponseAsync")
            {
                return false;
            }

            return KnownTypes.IsOrInherits(type, t.IChatClient) || KnownTypes.Is(type, t.ChatClientExtensions)
                || (name == "GetResponseAsync" && KnownTypes.Is(type, t.ChatClientStructuredOutputExtensions));
        }

        public bool TryRead(IInvocationOperation invocation, IOperation? receiver, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            IMethodSymbol method = invocation.TargetMethod;
            request.AddOptions(InvocationArguments.ArgOfType(invocation, t.ChatOptions), ct);
            if (method.IsGenericMethod && method.TypeArguments.Length == 1)
            {
                request.TypedResult = method.TypeArguments[0];
            }

            foreach (IArgumentOperation arg in invocation.Arguments)
            {
                if (arg.Parameter == null || (arg.Parameter.Ordinal == 0 && method.IsExtensionMethod))
                {
                    continue;
                }

                ITypeSymbol pt = arg.Parameter.Type;
                if (pt.SpecialType == SpecialType.System_String)
                {
                    request.Prompt.AddMessage(arg.Value, PromptRole.User, ct);
                }
                else if (KnownTypes.Is(pt, t.MeaiChatMessage) || PromptCollector.IsEnumerableOf(pt, t.MeaiChatMessage))
                {
                    request.Prompt.AddMessages(arg.Value, t, ct);
                }
            }

            if (request.Options.TryGetValue("Instructions", out IOperation? instructions))
            {
                request.Prompt.AddText(instructions, PromptRole.System, ct);
            }

            request.Model = ModelResolver.ModelFrom(request.Options, "ModelId", ModelIdSource.CallOptions, ct);
            (ModelReference clientModel, CacheInfo clientCache) = ModelResolver.ResolveClient(receiver, t, ct, 0);
            request.ClientCache = clientCache;
            if (request.Model.Id == null && !request.Options.ContainsKey("ModelId"))
            {
                request.Model = clientModel;
            }

            request.ToolEvidence = ToolUseDetection.InPipeline(receiver, t, ct);
            return true;
        }
    }
}
