namespace LlmLint.Stores;

/// <summary>
/// The argument checks every <see cref="ILlmCacheStore"/> makes, for implementations outside this assembly (the SQLite and
/// PostgreSQL packages, your own store) so that every store rejects the same input with the same error.
/// </summary>
public static class LlmCacheStoreArguments
{
    /// <summary>Checks the arguments of <see cref="ILlmCacheStore.SetAsync"/>.</summary>
    /// <param name="key">The key; not null or empty.</param>
    /// <param name="ttl">The time to live; positive.</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is zero or negative.</exception>
    public static void Check(string key, TimeSpan ttl)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive.");
        }
    }
}
