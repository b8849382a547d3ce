namespace LlmLint.SemanticCache.Verification;

/// <summary>Counters of the model calls the semantic cache makes for itself (judge verdicts or shadow checks) and their metered cost.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CacheOverheadCounters
{
    private long _calls;
    private long _failures;
    private long _timeouts;
    private long _unpriced;
    private long _costNanoUsd;

    /// <summary>Gets the number of calls made.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Gets the number of calls that failed (an exception or an answer that could not be read).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Gets the number of calls that timed out.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Gets the number of answered calls whose price was unknown (not included in <see cref="CostUsd"/>).</summary>
    public long UnpricedCalls => Interlocked.Read(ref _unpriced);

    /// <summary>Gets the metered cost of the calls, in USD.</summary>
    public decimal CostUsd => Interlocked.Read(ref _costNanoUsd) / 1_000_000_000m;

    internal void CountCall() => Interlocked.Increment(ref _calls);

    internal void CountFailure() => Interlocked.Increment(ref _failures);

    internal void CountTimeout() => Interlocked.Increment(ref _timeouts);

    internal void AddCost(decimal? usd)
    {
        if (usd is { } cost)
        {
            Interlocked.Add(ref _costNanoUsd, (long)decimal.Round(cost * 1_000_000_000m));
        }
        else
        {
            Interlocked.Increment(ref _unpriced);
        }
    }
}
