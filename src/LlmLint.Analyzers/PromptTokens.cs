namespace LlmLint.Analyzers
{
    /// <summary>Token counts for prompt text, through the shared <see cref="TokenEstimator"/> (cl100k/o200k, ±6%).</summary>
    internal static class PromptTokens
    {
        public static int Estimate(string text) => TokenEstimator.Estimate(text);
    }
}
