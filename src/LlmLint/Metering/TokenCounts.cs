namespace LlmLint.Metering;

/// <summary>The token counts a call is priced from.</summary>
/// <param name="Input">Input tokens, cache reads and writes included (the Microsoft.Extensions.AI convention).</param>
/// <param name="Output">Output tokens, reasoning included.</param>
/// <param name="CachedInput">Input tokens read from the provider's prompt cache.</param>
/// <param name="CacheWriteInput">Input tokens written to the provider's prompt cache.</param>
public readonly record struct TokenCounts(long Input, long Output, long CachedInput, long CacheWriteInput)
{
    /// <summary>Reads the counts of a response's usage; cache writes come from <see cref="CostCalculator.CacheWriteInputTokens"/>.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The counts (all 0 without usage).</returns>
    public static TokenCounts From(UsageDetails? usage) => usage is null
        ? default
        : new(usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, CostCalculator.CacheWriteInputTokens(usage));
}
