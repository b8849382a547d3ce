namespace LlmLint.Batching;

/// <summary>Counters of a <see cref="BatchExecutor"/>.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class BatchExecutorStatistics
{
    private long _accepted;
    private long _batches;
    private long _submitted;
    private long _answered;
    private long _failed;
    private long _callbacks;
    private long _statusChecks;
    private long _errors;

    /// <summary>Gets the requests accepted into the queue by this executor.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Gets the provider batches submitted.</summary>
    public long BatchesSubmitted => Interlocked.Read(ref _batches);

    /// <summary>Gets the requests submitted in those batches.</summary>
    public long RequestsSubmitted => Interlocked.Read(ref _submitted);

    /// <summary>Gets the requests handed over with an answer.</summary>
    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Gets the requests handed over with an error (per-request errors, expired or failed batches).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Gets the finished requests handed to <see cref="BatchingOptions.OnCompleted"/> rather than a waiting caller.</summary>
    public long CompletedThroughCallback => Interlocked.Read(ref _callbacks);

    /// <summary>Gets the status checks of running batches.</summary>
    public long StatusChecks => Interlocked.Read(ref _statusChecks);

    /// <summary>Gets the provider or queue calls that failed and were tried again later.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    internal void CountAccepted() => Interlocked.Increment(ref _accepted);

    internal void CountBatch(int requests)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _submitted, requests);
    }

    internal void CountHandedOver(bool answered, bool throughCallback)
    {
        Interlocked.Increment(ref answered ? ref _answered : ref _failed);
        if (throughCallback)
        {
            Interlocked.Increment(ref _callbacks);
        }
    }

    internal void CountStatusCheck() => Interlocked.Increment(ref _statusChecks);

    internal void CountError() => Interlocked.Increment(ref _errors);
}
