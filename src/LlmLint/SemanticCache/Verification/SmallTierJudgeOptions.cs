using LlmLint.Metering;

namespace LlmLint.SemanticCache.Verification;

/// <summary>Options of <see cref="SmallTierJudgeVerifier"/>.</summary>
public sealed class SmallTierJudgeOptions
{
    /// <summary>Gets or sets how long a verdict may take; a judge that does not answer in time rejects the candidate. Default 2 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the judge's model id, or <see langword="null"/> for the client's default.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the ledger that receives a record per verdict (function <see cref="SemanticCacheOverhead.JudgeFunction"/>), or <see langword="null"/>.</summary>
    public ICostLedger? Ledger { get; set; }

    /// <summary>Gets or sets the prices of verdicts, or <see langword="null"/> for the catalog's.</summary>
    public CostCalculator? Calculator { get; set; }
}
