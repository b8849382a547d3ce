using System.Globalization;
using LlmLint.Analyzers.CallSites;
using LlmLint.Catalog;

namespace LlmLint.Analyzers
{
    /// <summary>Per-1,000-call cost estimates used in messages. Assumptions are documented in docs/rules/LLM2001.md.</summary>
    internal static class Cost
    {
        /// <summary>Tokens assumed for each non-constant hole of a prompt (a ticket body, a document excerpt).</summary>
        public const int TokensPerHole = 200;

        /// <summary>Input tokens assumed when nothing of the prompt is visible.</summary>
        public const int MinimumInputTokens = 100;

        public static int InputTokens(LlmCallSite site)
        {
            int tokens = 0;
            foreach (PromptSegment s in site.Prompt.Segments)
            {
                tokens += PromptTokens.Estimate(s.Text) + s.HoleCount * TokensPerHole;
            }

            return tokens < MinimumInputTokens ? MinimumInputTokens : tokens;
        }

        public static int OutputTokens(LlmCallSite site, TaskKind kind)
        {
            if (site.Output.MaxOutputTokens is int max && max > 0)
            {
                return kind == TaskKind.Classification ? System.Math.Min(max, 10) : System.Math.Min(max, 200);
            }

            return kind == TaskKind.Classification ? 10 : kind == TaskKind.Extraction ? 200 : 500;
        }

        public static decimal Per1000(ModelInfo model, int inputTokens, int outputTokens) =>
            model.CostUsd(inputTokens, outputTokens) * 1000m;

        public static string Format(decimal usd) =>
            "$" + (usd >= 100 ? usd.ToString("N0", CultureInfo.InvariantCulture) : usd >= 1 ? usd.ToString("N2", CultureInfo.InvariantCulture) : usd.ToString("0.###", CultureInfo.InvariantCulture));

        public static string Invariant(decimal usd) => usd.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
