using System.Collections.Concurrent;
using System.Globalization;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>LLM2002: a prompt literal larger than <c>LLM2002.max_prompt_tokens</c> (default 2,000) estimated tokens.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OversizedPromptAnalyzer : CallSiteRuleAnalyzer
    {
        /// <summary>The .editorconfig key of the threshold.</summary>
        public const string MaxPromptTokensOption = "LLM2002.max_prompt_tokens";

        public const int DefaultMaxPromptTokens = 2000;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.OversizedPromptLiteral);

        internal static int Threshold(AnalyzerOptions options, SyntaxTree tree)
        {
            AnalyzerConfigOptions o = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if ((o.TryGetValue(MaxPromptTokensOption, out string? v) || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(MaxPromptTokensOption, out v))
                && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0)
            {
                return n;
            }

            return DefaultMaxPromptTokens;
        }

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            ModelCatalog catalog = scope.Catalog;
            ConcurrentDictionary<Location, byte> reported = scope.Reported;
            if (site == null)
            {
                return;
            }

            ModelInfo? model = site.Model.Id != null ? catalog.Find(site.Model.Id) : null;
            foreach (PromptSegment segment in site.Prompt.Segments)
            {
                Location? literal = segment.LargestLiteral;
                if (literal == null || !literal.IsInSource || !ctx.Compilation.ContainsSyntaxTree(literal.SourceTree!))
                {
                    continue;
                }

                int threshold = Threshold(ctx.Options, literal.SourceTree!);
                int tokens = PromptTokens.Estimate(segment.LargestLiteralText);
                if (tokens <= threshold || !reported.TryAdd(literal, 0))
                {
                    continue;
                }

                string cost = string.Empty;
                var props = ImmutableDictionary.CreateBuilder<string, string?>();
                props[DiagnosticProperties.EstimatedTokens] = tokens.ToString(CultureInfo.InvariantCulture);
                props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
                if (site.Model.Id != null)
                {
                    props[DiagnosticProperties.ModelId] = site.Model.Id;
                }

                if (model != null)
                {
                    decimal per1000 = model.CostUsd(tokens, 0) * 1000m;
                    cost = "; about " + Cost.Format(per1000) + " of input per 1,000 calls with '" + model.Id + "'";
                    props[DiagnosticProperties.CatalogModelId] = model.Id;
                    props[DiagnosticProperties.CostPer1000Calls] = Cost.Invariant(per1000);
                }

                ctx.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.OversizedPromptLiteral,
                    literal,
                    props.ToImmutable(),
                    tokens.ToString("N0", CultureInfo.InvariantCulture),
                    threshold.ToString("N0", CultureInfo.InvariantCulture),
                    cost));
            }
        }
    }
}
