// Placeholder for the shared catalog until it lands on main; compiled only into the runtime.
#if NET
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Text.Json;

namespace LlmLint.Catalog;

/// <summary>The size class the catalog assigns a model.</summary>
internal enum ModelTier
{
    Small = 0,
    Medium = 1,
    Large = 2,
    Frontier = 3,
}

/// <summary>One model of the catalog: its id, tier and prices in USD per million tokens.</summary>
internal sealed class ModelInfo
{
    public ModelInfo(string id, ModelTier tier, decimal inputPerMillion, decimal outputPerMillion, decimal? cachedInputPerMillion)
    {
        Id = id;
        Tier = tier;
        InputPerMillion = inputPerMillion;
        OutputPerMillion = outputPerMillion;
        CachedInputPerMillion = cachedInputPerMillion;
    }

    public string Id { get; }

    public ModelTier Tier { get; }

    public decimal InputPerMillion { get; }

    public decimal OutputPerMillion { get; }

    public decimal? CachedInputPerMillion { get; }

    /// <summary>Costs a call: <paramref name="input"/> includes <paramref name="cachedInput"/>, which is billed at the cached price.</summary>
    public decimal CostUsd(long input, long output, long cachedInput)
    {
        long cached = Math.Clamp(cachedInput, 0, Math.Max(input, 0));
        long uncached = Math.Max(input, 0) - cached;
        decimal cachedPrice = CachedInputPerMillion ?? InputPerMillion;
        return ((uncached * InputPerMillion) + (cached * cachedPrice) + (Math.Max(output, 0) * OutputPerMillion)) / 1_000_000m;
    }
}

/// <summary>Model ids, aliases, tiers and prices.</summary>
internal sealed class ModelCatalog
{
    private static readonly Lazy<ModelCatalog> s_default = new(LoadDefault);
    private readonly Dictionary<string, ModelInfo> _models;

    private ModelCatalog(Dictionary<string, ModelInfo> models) => _models = models;

    public static ModelCatalog Default => s_default.Value;

    public bool TryGet(string? id, [NotNullWhen(true)] out ModelInfo? model)
    {
        if (id is null)
        {
            model = null;
            return false;
        }

        return _models.TryGetValue(id, out model);
    }

    public static ModelCatalog ParseOverrides(string json, string sourceName, ModelCatalog? baseCatalog)
    {
        var models = baseCatalog is null ? new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase) : new Dictionary<string, ModelInfo>(baseCatalog._models, StringComparer.OrdinalIgnoreCase);
        try
        {
            Read(json, models);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The model catalog '{sourceName}' is not valid JSON: {ex.Message}", ex);
        }

        return new ModelCatalog(models);
    }

    private static ModelCatalog LoadDefault()
    {
        using Stream stream = typeof(ModelCatalog).Assembly.GetManifestResourceStream("LlmLint.Catalog.models.json")
            ?? throw new InvalidOperationException("The embedded model catalog is missing.");
        using var reader = new StreamReader(stream);
        return ParseOverrides(reader.ReadToEnd(), "models.json", null);
    }

    private static void Read(string json, Dictionary<string, ModelInfo> models)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        foreach (JsonElement m in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            string id = m.GetProperty("id").GetString()!;
            var tier = Enum.Parse<ModelTier>(m.GetProperty("tier").GetString()!, ignoreCase: true);
            decimal input = m.GetProperty("input").GetDecimal();
            decimal output = m.GetProperty("output").GetDecimal();
            decimal? cached = m.TryGetProperty("cachedInput", out JsonElement c) ? c.GetDecimal() : null;
            var info = new ModelInfo(id, tier, input, output, cached);
            models[id] = info;
            if (m.TryGetProperty("aliases", out JsonElement aliases))
            {
                foreach (JsonElement a in aliases.EnumerateArray())
                {
                    models[a.GetString()!] = info;
                }
            }
        }
    }
}
#endif
