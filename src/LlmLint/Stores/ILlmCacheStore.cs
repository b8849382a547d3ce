using System.Threading.Tasks;

namespace LlmLint.Stores;

/// <summary>
/// Stores cached answers as opaque bytes under string keys, with a time to live. Implementations are thread-safe.
/// A store may throw: the caching client bypasses a failing or slow store and never fails the user's call.
/// </summary>
public interface ILlmCacheStore
{
    /// <summary>Gets the value stored under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The value, or <see langword="null"/> when absent or expired.</returns>
    ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="value"/> under <paramref name="key"/> for <paramref name="ttl"/>.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <param name="ttl">The time to live; positive.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the value is stored.</returns>
    ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Removes the value stored under <paramref name="key"/>, if any.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the value is removed.</returns>
    ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default);
}
