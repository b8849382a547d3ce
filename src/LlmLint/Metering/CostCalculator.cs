using System.Collections.Concurrent;
using LlmLint.Catalog;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Metering;

/// <summary>Costs token usage with the model catalog's prices. An unknown model is reported as unknown (once per model), never as $0.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CostCalculator
{
    private readonly ModelCatalog _catalog;
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.OrdinalIgnoreCase);

    private CostCalculator(ModelCatalog catalog) => _catalog = catalog;

    /// <summary>Gets a calculator over the built-in catalog.</summary>
    public static CostCalculator Default { get; } = new(ModelCatalog.Default);

    /// <summary>Gets or sets the logger that receives the one-per-model unknown-price warning.</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>Creates a calculator over the built-in catalog with overrides (same JSON schema as the catalog's <c>models.json</c>).</summary>
    /// <param name="json">The overrides.</param>
    /// <param name="sourceName">The source name used in error messages.</param>
    /// <returns>The calculator.</returns>
    /// <exception cref="ArgumentException">The overrides are malformed; the message names the source, line, model and field.</exception>
    public static CostCalculator FromOverrides(string json, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(sourceName);
        try
        {
            return new CostCalculator(ModelCatalog.ParseOverrides(json, sourceName, ModelCatalog.Default));
        }
        catch (ModelCatalogException ex)
        {
            throw new ArgumentException(ex.Message, nameof(json), ex);
        }
    }

    /// <summary>Gets a value indicating whether the catalog prices <paramref name="modelId"/>.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns><see langword="true"/> when it does.</returns>
    public bool IsKnown(string? modelId) => _catalog.TryGet(modelId, out _);

    /// <summary>Gets the shortest prompt prefix, in tokens, the model's provider caches, from the catalog.</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The token count, or <see langword="null"/> for an unknown model or one without a known prompt cache.</returns>
    public int? MinCacheableTokens(string? modelId) => _catalog.TryGet(modelId, out ModelInfo model) ? model.MinCacheableTokens : null;

    /// <summary>
    /// Keys of <see cref="UsageDetails.AdditionalCounts"/> that carry input tokens written to a provider's prompt cache, in the
    /// order they are looked up: the Anthropic SDK's Microsoft.Extensions.AI adapter (<c>CacheCreationInputTokens</c>), the
    /// OpenTelemetry GenAI name, and Anthropic's raw usage field.
    /// </summary>
    public static IReadOnlyList<string> CacheWriteCountKeys { get; } =
        ["CacheCreationInputTokens", "gen_ai.usage.cache_write.input_tokens", "cache_creation_input_tokens"];

    /// <summary>Gets the input tokens a call wrote to the provider's prompt cache, from the first of <see cref="CacheWriteCountKeys"/> present.</summary>
    /// <param name="usage">The usage.</param>
    /// <returns>The token count; 0 when the provider reported none.</returns>
    public static long CacheWriteInputTokens(UsageDetails? usage)
    {
        if (usage?.AdditionalCounts is { } counts)
        {
            foreach (string key in CacheWriteCountKeys)
            {
                if (counts.TryGetValue(key, out long tokens) && tokens > 0)
                {
                    return tokens;
                }
            }
        }

        return 0;
    }

    /// <summary>Costs a call.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="inputTokens">Input tokens, cached ones included.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cachedInputTokens">Input tokens the provider served from its prompt cache.</param>
    /// <param name="cost">The cost in USD.</param>
    /// <returns><see langword="false"/> when the model has no price; a warning is logged the first time per model.</returns>
    public bool TryCost(string? modelId, long inputTokens, long outputTokens, long cachedInputTokens, out decimal cost) =>
        TryCost(modelId, new TokenCounts(inputTokens, outputTokens, cachedInputTokens, 0), out cost);

    /// <summary>Costs a call, cache writes at the model's cache-write price.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="tokens">The call's token counts.</param>
    /// <param name="cost">The cost in USD.</param>
    /// <returns><see langword="false"/> when the model has no price; a warning is logged the first time per model.</returns>
    public bool TryCost(string? modelId, TokenCounts tokens, out decimal cost)
    {
        if (TryGetModel(modelId, out ModelInfo model))
        {
            cost = model.CostUsd(tokens.Input, tokens.Output, tokens.CachedInput, tokens.CacheWriteInput);
            return true;
        }

        cost = 0;
        return false;
    }

    /// <summary>Gets the share of the price a provider's batch API takes off for a model (0.5 = half price).</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns>The discount in [0, 1), or <see langword="null"/> for an unknown model.</returns>
    public double? BatchDiscount(string? modelId) => _catalog.TryGet(modelId, out ModelInfo model) ? model.BatchDiscount : null;

    /// <summary>
    /// Prices what the provider's prompt cache saved on a call: its cost with every input token at the full input price, less
    /// its cost with cache reads at the cached-input price and cache writes at the cache-write price. A call that only wrote
    /// to the cache costs more than without it (the write premium); that shows in its cost, and its saving here is 0.
    /// </summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="tokens">The call's token counts.</param>
    /// <returns>The saving in USD, never negative; 0 for a model without a price.</returns>
    public decimal PromptCacheSaving(string? modelId, TokenCounts tokens)
    {
        if (tokens.CachedInput <= 0 || !_catalog.TryGet(modelId, out ModelInfo model))
        {
            return 0;
        }

        decimal actual = model.CostUsd(tokens.Input, tokens.Output, tokens.CachedInput, tokens.CacheWriteInput);
        return Math.Max(0, model.CostUsd(tokens.Input, tokens.Output) - actual);
    }

    /// <summary>Costs a call from its usage details (cache writes from <see cref="CacheWriteInputTokens"/>).</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="usage">The usage.</param>
    /// <param name="cost">The cost in USD.</param>
    /// <returns><see langword="false"/> when the model has no price or there is no usage.</returns>
    public bool TryCost(string? modelId, UsageDetails? usage, out decimal cost)
    {
        if (usage is null)
        {
            cost = 0;
            return false;
        }

        return TryCost(modelId, TokenCounts.From(usage), out cost);
    }

    private bool TryGetModel(string? modelId, out ModelInfo model)
    {
        if (_catalog.TryGet(modelId, out model))
        {
            return true;
        }

        string name = modelId ?? "<none>";
        if (_warned.TryAdd(name, 0))
        {
            MeteringLog.UnknownModel(Logger, name);
        }

        return false;
    }
}
