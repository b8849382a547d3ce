namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>
    /// The official Anthropic SDK: <c>client.Messages.Create(…)</c> and <c>CreateStreaming(…)</c>, the structured-output
    /// extension <c>Create&lt;T&gt;(…)</c>, the same three on the beta service (<c>client.Beta.Messages</c>) and on the
    /// raw-response services (<c>client.WithRawResponse.Messages</c>). The model, system prompt, messages, tools and
    /// output limit are properties of the <c>MessageCreateParams</c> object (GA or beta).
    /// </summary>
    internal sealed class AnthropicRecogniser : ICallShapeRecogniser
    {
        public LlmSdk Sdk => LlmSdk.Anthropic;

        public bool Recognises(IMethodSymbol method, KnownTypes t)
        {
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            if (name == "Create" && method.IsGenericMethod)
            {
                return KnownTypes.Is(type, t.AnthropicMessageServiceExtensions) || KnownTypes.Is(type, t.AnthropicBetaMessageServiceExtensions);
            }

            return (name == "Create" || name == "CreateStreaming")
                && (KnownTypes.IsOrInherits(type, t.AnthropicMessageService) || KnownTypes.IsOrInherits(type, t.AnthropicBetaMessageService)
                    || KnownTypes.IsOrInherits(type, t.AnthropicMessageServiceWithRawResponse) || KnownTypes.IsOrInherits(type, t.AnthropicBetaMessageServiceWithRawResponse));
        }

        public bool TryRead(IInvocationOperation invocation, IOperation? receiver, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            IMethodSymbol method = invocation.TargetMethod;
            if (method.IsGenericMethod && method.TypeArguments.Length == 1)
            {
                request.TypedResult = method.TypeArguments[0];
            }

            IOperation? parameters = InvocationArguments.ArgOfType(invocation, t.AnthropicMessageCreateParams)
                ?? InvocationArguments.ArgOfType(invocation, t.AnthropicBetaMessageCreateParams);
            request.AddOptions(parameters, ct);
            request.Model = ModelResolver.ModelFrom(request.Options, "Model", ModelIdSource.CallOptions, ct);
            if (request.Options.TryGetValue("System", out IOperation? system))
            {
                request.Prompt.AddText(system, PromptRole.System, ct);
            }

            if (request.Options.TryGetValue("Messages", out IOperation? messages))
            {
                request.Prompt.AddMessages(messages, t, ct);
            }
            else if (parameters != null)
            {
                request.Prompt.MarkUnknownMessages();
            }

            return true;
        }
    }
}
