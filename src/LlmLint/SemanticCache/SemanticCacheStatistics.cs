using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>Counters of a <see cref="SemanticCachingChatClient"/>.</summary>
public sealed class SemanticCacheStatistics
{
    private long _hits;
    private long _misses;
    private long _bypasses;
    private long _guardRejections;
    private long _skipped;
    private long _stored;
    private long _notStored;
    private long _unreadable;

    /// <summary>Gets the number of calls answered from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of lookups that found no acceptable entry.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Gets the number of failed or timed-out embedder and store calls that were bypassed.</summary>
    public long Bypasses => Interlocked.Read(ref _bypasses);

    /// <summary>Gets the number of candidates above the threshold that the verifier rejected.</summary>
    public long GuardRejections => Interlocked.Read(ref _guardRejections);

    /// <summary>Gets the number of calls without key text or tenant, which skip the cache.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Gets the number of answers stored.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Gets the number of answers not stored (truncated, tool calls, refusals, errors).</summary>
    public long NotStored => Interlocked.Read(ref _notStored);

    /// <summary>Gets the number of stored entries that could not be read (bad payload, role or finish reason, wrong key) and were skipped and evicted.</summary>
    public long UnreadableEntries => Interlocked.Read(ref _unreadable);

    internal void CountUnreadable() => Interlocked.Increment(ref _unreadable);

    internal void CountHit() => Interlocked.Increment(ref _hits);

    internal void CountMiss() => Interlocked.Increment(ref _misses);

    internal void CountBypass() => Interlocked.Increment(ref _bypasses);

    internal void CountGuardRejection() => Interlocked.Increment(ref _guardRejections);

    internal void CountSkipped() => Interlocked.Increment(ref _skipped);

    internal void CountStored() => Interlocked.Increment(ref _stored);

    internal void CountNotStored() => Interlocked.Increment(ref _notStored);
}
