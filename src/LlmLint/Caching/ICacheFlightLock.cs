using System.Threading.Tasks;

namespace LlmLint.Caching;

/// <summary>
/// A lock shared by every process that uses the same cache, so that concurrent identical misses across processes make
/// one upstream call (cross-process single-flight). A lock always expires: a leader that crashes blocks no one for longer
/// than the expiry. <c>LlmLint.Redis</c> provides one on Redis (<c>SET NX PX</c> with an owner token).
/// </summary>
/// <remarks>Implementations are thread-safe and may throw: the caching client then bypasses the lock for that call and counts it.</remarks>
public interface ICacheFlightLock
{
    /// <summary>Tries to take the lock of <paramref name="key"/> for at most <paramref name="expiry"/>.</summary>
    /// <param name="key">The cache key.</param>
    /// <param name="expiry">How long the lock holds when it is not released; positive.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A lease that releases the lock when disposed (only while this caller still owns it), or <see langword="null"/> when another caller holds it.</returns>
    ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default);
}
