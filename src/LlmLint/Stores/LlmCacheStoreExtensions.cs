using Microsoft.Extensions.Caching.Distributed;

namespace LlmLint.Stores;

/// <summary>Extensions of <see cref="ILlmCacheStore"/>.</summary>
public static class LlmCacheStoreExtensions
{
    /// <summary>
    /// Serves a store as an <see cref="IDistributedCache"/>, e.g. LlmLint's SQLite or PostgreSQL store as HybridCache's L2:
    /// <c>services.AddSingleton&lt;IDistributedCache&gt;(new SqliteLlmCacheStore("cache.db").AsDistributedCache())</c>.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="defaultTtl">The time to live of an entry set without an expiration; 20 minutes when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock that turns an absolute expiration into a time to live.</param>
    /// <returns>The distributed cache.</returns>
    /// <remarks>
    /// A sliding expiration is kept as a fixed time to live from the last write: the stores do not track reads, and
    /// <see cref="IDistributedCache.Refresh"/> does nothing. An absolute expiration in the past is not stored.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="defaultTtl"/> is not positive.</exception>
    public static IDistributedCache AsDistributedCache(this ILlmCacheStore store, TimeSpan? defaultTtl = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (defaultTtl is { } ttl && ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(defaultTtl), ttl, "The default time to live must be positive.");
        }

        return new LlmCacheStoreDistributedCache(store, defaultTtl ?? TimeSpan.FromMinutes(20), timeProvider ?? TimeProvider.System);
    }
}
