using System.Text.Json.Serialization;

namespace LlmLint.Cli.Usage;

/// <summary>
/// What <c>llmlint usage export</c> writes and <c>llmlint scan --usage</c> reads: the traffic a cost ledger recorded,
/// per function id (the <c>[Prompt]</c> function or the id an app set with <c>WithFunctionId</c>).
/// </summary>
internal sealed class UsageFile
{
    /// <summary>The current schema version of usage.json.</summary>
    public const int CurrentSchemaVersion = 1;

    [JsonRequired]
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>The ledger file the export was read from.</summary>
    public string Ledger { get; set; } = "";

    public DateTimeOffset GeneratedAt { get; set; }

    /// <summary>The oldest record exported.</summary>
    public DateTimeOffset? From { get; set; }

    /// <summary>The newest record exported.</summary>
    public DateTimeOffset? To { get; set; }

    /// <summary>The days the per-day figures are averaged over: the whole days from <see cref="From"/> to <see cref="To"/>, at least 1.</summary>
    public double Days { get; set; }

    [JsonRequired]
    public List<FunctionUsage> Functions { get; set; } = new();
}

/// <summary>The recorded traffic of one function id.</summary>
internal sealed class FunctionUsage
{
    [JsonRequired]
    public string Id { get; set; } = "";

    /// <summary>Ledger records: upstream calls (each cascade stage is one) and cache hits.</summary>
    public long Calls { get; set; }

    public double CallsPerDay { get; set; }

    /// <summary>Records the exact cache served (no upstream call, no model cost).</summary>
    public long CacheHits { get; set; }

    /// <summary>The models that answered the upstream calls, most used first.</summary>
    public List<ModelUsage> Models { get; set; } = new();
}

/// <summary>The upstream calls of one function to one model.</summary>
internal sealed class ModelUsage
{
    [JsonRequired]
    public string Model { get; set; } = "";

    public long Calls { get; set; }

    /// <summary>This model's share of the function's records (cache hits count in the denominator).</summary>
    public double Share { get; set; }

    public double MeanInputTokens { get; set; }

    public double MeanOutputTokens { get; set; }

    /// <summary>Mean input tokens served from the provider's prompt cache (included in <see cref="MeanInputTokens"/>).</summary>
    public double MeanCachedInputTokens { get; set; }

    /// <summary>The mean cost per call the ledger recorded, or <see langword="null"/> when the model had no price then.</summary>
    public decimal? RecordedMeanCostUsd { get; set; }
}
