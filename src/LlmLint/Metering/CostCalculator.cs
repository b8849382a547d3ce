using System;
using System.Collections.Concurrent;
using LlmLint.Catalog;
using Microsoft.Extensions.AI;
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

    /// <summary>Costs a call.</summary>
    /// <param name="modelId">The model id.</param>
    /// <param name="inputTokens">Input tokens, cached ones included.</param>
    /// <param name="outputTokens">Output tokens.</param>
    /// <param name="cachedInputTokens">Input tokens the provider served from its prompt cache.</param>
    /// <param name="cost">The cost in USD.</param>
    /// <returns><see langword="false"/> when the model has no price; a warning is logged the first time per model.</returns>
    public bool TryCost(string? modelId, long inputTokens, long outputTokens, long cachedInputTokens, out decimal cost)
    {
        if (_catalog.TryGet(modelId, out var model))
        {
            cost = model!.CostUsd(inputTokens, outputTokens, cachedInputTokens);
            return true;
        }

        cost = 0;
        string name = modelId ?? "<none>";
        if (_warned.TryAdd(name, 0))
        {
            MeteringLog.UnknownModel(Logger, name);
        }

        return false;
    }

    /// <summary>Costs a call from its usage details.</summary>
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

        return TryCost(modelId, usage.InputTokenCount ?? 0, usage.OutputTokenCount ?? 0, usage.CachedInputTokenCount ?? 0, out cost);
    }
}
