using System.Globalization;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2005: an LLM call per item of a collection (for/foreach/while, a LINQ Select lambda, Parallel.ForEach(Async),
    /// Task.WhenAll over a projection). Suggests a batch API (the catalog's batch discount) or caching.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallInLoopAnalyzer : CallSiteRuleAnalyzer
    {
        /// <summary>The batch discount quoted when the model is unknown or has none in the catalog.</summary>
        public const double DefaultBatchDiscount = 0.5;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CallInLoop);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            ModelCatalog catalog = scope.Catalog;
            if (site == null || site.IsStreaming || site.MethodName == "CreateFromPrompt" || site.MethodName == "CreateFunctionFromPrompt"
                || BatchRouteTarget.IsMarked(invocation, ctx.CancellationToken))
            {
                return;
            }

            // In a loop of its own method, or in a method that a caller runs once per item (outside a controller action or
            // minimal API handler, where a caller waits for the answer and a batch API does not fit).
            string? loop = site.HotPath.LoopDescription;
            if (!site.HotPath.InLoop)
            {
                if (site.HotPath.InEndpoint || site.ContainingMethod == null
                    || !(HotPathCallers.Find(site.ContainingMethod, 1, scope.Types, ctx.CancellationToken) is { Kind: HotPathEvidenceKind.CallerLoop } callers))
                {
                    return;
                }

                const string PerItem = "once per item (";
                loop = callers.Description.StartsWith(PerItem, StringComparison.Ordinal) && callers.Description.EndsWith(")", StringComparison.Ordinal)
                    ? callers.Description.Substring(PerItem.Length, callers.Description.Length - PerItem.Length - 1)
                    : callers.Description;
            }

            double discount = DefaultBatchDiscount;
            ModelInfo? model = site.Model.Id != null && catalog.TryGet(site.Model.Id, out ModelInfo m) ? m : null;
            if (model != null && model.BatchDiscount > 0 && model.BatchDiscount < 1)
            {
                discount = model.BatchDiscount;
            }

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.HotPath] = "Loop";
            props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
            props[DiagnosticProperties.CallSite] = CallSiteAnalyzer.CallSiteId(site);
            if (site.Model.Id != null)
            {
                props[DiagnosticProperties.ModelId] = site.Model.Id;
            }

            Location[]? fixTarget = null;
            if (BatchRouteTarget.Find(invocation, site, scope.Types) is (string kind, Location target))
            {
                props[DiagnosticProperties.BatchFix] = kind;
                fixTarget = new[] { target };
            }

            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CallInLoop,
                site.Location,
                fixTarget,
                props.ToImmutable(),
                site.MethodName,
                loop ?? "in a loop",
                System.Math.Round(discount * 100).ToString(CultureInfo.InvariantCulture)));
        }
    }
}
