namespace LlmLint.SemanticCache.Calibration;

/// <summary>Counters of the threshold calibration of a semantic cache.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class CalibrationStatistics
{
    private long _outcomes;
    private long _wrong;
    private long _feedback;
    private long _shadowChecks;
    private long _shadowSkipped;
    private long _dropped;

    /// <summary>Gets the number of verified outcomes recorded (shadow checks, explored misses, feedback).</summary>
    public long Outcomes => Interlocked.Read(ref _outcomes);

    /// <summary>Gets the number of those outcomes that found a wrong answer.</summary>
    public long WrongOutcomes => Interlocked.Read(ref _wrong);

    /// <summary>Gets the number of feedback reports accepted (<c>ReportWrongHit</c>/<c>ReportCorrectHit</c>).</summary>
    public long FeedbackReports => Interlocked.Read(ref _feedback);

    /// <summary>Gets the number of shadow checks started (hits asked upstream again, misses compared with their nearest entry).</summary>
    public long ShadowChecks => Interlocked.Read(ref _shadowChecks);

    /// <summary>Gets the number of sampled shadow checks skipped because the concurrency bound was reached.</summary>
    public long ShadowChecksSkipped => Interlocked.Read(ref _shadowSkipped);

    /// <summary>Gets the number of outcomes dropped because the number of calibrated scopes reached its bound.</summary>
    public long OutcomesDropped => Interlocked.Read(ref _dropped);

    internal void CountOutcome(bool wrong)
    {
        Interlocked.Increment(ref _outcomes);
        if (wrong)
        {
            Interlocked.Increment(ref _wrong);
        }
    }

    internal void CountFeedback() => Interlocked.Increment(ref _feedback);

    internal void CountShadowCheck() => Interlocked.Increment(ref _shadowChecks);

    internal void CountShadowSkipped() => Interlocked.Increment(ref _shadowSkipped);

    internal void CountDropped() => Interlocked.Increment(ref _dropped);
}
