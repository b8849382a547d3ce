using System.Globalization;

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

        public static int OutputTokens(LlmCallSite site, TaskKind kind) => OutputTokens(site.Output.MaxOutputTokens, kind);

        /// <summary>Output tokens of an answer of <paramref name="kind"/> under the request's limit, if it sets one.</summary>
        public static int OutputTokens(int? maxOutputTokens, TaskKind kind)
        {
            int byKind = kind == TaskKind.Classification ? ClassificationOutputTokens : kind == TaskKind.Extraction ? ExtractionOutputTokens : OtherOutputTokens;
            if (maxOutputTokens is int max && max > 0)
            {
                // A limit caps the answer; classification and extraction answers rarely reach it.
                return kind == TaskKind.Other ? max : System.Math.Min(max, byKind);
            }

            return byKind;
        }

        /// <summary>
        /// Writes the estimate's properties of an LLM2000 diagnostic (tokens, volume and, for a priced model, the catalog id,
        /// provider and cost) and returns the cost as the message says it: per 1,000 calls, or "unknown cost".
        /// </summary>
        public static string AddEstimate(ImmutableDictionary<string, string?>.Builder props, ModelInfo? model, int input, int output, double perDay, string perDaySource)
        {
            props[DiagnosticProperties.InputTokens] = input.ToString(CultureInfo.InvariantCulture);
            props[DiagnosticProperties.OutputTokens] = output.ToString(CultureInfo.InvariantCulture);
            props[DiagnosticProperties.CallsPerDay] = perDay.ToString("R", CultureInfo.InvariantCulture);
            props[DiagnosticProperties.CallsPerDaySource] = perDaySource;
            if (model == null)
            {
                return "unknown cost";
            }

            decimal perCall = model.CostUsd(input, output);
            props[DiagnosticProperties.CatalogModelId] = model.Id;
            props[DiagnosticProperties.Provider] = model.Provider;
            props[DiagnosticProperties.CostPerCall] = Invariant(perCall);
            props[DiagnosticProperties.CostPer1000Calls] = Invariant(perCall * 1000m);
            return Format(perCall * 1000m);
        }

        public static decimal Per1000(ModelInfo model, int inputTokens, int outputTokens) =>
            model.CostUsd(inputTokens, outputTokens) * 1000m;

        public static string Format(decimal usd) =>
            "$" + (usd >= 100 ? usd.ToString("N0", CultureInfo.InvariantCulture) : usd >= 1 ? usd.ToString("N2", CultureInfo.InvariantCulture) : usd.ToString("0.###", CultureInfo.InvariantCulture));

        public static string Invariant(decimal usd) => usd.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
