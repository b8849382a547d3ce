using System.Globalization;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>LLM2001: a Large- or Frontier-tier model at a classification or extraction call site.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UseSmallerModelAnalyzer : CallSiteRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.UseSmallerModel);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            ModelCatalog catalog = scope.Catalog;
            if (site?.Model.Id == null || !catalog.TryGet(site.Model.Id, out ModelInfo model))
            {
                return;
            }

            if (model.Tier != ModelTier.Large && model.Tier != ModelTier.Frontier)
            {
                return;
            }

            TaskInference task = TaskKindInference.Infer(site);
            if (!task.IsClassificationOrExtraction)
            {
                return;
            }

            ModelInfo? suggested = catalog.SuggestSmaller(model);
            if (suggested == null)
            {
                return;
            }

            int input = Cost.InputTokens(site);
            int output = Cost.OutputTokens(site, task.Kind);
            decimal now = Cost.Per1000(model, input, output);
            decimal then = Cost.Per1000(suggested, input, output);

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.ModelId] = site.Model.Id;
            props[DiagnosticProperties.CatalogModelId] = model.Id;
            props[DiagnosticProperties.ModelTier] = model.Tier.ToString();
            props[DiagnosticProperties.Provider] = model.Provider;
            props[DiagnosticProperties.SuggestedModelId] = suggested.Id;
            props[DiagnosticProperties.TaskKind] = task.Kind.ToString();
            props[DiagnosticProperties.EvidenceStrength] = task.Strength.ToString();
            props[DiagnosticProperties.Evidence] = string.Join("; ", task.Evidence);
            props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
            props[DiagnosticProperties.EstimatedTokens] = input.ToString(CultureInfo.InvariantCulture);
            props[DiagnosticProperties.CostPer1000Calls] = Cost.Invariant(now);
            props[DiagnosticProperties.SuggestedCostPer1000Calls] = Cost.Invariant(then);

            Location? fixAt = null;
            Location? literal = site.Model.LiteralLocation;
            if (literal != null && literal.IsInSource && ctx.Compilation.ContainsSyntaxTree(literal.SourceTree!))
            {
                fixAt = literal;
                if (site.Model.Field != null)
                {
                    props[DiagnosticProperties.ModelIdWrittenAs] = DiagnosticProperties.WrittenAsConst;
                    props[DiagnosticProperties.ModelIdSymbol] = site.Model.Field.Name;
                }
                else
                {
                    props[DiagnosticProperties.ModelIdWrittenAs] = DiagnosticProperties.WrittenAsLiteral;
                    if (SharedModelHolder.Find(literal, invocation.Syntax) is string holder)
                    {
                        // A client (or value) kept in a field or variable: the fix changes every call through it, and says so.
                        props[DiagnosticProperties.ModelIdSymbol] = holder;
                    }
                }
            }

            string evidence = task.Evidence.Length > 2 ? task.Evidence[0] + "; " + task.Evidence[1] : string.Join("; ", task.Evidence);
            // A Warning needs structural evidence and a request the analyzer can see whole: options made elsewhere may
            // offer tools, which would make the call an agent step.
            DiagnosticSeverity severity = task.Strength == EvidenceStrength.Structural && !site.Output.OptionsOpaque ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info;
            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UseSmallerModel,
                site.Location,
                severity,
                fixAt != null ? new[] { fixAt } : null,
                props.ToImmutable(),
                site.Model.Id,
                model.Tier.ToString(),
                task.Kind == TaskKind.Classification ? "classification" : "extraction",
                evidence,
                Cost.Format(now),
                Cost.Format(then),
                suggested.Id));
        }
    }
}
