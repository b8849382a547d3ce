namespace LlmLint.Shadow;

/// <summary>Counters of a <see cref="ShadowValidationChatClient"/>.</summary>
public sealed class ShadowStatistics
{
    internal long Calls;
    internal long Started;
    internal long Recorded;
    internal long SkippedRateLimited;
    internal long SkippedBusy;
    internal long BaselineFailures;
    internal long ComparerFailures;
    internal long StoreFailures;
    internal long SelectorFailures;

    /// <summary>Gets the live calls seen.</summary>
    public long LiveCalls => Interlocked.Read(ref Calls);

    /// <summary>Gets the shadow calls started.</summary>
    public long ShadowCallsStarted => Interlocked.Read(ref Started);

    /// <summary>Gets the comparisons recorded.</summary>
    public long ShadowCallsRecorded => Interlocked.Read(ref Recorded);

    /// <summary>Gets the sampled calls skipped by the rate limit.</summary>
    public long RateLimited => Interlocked.Read(ref SkippedRateLimited);

    /// <summary>Gets the sampled calls skipped because the concurrency limit was reached.</summary>
    public long Busy => Interlocked.Read(ref SkippedBusy);

    /// <summary>Gets the baseline calls that failed or timed out.</summary>
    public long BaselineErrors => Interlocked.Read(ref BaselineFailures);

    /// <summary>Gets the comparer exceptions.</summary>
    public long ComparerErrors => Interlocked.Read(ref ComparerFailures);

    /// <summary>Gets the store failures (the record is dropped; the user's call is unaffected).</summary>
    public long StoreErrors => Interlocked.Read(ref StoreFailures);

    /// <summary>Gets the function-selector exceptions.</summary>
    public long SelectorErrors => Interlocked.Read(ref SelectorFailures);
}
