namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>
    /// Knows the chat/completion call shapes of one SDK: which methods are LLM calls, and how to read the request
    /// (options, model, prompt, typed result) from one invocation. <see cref="CallSiteExtractor"/> asks each recogniser
    /// in turn; the first that recognises the method reads the call.
    /// </summary>
    internal interface ICallShapeRecogniser
    {
        /// <summary>The SDK the recognised calls belong to.</summary>
        LlmSdk Sdk { get; }

        /// <summary>A cheap check on the symbol alone: is <paramref name="method"/> one of this SDK's call entry points.</summary>
        bool Recognises(IMethodSymbol method, KnownTypes types);

        /// <summary>
        /// Reads the request of a recognised call into <paramref name="request"/>. Returns false when the invocation turns
        /// out not to be an LLM call after all (e.g. a Semantic Kernel function that is not made from a prompt).
        /// </summary>
        bool TryRead(IInvocationOperation invocation, IOperation? receiver, KnownTypes types, CallRequest request, CancellationToken ct);
    }
}
