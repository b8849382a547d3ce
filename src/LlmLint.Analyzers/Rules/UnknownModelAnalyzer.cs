using System.Collections.Concurrent;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2007: a model id written in code (a literal or a const) that the catalog does not know, or knows as retired.
    /// Ids from configuration are never reported: the analyzer only judges what it can read.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnknownModelAnalyzer : CallSiteRuleAnalyzer
    {
        /// <summary>How many close ids the message suggests.</summary>
        public const int MaxSuggestions = 3;

        /// <summary>The embedded list of retired ids without a price entry; null if it cannot be read (then those ids are "unknown").</summary>
        private static readonly System.Lazy<RetiredModelList?> Retired = new System.Lazy<RetiredModelList?>(() =>
        {
            try
            {
                return RetiredModelList.FromResource(typeof(UnknownModelAnalyzer).Assembly);
            }
            catch (System.Exception)
            {
                return null; // analyzers never throw
            }
        });

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.UnknownModel, Descriptors.RetiredModel);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            ModelCatalog catalog = scope.Catalog;
            ConcurrentDictionary<Location, byte> reported = scope.Reported;
            string? id = site?.Model.Id;
            if (site == null || string.IsNullOrWhiteSpace(id) || (site.Model.LiteralLocation == null && site.Model.Field == null))
            {
                return;
            }

            Location at = site.Model.LiteralLocation is Location lit && lit.IsInSource && ctx.Compilation.ContainsSyntaxTree(lit.SourceTree!) ? lit : site.Location;
            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.ModelId] = id;
            if (catalog.TryGet(id, out ModelInfo model))
            {
                if (model.Status != ModelStatus.Retired || !reported.TryAdd(at, 0))
                {
                    return;
                }

                props[DiagnosticProperties.ModelProblem] = "Retired";
                ModelInfo? successor = model.Successor != null ? catalog.FindById(model.Successor) ?? catalog.Find(model.Successor) : null;
                if (successor != null)
                {
                    props[DiagnosticProperties.SuggestedModelId] = successor.Id;
                }

                ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.RetiredModel, at, props.ToImmutable(), id, successor != null ? "; use '" + successor.Id + "'" : string.Empty));
                return;
            }

            if (!reported.TryAdd(at, 0))
            {
                return;
            }

            if (Retired.Value is { } retiredList && retiredList.TryGet(id, out RetiredModelEntry retired))
            {
                // A retired id without a price entry (claude-2.1): say retired and name the successor, not "not in the catalog".
                props[DiagnosticProperties.ModelProblem] = "Retired";
                if (retired.Successor != null)
                {
                    props[DiagnosticProperties.SuggestedModelId] = retired.Successor;
                }

                string use = retired.Successor != null ? ": " + retired.Provider + " no longer serves it; use '" + retired.Successor + "'" : ": " + retired.Provider + " no longer serves it";
                ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.RetiredModel, at, props.ToImmutable(), id, use));
                return;
            }

            IReadOnlyList<string> closest = catalog.ClosestIds(id!, MaxSuggestions);
            props[DiagnosticProperties.ModelProblem] = "Unknown";
            if (closest.Count > 0)
            {
                props[DiagnosticProperties.SuggestedModelId] = closest[0];
            }

            string hint = closest.Count > 0 ? "; did you mean '" + string.Join("', '", closest) + "'?" : string.Empty;
            ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.UnknownModel, at, props.ToImmutable(), id, hint));
        }
    }
}
