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

        /// <summary>Output tokens assumed for a classification answer (a label).</summary>
        public const int ClassificationOutputTokens = 10;

        /// <summary>Output tokens assumed for an extraction answer (a small JSON object).</summary>
        public const int ExtractionOutputTokens = 200;

        /// <summary>Output tokens assumed for any other generation without a limit.</summary>
        public const int OtherOutputTokens = 500;

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
            int byKind = kind == TaskKind.Classification ? ClassificationOutputTokens : kind == TaskKind.Extraction ? ExtractionOutputTokens : OtherOutputTokens;
            if (site.Output.MaxOutputTokens is int max && max > 0)
            {
                // A limit caps the answer; classification and extraction answers rarely reach it.
                return kind == TaskKind.Other ? max : System.Math.Min(max, byKind);
            }

            return byKind;
        }

        public static decimal Per1000(ModelInfo model, int inputTokens, int outputTokens) =>
            model.CostUsd(inputTokens, outputTokens) * 1000m;

        public static string Format(decimal usd) =>
            "$" + (usd >= 100 ? usd.ToString("N0", CultureInfo.InvariantCulture) : usd >= 1 ? usd.ToString("N2", CultureInfo.InvariantCulture) : usd.ToString("0.###", CultureInfo.InvariantCulture));

        public static string Invariant(decimal usd) => usd.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
