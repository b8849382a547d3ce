using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmLint.Stores;

/// <summary>Adapts any <see cref="IDistributedCache"/> (Redis, SQL Server, NCache, …) to <see cref="ILlmCacheStore"/>.</summary>
/// <remarks>Thread-safe when the distributed cache is. Keys are prefixed with <see cref="KeyPrefix"/>.</remarks>
public sealed class DistributedLlmCacheStore : ILlmCacheStore
{
    private readonly IDistributedCache _cache;

    /// <summary>Initializes a new instance of the <see cref="DistributedLlmCacheStore"/> class.</summary>
    /// <param name="cache">The distributed cache.</param>
    /// <param name="keyPrefix">The prefix of every key.</param>
    public DistributedLlmCacheStore(IDistributedCache cache, string keyPrefix = "llmlint:")
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _cache = cache;
        KeyPrefix = keyPrefix;
    }

    /// <summary>Gets the prefix of every key.</summary>
    public string KeyPrefix { get; }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await _cache.GetAsync(KeyPrefix + key, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        LlmCacheStoreArguments.Check(key, ttl);
        await _cache.SetAsync(KeyPrefix + key, value.ToArray(), new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _cache.RemoveAsync(KeyPrefix + key, cancellationToken);
    }
}
