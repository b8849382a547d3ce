using System.Collections.Concurrent;
using System.Threading.Tasks;

namespace LlmLint.Stores;

/// <summary>
/// A bounded in-process store: at most <see cref="MaxEntries"/> entries and <see cref="MaxBytes"/> bytes; when full, expired
/// entries go first, then the entries closest to expiry.
/// </summary>
/// <remarks>Thread-safe. Completes synchronously, so a cache hit costs no task allocation.</remarks>
public sealed class InMemoryLlmCacheStore : ILlmCacheStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly object _evictionLock = new();
    private long _bytes;

    /// <summary>Initializes a new instance of the <see cref="InMemoryLlmCacheStore"/> class.</summary>
    /// <param name="maxEntries">The entry bound; positive.</param>
    /// <param name="maxBytes">The byte bound; positive.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    public InMemoryLlmCacheStore(int maxEntries = 10_000, long maxBytes = 256L * 1024 * 1024, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        MaxEntries = maxEntries;
        MaxBytes = maxBytes;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the entry bound.</summary>
    public int MaxEntries { get; }

    /// <summary>Gets the byte bound.</summary>
    public long MaxBytes { get; }

    /// <summary>Gets the number of entries, expired ones included until evicted.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        if (_entries.TryGetValue(key, out Entry? entry))
        {
            if (entry.ExpiresAt > _time.GetUtcNow().UtcTicks)
            {
                return new ValueTask<byte[]?>(entry.Value);
            }

            // Remove only this expired entry, not one stored concurrently under the same key.
            if (_entries.TryRemove(new KeyValuePair<string, Entry>(key, entry)))
            {
                Interlocked.Add(ref _bytes, -entry.Value.Length);
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        LlmCacheStoreArguments.Check(key, ttl);
        cancellationToken.ThrowIfCancellationRequested();
        var entry = new Entry(value.ToArray(), _time.GetUtcNow().UtcTicks + ttl.Ticks);
        while (true)
        {
            if (_entries.TryGetValue(key, out Entry? old))
            {
                if (_entries.TryUpdate(key, entry, old))
                {
                    Interlocked.Add(ref _bytes, entry.Value.Length - old.Value.Length);
                    break;
                }
            }
            else if (_entries.TryAdd(key, entry))
            {
                Interlocked.Add(ref _bytes, entry.Value.Length);
                break;
            }
        }

        if (_entries.Count > MaxEntries || Interlocked.Read(ref _bytes) > MaxBytes)
        {
            Evict();
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Remove(key);
        return default;
    }

    private void Remove(string key)
    {
        if (_entries.TryRemove(key, out Entry? old))
        {
            Interlocked.Add(ref _bytes, -old.Value.Length);
        }
    }

    private void Evict()
    {
        lock (_evictionLock)
        {
            long now = _time.GetUtcNow().UtcTicks;
            var live = new List<KeyValuePair<string, Entry>>(_entries.Count);
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    Remove(pair.Key);
                }
                else
                {
                    live.Add(pair);
                }
            }

            // Evict down to 90% of the bounds so eviction is not paid on every insert.
            int targetCount = MaxEntries - Math.Max(1, MaxEntries / 10);
            long targetBytes = MaxBytes - (MaxBytes / 10);
            if (live.Count <= MaxEntries && Interlocked.Read(ref _bytes) <= MaxBytes)
            {
                return;
            }

            live.Sort(static (a, b) => a.Value.ExpiresAt.CompareTo(b.Value.ExpiresAt));
            int count = live.Count;
            for (int i = 0; i < live.Count && (count > targetCount || Interlocked.Read(ref _bytes) > targetBytes); i++)
            {
                Remove(live[i].Key);
                count--;
            }
        }
    }

    /// <summary>An entry; compared by reference so concurrent replacements are detected.</summary>
    private sealed class Entry(byte[] value, long expiresAt)
    {
        public byte[] Value { get; } = value;

        public long ExpiresAt { get; } = expiresAt;
    }
}
