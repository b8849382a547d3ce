using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Distributed;

namespace LlmLint.Stores;

/// <summary>An <see cref="ILlmCacheStore"/> served as an <see cref="IDistributedCache"/> (<see cref="LlmCacheStoreExtensions.AsDistributedCache"/>).</summary>
internal sealed class LlmCacheStoreDistributedCache : IDistributedCache
{
    private readonly ILlmCacheStore _store;
    private readonly TimeSpan _defaultTtl;
    private readonly TimeProvider _time;

    public LlmCacheStoreDistributedCache(ILlmCacheStore store, TimeSpan defaultTtl, TimeProvider time)
    {
        _store = store;
        _defaultTtl = defaultTtl;
        _time = time;
    }

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => _store.GetAsync(key, token).AsTask();

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        TimeSpan ttl = TimeToLive(options);
        return ttl <= TimeSpan.Zero ? Task.CompletedTask : _store.SetAsync(key, value, ttl, token).AsTask();
    }

    public void Refresh(string key) => ArgumentException.ThrowIfNullOrEmpty(key);

    public Task RefreshAsync(string key, CancellationToken token = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return Task.CompletedTask;
    }

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) => _store.RemoveAsync(key, token).AsTask();

    /// <summary>The earliest of the entry's expirations as a time to live; the default when it has none.</summary>
    private TimeSpan TimeToLive(DistributedCacheEntryOptions options)
    {
        TimeSpan ttl = TimeSpan.MaxValue;
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            ttl = relative;
        }

        if (options.AbsoluteExpiration is { } absolute)
        {
            TimeSpan left = absolute - _time.GetUtcNow();
            ttl = left < ttl ? left : ttl;
        }

        if (options.SlidingExpiration is { } sliding && sliding < ttl)
        {
            ttl = sliding;
        }

        return ttl == TimeSpan.MaxValue ? _defaultTtl : ttl;
    }
}
