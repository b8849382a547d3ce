namespace LlmLint.Caching;

/// <summary>Options of <see cref="LlmLintCachingChatClient"/>.</summary>
public sealed class LlmLintCacheOptions
{
    private TimeSpan _defaultTtl = TimeSpan.FromHours(1);
    private TimeSpan _storeTimeout = TimeSpan.FromMilliseconds(500);
    private TimeSpan _flightLockExpiry = TimeSpan.FromSeconds(60);
    private TimeSpan _flightWait = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the time to live of an answer when the request sets none (<see cref="LlmLintPropertyKeys.CacheTtl"/>).</summary>
    public TimeSpan DefaultTtl
    {
        get => _defaultTtl;
        set => _defaultTtl = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The time to live must be positive.");
    }

    /// <summary>Gets or sets how long a store operation may take before the store is bypassed for that call.</summary>
    public TimeSpan StoreTimeout
    {
        get => _storeTimeout;
        set => _storeTimeout = value > TimeSpan.Zero || value == System.Threading.Timeout.InfiniteTimeSpan
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The store timeout must be positive or infinite.");
    }

    /// <summary>Gets or sets the tenant provider; <see langword="null"/> puts every call without a per-request tenant in the shared partition.</summary>
    public ILlmTenantProvider? TenantProvider { get; set; }

    /// <summary>Gets or sets a value indicating whether streamed answers are cached (once complete) and replayed.</summary>
    public bool CacheStreaming { get; set; } = true;

    /// <summary>Gets or sets an extra predicate an answer must pass to be cached, on top of the built-in rules.</summary>
    public Func<ChatResponse, bool>? ShouldCache { get; set; }

    /// <summary>Gets or sets the model id keyed when a request names none; the inner client's <see cref="ChatClientMetadata.DefaultModelId"/> when <see langword="null"/>.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets a partition name mixed into every key (for example an application name).</summary>
    public string? Partition { get; set; }

    /// <summary>
    /// Gets or sets the protector that encrypts stored answers at rest (<see cref="DataProtectionCacheProtector"/> for ASP.NET
    /// Core Data Protection), or <see langword="null"/> to store them as plain JSON. Keys are SHA-256 hashes either way.
    /// </summary>
    public ICacheProtector? Protector { get; set; }

    /// <summary>
    /// Gets or sets the lock that makes concurrent identical misses across processes one upstream call (for example
    /// <c>RedisCacheFlightLock</c>), or <see langword="null"/> for single-flight within this process only.
    /// </summary>
    public ICacheFlightLock? FlightLock { get; set; }

    /// <summary>Gets or sets how long a cross-process leader holds its lock when it neither stores nor releases (it crashed); longer than an upstream call.</summary>
    public TimeSpan FlightLockExpiry
    {
        get => _flightLockExpiry;
        set => _flightLockExpiry = value > TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The flight lock expiry must be positive.");
    }

    /// <summary>Gets or sets how long a follower of another process's leader waits for its answer before calling upstream itself.</summary>
    public TimeSpan FlightWait
    {
        get => _flightWait;
        set => _flightWait = value >= TimeSpan.Zero ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The flight wait must not be negative.");
    }
}
