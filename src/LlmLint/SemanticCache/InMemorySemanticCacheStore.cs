using System.Collections.Concurrent;
using System.Threading.Tasks;
using LlmLint.Vectors;

namespace LlmLint.SemanticCache;

/// <summary>
/// The default <see cref="ISemanticCacheStore"/>: one <see cref="VectorCollection"/> per partition (exact flat search
/// below <see cref="VectorCollectionOptions.HnswThreshold"/> entries, HNSW above), payloads kept in memory.
/// </summary>
/// <remarks>
/// Thread-safe. Contents are lost when the process exits. A partition keeps one entry per key text: adding a key text that
/// is already stored replaces the older entry (the newest answer wins).
/// </remarks>
public sealed class InMemorySemanticCacheStore : ISemanticCacheStore, IDisposable
{
    private readonly ConcurrentDictionary<SemanticPartition, Partition> _partitions = new();
    private readonly VectorCollectionOptions _options;
    private long _nextId;

    /// <summary>Initializes a new instance of the <see cref="InMemorySemanticCacheStore"/> class.</summary>
    /// <param name="dimensions">The embedding dimensionality (512 for the local embedding model).</param>
    /// <param name="options">The index options, or <see langword="null"/> for the defaults.</param>
    public InMemorySemanticCacheStore(int dimensions = 512, VectorCollectionOptions? options = null)
    {
        if (dimensions <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The number of dimensions must be positive.");
        }

        Dimensions = dimensions;
        _options = options ?? new VectorCollectionOptions();
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets the number of entries across all partitions (including expired entries not yet swept).</summary>
    public int Count
    {
        get
        {
            int total = 0;
            foreach (KeyValuePair<SemanticPartition, Partition> pair in _partitions)
            {
                total += pair.Value.Entries.Count;
            }

            return total;
        }
    }

    /// <inheritdoc/>
    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.Check(partition, keyText, vector.Span, Dimensions, tags);
        cancellationToken.ThrowIfCancellationRequested();
        long id = Interlocked.Increment(ref _nextId);
        AddCore(partition, id, keyText, vector.Span, payload.ToArray(), tags, expiresAt);
        return new ValueTask<long>(id);
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
    {
        SemanticCacheStoreArguments.CheckSearch(partition, vector.Span, threshold, k, Dimensions);
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<IReadOnlyList<SemanticSearchResult>>(SearchCore(partition, vector.Span, threshold, k));
    }

    /// <inheritdoc/>
    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default)
        => new(Delete(partition, id));

    /// <inheritdoc/>
    public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tag);
        int removed = 0;
        foreach (KeyValuePair<SemanticPartition, Partition> pair in _partitions)
        {
            foreach (long id in pair.Value.Vectors.RemoveByTag(tag))
            {
                removed += pair.Value.Forget(id) ? 1 : 0;
            }
        }

        return new ValueTask<int>(removed);
    }

    /// <inheritdoc/>
    public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default)
    {
        SemanticPartition.Validate(partition, nameof(partition));
        if (_partitions.TryRemove(partition, out Partition? removed))
        {
            int count = removed.Entries.Count;
            removed.Vectors.Dispose();
            return new ValueTask<int>(count);
        }

        return new ValueTask<int>(0);
    }

    /// <inheritdoc/>
    public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        int removed = 0;
        foreach (KeyValuePair<SemanticPartition, Partition> pair in _partitions)
        {
            foreach (long id in pair.Value.Vectors.SweepExpired())
            {
                removed += pair.Value.Forget(id) ? 1 : 0;
            }
        }

        return new ValueTask<int>(removed);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (KeyValuePair<SemanticPartition, Partition> pair in _partitions)
        {
            pair.Value.Vectors.Dispose();
        }

        _partitions.Clear();
    }

    internal bool HasPartition(SemanticPartition partition) => _partitions.ContainsKey(partition);

    /// <summary>
    /// Drops every partition. A persistent store that keeps this store as its search index calls it when its database was
    /// lost (deleted, replaced), before it reloads.
    /// </summary>
    public void Clear()
    {
        foreach (SemanticPartition partition in _partitions.Keys)
        {
            if (_partitions.TryRemove(partition, out Partition? removed))
            {
                removed.Vectors.Dispose();
            }
        }
    }

    /// <summary>
    /// Adds an entry under an id the caller assigned: a persistent store that keeps this store as its search index adds each
    /// row under the row's id. A partition keeps one entry per key text, the one with the larger id.
    /// </summary>
    /// <param name="partition">The partition.</param>
    /// <param name="id">The entry's id (the row id of the persistent store).</param>
    /// <param name="keyText">The key text.</param>
    /// <param name="vector">The embedding.</param>
    /// <param name="payload">The payload; kept as given, not copied.</param>
    /// <param name="tags">The tags, or <see langword="null"/>.</param>
    /// <param name="expiresAt">The expiry, or <see langword="null"/> for none.</param>
    /// <returns>The id of the entry the partition no longer keeps because another one with the same key text is newer (the older one, which may be <paramref name="id"/> itself), or -1.</returns>
    /// <exception cref="ArgumentException">An argument is invalid (see <see cref="SemanticCacheStoreArguments.Check"/>).</exception>
    public long AddWithId(SemanticPartition partition, long id, string keyText, ReadOnlySpan<float> vector, byte[] payload, IReadOnlyCollection<string>? tags, DateTimeOffset? expiresAt)
    {
        ArgumentNullException.ThrowIfNull(payload);
        SemanticCacheStoreArguments.Check(partition, keyText, vector, Dimensions, tags);
        return AddCore(partition, id, keyText, vector, payload, tags, expiresAt);
    }

    private long AddCore(SemanticPartition partition, long id, string keyText, ReadOnlySpan<float> vector, byte[] payload, IReadOnlyCollection<string>? tags, DateTimeOffset? expiresAt)
    {
        Partition p = _partitions.GetOrAdd(partition, _ => new Partition(new VectorCollection(Dimensions, _options)));
        string[] tagArray = tags is null || tags.Count == 0 ? Array.Empty<string>() : new List<string>(tags).ToArray();
        long replaced = -1;
        lock (p)
        {
            if (p.ByKeyText.TryGetValue(keyText, out long older) && older != id)
            {
                if (older > id)
                {
                    return id; // an older row loaded after a newer one: the newer answer stays
                }

                p.Vectors.Remove(older);
                p.Forget(older);
                replaced = older;
            }

            p.Entries[id] = new Stored(keyText, payload, tagArray, expiresAt);
            p.ByKeyText[keyText] = id;
            p.Vectors.Add(id, vector, expiresAt, tagArray);
        }

        InterlockedMax(ref _nextId, id);
        return replaced;
    }

    /// <summary>Deletes an entry by id, as <see cref="DeleteAsync"/> does, synchronously.</summary>
    /// <param name="partition">The partition that holds it.</param>
    /// <param name="id">The id.</param>
    /// <returns>Whether an entry was deleted.</returns>
    public bool Delete(SemanticPartition partition, long id)
    {
        SemanticCacheStoreArguments.CheckPartition(partition);
        if (_partitions.TryGetValue(partition, out Partition? p) && p.Vectors.Remove(id))
        {
            p.Forget(id);
            return true;
        }

        return false;
    }

    /// <summary>Searches a partition, as <see cref="SearchAsync"/> does, synchronously.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="vector">The query embedding.</param>
    /// <param name="threshold">The minimum similarity.</param>
    /// <param name="k">The maximum number of results.</param>
    /// <returns>The entries at or above <paramref name="threshold"/>, most similar first.</returns>
    /// <exception cref="ArgumentException">An argument is invalid (see <see cref="SemanticCacheStoreArguments.CheckSearch"/>).</exception>
    public IReadOnlyList<SemanticSearchResult> Search(SemanticPartition partition, ReadOnlySpan<float> vector, float threshold, int k)
    {
        SemanticCacheStoreArguments.CheckSearch(partition, vector, threshold, k, Dimensions);
        return SearchCore(partition, vector, threshold, k);
    }

    private IReadOnlyList<SemanticSearchResult> SearchCore(SemanticPartition partition, ReadOnlySpan<float> vector, float threshold, int k)
    {
        if (!_partitions.TryGetValue(partition, out Partition? p))
        {
            return Array.Empty<SemanticSearchResult>();
        }

        Span<VectorHit> hits = k <= 64 ? stackalloc VectorHit[k] : new VectorHit[k];
        int found = p.Vectors.Search(vector, hits);
        List<SemanticSearchResult>? results = null;
        for (int i = 0; i < found; i++)
        {
            if (hits[i].Similarity < threshold || !p.Entries.TryGetValue(hits[i].Id, out Stored? stored))
            {
                continue;
            }

            (results ??= new List<SemanticSearchResult>(found)).Add(new SemanticSearchResult(hits[i].Id, partition, stored.KeyText, stored.Payload, stored.Tags, stored.ExpiresAt, hits[i].Similarity));
        }

        return results is null ? Array.Empty<SemanticSearchResult>() : results;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current = Volatile.Read(ref target);
        while (value > current)
        {
            long seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private sealed record Stored(string KeyText, byte[] Payload, string[] Tags, DateTimeOffset? ExpiresAt);

    private sealed class Partition
    {
        public Partition(VectorCollection vectors) => Vectors = vectors;

        public VectorCollection Vectors { get; }

        public ConcurrentDictionary<long, Stored> Entries { get; } = new();

        public ConcurrentDictionary<string, long> ByKeyText { get; } = new(StringComparer.Ordinal);

        /// <summary>Removes an entry's payload and key-text mapping (its vector is removed by the caller).</summary>
        public bool Forget(long id)
        {
            if (!Entries.TryRemove(id, out Stored? stored))
            {
                return false;
            }

            ByKeyText.TryRemove(new KeyValuePair<string, long>(stored.KeyText, id));
            return true;
        }
    }
}
