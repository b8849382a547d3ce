using System;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using StackExchange.Redis;

namespace LlmLint.Redis;

/// <summary>
/// Cross-process single-flight on Redis: <c>SET key token NX PX expiry</c> takes the lock, and a script deletes it only
/// while it still holds this caller's token, so a leader whose lock expired never releases another leader's lock.
/// </summary>
/// <remarks>Thread-safe. Redis errors propagate; the caching client bypasses the lock for that call and counts it.</remarks>
public sealed class RedisCacheFlightLock : ICacheFlightLock
{
    private const string ReleaseScript = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
    private readonly IConnectionMultiplexer _redis;

    /// <summary>Initializes a new instance of the <see cref="RedisCacheFlightLock"/> class.</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">The prefix of every lock key.</param>
    public RedisCacheFlightLock(IConnectionMultiplexer redis, string keyPrefix = "llmlint:lock:")
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        _redis = redis;
        KeyPrefix = keyPrefix;
    }

    /// <summary>Gets the prefix of every lock key.</summary>
    public string KeyPrefix { get; }

    /// <inheritdoc />
    public async ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (expiry <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiry), expiry, "The lock expiry must be positive.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        IDatabase db = _redis.GetDatabase();
        RedisKey lockKey = KeyPrefix + key;
        string token = Guid.NewGuid().ToString("N");
        bool taken = await db.StringSetAsync(lockKey, token, expiry, When.NotExists);
        return taken ? new Lease(db, lockKey, token) : null;
    }

    private sealed class Lease(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                await db.ScriptEvaluateAsync(ReleaseScript, [key], [token]);
            }
        }
    }
}
