using System.Threading.Tasks;
using Microsoft.Extensions.Caching.Hybrid;

namespace LlmLint.Stores;

/// <summary>
/// The exact cache's store on <see cref="HybridCache"/>: answers are kept in process memory (L1) and in the app's
/// <c>IDistributedCache</c> (L2: Redis, SQL Server, or LlmLint's SQLite and PostgreSQL stores through
/// <see cref="LlmCacheStoreExtensions.AsDistributedCache"/>), so a repeated question is answered from memory and a new
/// instance of the app still finds what another one stored.
/// </summary>
/// <remarks>
/// Thread-safe. Register HybridCache as usual (<c>services.AddHybridCache()</c>, package Microsoft.Extensions.Caching.Hybrid)
/// and use <see cref="DependencyInjection.LlmLintBuilder.UseHybridCache"/>. A lookup never creates an entry
/// (<see cref="HybridCacheEntryFlags.DisableUnderlyingData"/>): the caching client decides what is stored, after its policy
/// checks, and keeps its own single-flight. Keys are prefixed with <see cref="KeyPrefix"/>; entries live in memory for at
/// most <see cref="LocalExpiration"/> and in L2 for their time to live.
/// </remarks>
public sealed class HybridLlmCacheStore : ILlmCacheStore
{
    private static readonly HybridCacheEntryOptions LookupOnly = new() { Flags = HybridCacheEntryFlags.DisableUnderlyingData };
    private readonly HybridCache _cache;

    /// <summary>Initializes a new instance of the <see cref="HybridLlmCacheStore"/> class.</summary>
    /// <param name="cache">The hybrid cache.</param>
    /// <param name="keyPrefix">The prefix of every key.</param>
    /// <param name="localExpiration">How long an entry stays in process memory at most; 5 minutes when <see langword="null"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="localExpiration"/> is not positive.</exception>
    public HybridLlmCacheStore(HybridCache cache, string keyPrefix = "llmlint:", TimeSpan? localExpiration = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        if (localExpiration is { } local && local <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(localExpiration), local, "The local expiration must be positive.");
        }

        _cache = cache;
        KeyPrefix = keyPrefix;
        LocalExpiration = localExpiration ?? TimeSpan.FromMinutes(5);
    }

    /// <summary>Gets the prefix of every key.</summary>
    public string KeyPrefix { get; }

    /// <summary>Gets how long an entry stays in process memory at most.</summary>
    public TimeSpan LocalExpiration { get; }

    /// <inheritdoc />
    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return await _cache.GetOrCreateAsync<byte[]?>(KeyPrefix + key, static _ => ValueTask.FromResult<byte[]?>(null), LookupOnly, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        LlmCacheStoreArguments.Check(key, ttl);
        var options = new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl < LocalExpiration ? ttl : LocalExpiration };
        await _cache.SetAsync(KeyPrefix + key, value.ToArray(), options, cancellationToken: cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await _cache.RemoveAsync(KeyPrefix + key, cancellationToken);
    }
}
