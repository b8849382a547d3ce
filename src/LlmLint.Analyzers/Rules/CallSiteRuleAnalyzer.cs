using System.Collections.Concurrent;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// The base of rules that judge one LLM call site at a time: silent in generated code and in compilations that
    /// reference no supported SDK; every invocation of an SDK call is extracted once (<see cref="CallSiteExtractor"/>)
    /// and handed to <see cref="AnalyzeCallSite"/> with the compilation's <see cref="CallSiteRuleScope"/>.
    /// </summary>
    public abstract class CallSiteRuleAnalyzer : DiagnosticAnalyzer
    {
        private protected CallSiteRuleAnalyzer()
        {
        }

        /// <inheritdoc />
        public sealed override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                KnownTypes types = KnownTypes.From(start.Compilation);
                if (!types.HasAnySdk)
                {
                    return;
                }

                types.AttachModelSources(start.Options, start.CancellationToken);
                var scope = new CallSiteRuleScope(types, CatalogProvider.Get(start.Options, start.CancellationToken).Catalog);
                start.RegisterOperationAction(ctx => Analyze(ctx, scope), OperationKind.Invocation);
            });
        }

        private void Analyze(OperationAnalysisContext ctx, CallSiteRuleScope scope)
        {
            var invocation = (IInvocationOperation)ctx.Operation;
            if (!CallSiteExtractor.TryClassify(invocation.TargetMethod, scope.Types, out _, out _))
            {
                return;
            }

            LlmCallSite? site = CallSiteExtractor.GetOrExtract(invocation, scope.Types, ctx.CancellationToken);
            if (site != null)
            {
                AnalyzeCallSite(ctx, invocation, site, scope);
            }
        }

        /// <summary>Judges one extracted call site and reports on <paramref name="ctx"/>.</summary>
        private protected abstract void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope);
    }

    /// <summary>What a call-site rule shares across one compilation.</summary>
    internal sealed class CallSiteRuleScope
    {
        public CallSiteRuleScope(KnownTypes types, ModelCatalog catalog)
        {
            Types = types;
            Catalog = catalog;
        }

        /// <summary>The SDK types the compilation references.</summary>
        public KnownTypes Types { get; }

        /// <summary>The compilation's model catalog (embedded, package or project override).</summary>
        public ModelCatalog Catalog { get; }

        /// <summary>Locations already reported, for rules that report a shared location (a const, a builder) once.</summary>
        public ConcurrentDictionary<Location, byte> Reported { get; } = new ConcurrentDictionary<Location, byte>();
    }
}
