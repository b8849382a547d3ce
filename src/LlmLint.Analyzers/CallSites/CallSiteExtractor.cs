using LlmLint.Analyzers.CallSites.Recognisers;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Recognises chat/completion calls of the supported SDKs and builds an <see cref="LlmCallSite"/> for each. It asks
    /// the per-SDK recognisers (<see cref="ICallShapeRecogniser"/>) which calls are LLM calls and what their request says,
    /// then adds what is common to every SDK: tool use, the output shape, how the result is used, the cache around the
    /// call and where it runs. Everything it cannot see stays unknown.
    /// </summary>
    internal static class CallSiteExtractor
    {
        private static readonly ICallShapeRecogniser[] s_recognisers =
        {
            new MicrosoftExtensionsAIRecogniser(),
            new OpenAIRecogniser(),
            new AnthropicRecogniser(),
            new SemanticKernelRecogniser(),
        };

        /// <summary>
        /// Like <see cref="TryExtract"/>, sharing the result between the rules that analyze the same compilation.
        /// </summary>
        public static LlmCallSite? GetOrExtract(IInvocationOperation invocation, KnownTypes types, CancellationToken ct)
        {
            if (RecogniserFor(invocation.TargetMethod, types) == null)
            {
                return null;
            }

            if (!types.CallSites.TryGetValue(invocation.Syntax, out Lazy<LlmCallSite?>? extraction))
            {
                // One extraction per call site even when several rules reach it at once on different threads.
                extraction = types.CallSites.GetOrAdd(invocation.Syntax, new Lazy<LlmCallSite?>(() => TryExtract(invocation, types, ct), LazyThreadSafetyMode.ExecutionAndPublication));
            }

            return extraction.Value;
        }

        /// <summary>Returns the call site for <paramref name="invocation"/>, or null when it is not an LLM call.</summary>
        public static LlmCallSite? TryExtract(IInvocationOperation invocation, KnownTypes types, CancellationToken ct)
        {
            IMethodSymbol method = invocation.TargetMethod;
            ICallShapeRecogniser? recogniser = RecogniserFor(method, types);
            if (recogniser == null)
            {
                return null;
            }

            IMethodSymbol? containingMethod = HotPathDetection.ContainingUserMethod(invocation);

            // Calls made by a chat client pipeline stage itself (DelegatingChatClient subclasses forwarding to the inner
            // client) are plumbing, not application call sites.
            if (recogniser.Sdk == LlmSdk.MicrosoftExtensionsAI && containingMethod?.ContainingType is INamedTypeSymbol owner && KnownTypes.IsOrInherits(owner, types.IChatClient))
            {
                return null;
            }

            IOperation? receiver = invocation.Instance ?? (method.IsExtensionMethod || (method.IsStatic && invocation.Arguments.Length > 0) ? InvocationArguments.ArgByOrdinal(invocation, 0) : null);
            var request = new CallRequest();
            if (!recogniser.TryRead(invocation, receiver, types, request, ct))
            {
                return null;
            }

            string? tools = request.ToolEvidence ?? ToolUseDetection.InOptions(request, ct) ?? ToolUseDetection.ToolResultsFedBack(invocation, ct);
            OutputShape output = OutputShapeReader.Read(request, tools, types, ct);
            ImmutableArray<ResultUse> uses = ResultUseAnalysis.Of(invocation, types, ct);
            CacheInfo cache = request.ClientCache;
            if (!cache.IsCached)
            {
                CacheInfo around = CacheGuardDetection.CacheAroundCall(invocation, containingMethod, types);
                if (around.IsCached)
                {
                    cache = around;
                }
            }

            HotPathInfo hot = HotPathDetection.HotPath(invocation, containingMethod, types);
            bool streaming = method.Name.IndexOf("Streaming", StringComparison.Ordinal) >= 0;
            return new LlmCallSite(invocation, InvocationArguments.NameLocation(invocation), recogniser.Sdk, method.Name, streaming, request.Model, request.Prompt.ToPromptInfo(), output, uses, cache, hot, containingMethod);
        }

        /// <summary>Whether <paramref name="method"/> is a chat/completion entry point of a supported SDK.</summary>
        public static bool TryClassify(IMethodSymbol method, KnownTypes t, out LlmSdk sdk, out bool streaming)
        {
            ICallShapeRecogniser? recogniser = RecogniserFor(method, t);
            sdk = recogniser?.Sdk ?? default;
            streaming = method.Name.IndexOf("Streaming", StringComparison.Ordinal) >= 0;
            return recogniser != null;
        }

        private static ICallShapeRecogniser? RecogniserFor(IMethodSymbol method, KnownTypes t)
        {
            if (method.ContainingType == null)
            {
                return null;
            }

            foreach (ICallShapeRecogniser r in s_recognisers)
            {
                if (r.Recognises(method, t))
                {
                    return r;
                }
            }

            return null;
        }
    }
}
