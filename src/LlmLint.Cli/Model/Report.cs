using System.Text.Json.Serialization;

namespace LlmLint.Cli.Model;

/// <summary>The cost report of one scan: what <c>report.json</c> holds and what <c>llmlint diff</c> compares.</summary>
internal sealed class Report
{
    /// <summary>The current schema version of report.json.</summary>
    public const int CurrentSchemaVersion = 1;

    [JsonRequired]
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;
    public string Tool { get; set; } = "llmlint";
    public string ToolVersion { get; set; } = "";
    public DateTimeOffset GeneratedAt { get; set; }
    public string Target { get; set; } = "";
    /// <summary>The call volume assumed where code states none with <c>[CallVolume]</c>.</summary>
    public double DefaultCallsPerDay { get; set; } = ReportBuilder.DefaultCallsPerDay;
    public int DaysPerMonth { get; set; } = ReportBuilder.DaysPerMonth;
    public PriceSource Prices { get; set; } = new();
    /// <summary>The usage export the volumes, models and tokens were measured from (<c>scan --usage</c>), or null.</summary>
    public UsageSource? Usage { get; set; }
    public ReportTotals Totals { get; set; } = new();
    [JsonRequired]
    public List<CallSite> CallSites { get; set; } = new();
    public List<Finding> Findings { get; set; } = new();
}

/// <summary>Which prices the costs were computed with.</summary>
internal sealed class PriceSource
{
    /// <summary>"analyzer" (the catalog built into the analyzers) or "file" (overrides read from <see cref="Path"/>).</summary>
    public string Source { get; set; } = "analyzer";
    public string? Path { get; set; }
    public string Description { get; set; } = "LlmLint built-in model catalog (prices computed by the analyzers)";
    /// <summary>The model ids whose prices came from the override file and changed a call site's cost.</summary>
    public List<string> OverriddenModels { get; set; } = new();
}

internal sealed class ReportTotals
{
    public int CallSites { get; set; }
    public int Findings { get; set; }
    /// <summary>The monthly spend of the priced call sites; unpriced ones are counted in <see cref="UnpricedCallSites"/>, never as $0.</summary>
    public decimal MonthlyUsd { get; set; }
    /// <summary>Call sites whose model is unknown or unresolved: their spend is not in <see cref="MonthlyUsd"/>.</summary>
    public int UnpricedCallSites { get; set; }
    /// <summary>The monthly saving if every finding with a saving were applied (the best saving per call site).</summary>
    public decimal PotentialMonthlySavingUsd { get; set; }
}

/// <summary>One LLM call site (diagnostic LLM2000).</summary>
internal sealed class CallSite
{
    /// <summary>Stable id: <c>callSite#sdk#ordinal</c>, the ordinal counting sites of the same method and SDK in source order.</summary>
    public string Id { get; set; } = "";
    public string Method { get; set; } = "";
    public string Sdk { get; set; } = "";
    public int Ordinal { get; set; }
    public string Provider { get; set; } = "";
    public string Model { get; set; } = "";
    public bool ModelKnown { get; set; }
    /// <summary>False when the model is unknown or unresolved: the site's cost is not known, and it is not $0.</summary>
    public bool Priced => ModelKnown && Model.Length > 0;
    /// <summary>Where the model comes from when not a literal at the call ("configuration key 'AI:ChatModel': empty in appsettings.json").</summary>
    public string? ModelProvenance { get; set; }
    public string Tier { get; set; } = "";
    public string TaskKind { get; set; } = "";
    public long InputTokens { get; set; }
    public long OutputTokens { get; set; }
    public decimal CostPerCallUsd { get; set; }
    public decimal CostPer1kUsd { get; set; }
    public double CallsPerDay { get; set; }
    public decimal MonthlyUsd { get; set; }
    public string? File { get; set; }
    public int Line { get; set; }
    public int Column { get; set; }
    /// <summary>Whether each figure was measured from recorded traffic, read from code, or assumed.</summary>
    public FigureBasis Basis { get; set; } = new();
    /// <summary>The models the ledger recorded for this site, most used first (<c>scan --usage</c>), or null.</summary>
    public List<MeasuredModel>? MeasuredModels { get; set; }

    [JsonIgnore]
    public string DisplayName => ReportBuilder.ShortName(Method);
}

/// <summary>A finding of a rule other than LLM2000.</summary>
internal sealed class Finding
{
    public string RuleId { get; set; } = "";
    /// <summary>SARIF level: error, warning, note or none.</summary>
    public string Level { get; set; } = "";
    public string Message { get; set; } = "";
    public string? File { get; set; }
    public int Line { get; set; }
    public int Column { get; set; }
    /// <summary>The id of the call site the finding is about, when it is reported on one.</summary>
    public string? CallSiteId { get; set; }
    public string? SuggestedModel { get; set; }
    public decimal? SavingPer1kUsd { get; set; }
    public decimal? MonthlySavingUsd { get; set; }
    public Dictionary<string, string> Properties { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Where a call site's figures come from: <c>measured</c> (the runtime's cost ledger, through <c>scan --usage</c>),
/// <c>code</c> (stated in the source: a model id literal, <c>[CallVolume]</c>) or <c>assumed</c> (a default, a project
/// option, the catalog's stand-in model of a tier, or a token estimate).
/// </summary>
internal sealed class FigureBasis
{
    public const string Measured = "measured";
    public const string Code = "code";
    public const string Assumed = "assumed";

    public string Volume { get; set; } = Assumed;
    /// <summary>Why the volume has this basis ("[CallVolume]", "default 1,000/day", "ledger: 120 calls over 1 day").</summary>
    public string? VolumeNote { get; set; }
    public string Model { get; set; } = Code;
    public string? ModelNote { get; set; }
    public string Tokens { get; set; } = Assumed;
}

/// <summary>One model a call site used, as the ledger recorded it.</summary>
internal sealed class MeasuredModel
{
    public string Model { get; set; } = "";
    public double Share { get; set; }
    public double InputTokens { get; set; }
    public double OutputTokens { get; set; }
    public double CachedInputTokens { get; set; }
    public bool Priced { get; set; }
}

/// <summary>The usage export a report was priced from.</summary>
internal sealed class UsageSource
{
    public string Path { get; set; } = "";
    public DateTimeOffset? From { get; set; }
    public DateTimeOffset? To { get; set; }
    public double Days { get; set; }
    /// <summary>Function ids of the export that match no call site (their traffic is not in the report).</summary>
    public List<string> UnmatchedFunctions { get; set; } = new();
    /// <summary>Function ids that match a method with several call sites: not applied, since the split is unknown.</summary>
    public List<string> AmbiguousFunctions { get; set; } = new();
}
