using LlmLint.Catalog;
using LlmLint.Cli.Model;
using LlmLint.Cli.Pricing;
using LlmLint.Diagnostics;

namespace LlmLint.Cli.Scanning;

/// <summary>
/// The saving of the two provider discounts at a priced call site, from the catalog: a prompt-cache hit on the static
/// prefix (LLM2004 once it comes first, LLM2008 once it is marked) and the batch API for a call in a loop (LLM2005).
/// </summary>
internal static class DiscountSaving
{
    /// <summary>Anthropic keeps a cache entry 5 minutes: at most this many writes a day keep it warm.</summary>
    private const double CacheWritesPerDay = 24 * 60 / 5.0;

    /// <summary>The batch discount assumed when the catalog gives none (the providers' batch APIs bill half).</summary>
    private const double DefaultBatchDiscount = 0.5;

    /// <summary>The saving per 1,000 calls of a finding of LLM2004 or LLM2005, or null (another rule, an unpriced site).</summary>
    public static decimal? Per1k(string ruleId, IReadOnlyDictionary<string, string> properties, CallSite site, PriceOverrides? prices)
    {
        if (!site.Priced || !PriceOverrides.TryGetModel(prices, site.Model, out ModelInfo model))
        {
            return null;
        }

        switch (ruleId)
        {
            case DiagnosticIds.CallInLoop:
                double discount = model.BatchDiscount is > 0 and < 1 ? model.BatchDiscount : DefaultBatchDiscount;
                return site.CostPer1kUsd * (decimal)discount;
            case DiagnosticIds.StaticPrefixFirst or DiagnosticIds.PromptCacheBreakpoint when properties.TryGetValue(DiagnosticProperties.EstimatedTokens, out string? text)
                && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long staticTokens) && staticTokens > 0:
                return PromptCachePer1k(model, staticTokens, site.CallsPerDay);
            default:
                return null;
        }
    }

    /// <summary>
    /// The static prefix read from the cache instead of billed as input, less what the writes that keep the cache warm
    /// cost above a read (one write per 5 minutes at most, spread over the day's calls; the catalog's cache-write price,
    /// else the input price).
    /// </summary>
    private static decimal PromptCachePer1k(ModelInfo model, long staticTokens, double callsPerDay)
    {
        decimal writeShare = callsPerDay > 0 ? (decimal)Math.Min(1.0, CacheWritesPerDay / callsPerDay) : 1m;
        decimal perMillion = (model.InputPerMillion - model.CachedInputPerMillion) - (writeShare * (model.EffectiveCacheWritePerMillion - model.CachedInputPerMillion));
        return Math.Max(0m, staticTokens * perMillion / 1_000_000m * 1000m);
    }
}
