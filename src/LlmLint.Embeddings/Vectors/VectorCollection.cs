namespace LlmLint.Vectors;

/// <summary>Options of a <see cref="VectorCollection"/>.</summary>
public sealed class VectorCollectionOptions
{
    /// <summary>Gets or sets the live-entry count above which the collection moves from exact flat search to HNSW. Default 20,000.</summary>
    public int HnswThreshold { get; set; } = 20_000;

    /// <summary>Gets or sets the HNSW parameters used above <see cref="HnswThreshold"/>.</summary>
    public HnswOptions Hnsw { get; set; } = new();

    /// <summary>Gets or sets the fraction of tombstones in the HNSW graph that triggers a compaction during a sweep. Default 0.25.</summary>
    public double CompactionRatio { get; set; } = 0.25;

    /// <summary>Gets or sets the clock that decides expiry.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

/// <summary>
/// One partition's vectors with their lifetimes and tags: exact flat search while small, HNSW once it grows;
/// expired entries are never returned and are removed by <see cref="SweepExpired"/>; entries can be removed by id or tag.
/// </summary>
/// <remarks>Thread-safe: concurrent searches with one writer at a time.</remarks>
public sealed class VectorCollection : IDisposable
{
    [ThreadStatic]
    private static long t_nowTicks;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, Entry> _entries = new();
    private readonly Dictionary<string, HashSet<long>> _byTag = new(StringComparer.Ordinal);
    private readonly VectorCollectionOptions _options;
    private readonly VectorFilter _isLive;
    private IVectorIndex _index;

    /// <summary>Initializes a new instance of the <see cref="VectorCollection"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public VectorCollection(int dimensions, VectorCollectionOptions? options = null)
    {
        VectorValidation.CheckDimensions(dimensions);
        _options = options ?? new VectorCollectionOptions();
        if (_options.HnswThreshold < 1)
        {
            throw new ArgumentException($"VectorCollectionOptions.HnswThreshold must be positive (was {_options.HnswThreshold}).", nameof(options));
        }

        _options.Hnsw.Validate(nameof(options));
        HnswOptions.ValidateWalk(_options.Hnsw.WalkDimensions, _options.Hnsw.WalkTrainingSize, dimensions, nameof(options));
        Dimensions = dimensions;
        _index = new FlatVectorIndex(dimensions);
        _isLive = IsLive;
    }

    /// <summary>Gets the vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets a value indicating whether the collection searches with HNSW (true) or exactly (false).</summary>
    public bool IsApproximate => _index is HnswVectorIndex;

    /// <summary>Gets the number of stored entries, including expired ones not yet swept.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _entries.Count;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Adds (or replaces) an entry.</summary>
    /// <param name="id">The entry id.</param>
    /// <param name="vector">The vector (validated, normalised).</param>
    /// <param name="expiresAt">When the entry stops being returned, or <see langword="null"/> for never.</param>
    /// <param name="tags">Tags for invalidation (for example the hash of a source document).</param>
    public void Add(long id, ReadOnlySpan<float> vector, DateTimeOffset? expiresAt = null, IReadOnlyCollection<string>? tags = null)
    {
        VectorValidation.Validate(vector, Dimensions, nameof(vector));
        string[] tagArray = CopyTags(tags);
        _lock.EnterWriteLock();
        try
        {
            RemoveCore(id);
            _index.Add(id, vector);
            _entries[id] = new Entry(expiresAt?.UtcTicks ?? long.MaxValue, tagArray);
            foreach (string tag in tagArray)
            {
                if (!_byTag.TryGetValue(tag, out HashSet<long>? ids))
                {
                    _byTag[tag] = ids = new HashSet<long>();
                }

                ids.Add(id);
            }

            if (_index is FlatVectorIndex flat && _entries.Count > _options.HnswThreshold)
            {
                // Copy the live rows out and link them into the graph on all cores.
                int dims = Dimensions;
                var ids = new long[flat.Count];
                var vectors = new float[checked(ids.Length * dims)];
                int next = 0;
                flat.ForEach((entryId, v) =>
                {
                    ids[next] = entryId;
                    v.Span.CopyTo(vectors.AsSpan(next * dims, dims));
                    next++;
                });
                var hnsw = new HnswVectorIndex(dims, _options.Hnsw, _entries.Count * 2);
                hnsw.AddRange(ids, vectors);
                _index = hnsw;
                flat.Dispose();
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes an entry.</summary>
    /// <param name="id">The entry id.</param>
    /// <returns><see langword="true"/> when it was stored.</returns>
    public bool Remove(long id)
    {
        _lock.EnterWriteLock();
        try
        {
            return RemoveCore(id);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes every entry carrying <paramref name="tag"/>.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>The ids removed.</returns>
    public IReadOnlyList<long> RemoveByTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        _lock.EnterWriteLock();
        try
        {
            if (!_byTag.TryGetValue(tag, out HashSet<long>? ids))
            {
                return Array.Empty<long>();
            }

            var removed = new List<long>(ids);
            foreach (long id in removed)
            {
                RemoveCore(id);
            }

            MaybeCompact();
            return removed;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes every expired entry and compacts the graph when tombstones pile up.</summary>
    /// <returns>The ids removed.</returns>
    public IReadOnlyList<long> SweepExpired()
    {
        long now = _options.TimeProvider.GetUtcNow().UtcTicks;
        _lock.EnterWriteLock();
        try
        {
            var expired = new List<long>();
            foreach (KeyValuePair<long, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresTicks <= now)
                {
                    expired.Add(pair.Key);
                }
            }

            foreach (long id in expired)
            {
                RemoveCore(id);
            }

            MaybeCompact();
            return expired;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Finds the most similar live, unexpired entries.</summary>
    /// <param name="query">The query vector.</param>
    /// <param name="results">Receives up to <c>results.Length</c> hits, most similar first.</param>
    /// <returns>The number of hits.</returns>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> results)
    {
        long now = _options.TimeProvider.GetUtcNow().UtcTicks;
        _lock.EnterReadLock();
        try
        {
            t_nowTicks = now;
            return _index.Search(query, results, _isLive);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _index.Dispose();
        _lock.Dispose();
    }

    private static string[] CopyTags(IReadOnlyCollection<string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return Array.Empty<string>();
        }

        var copy = new string[tags.Count];
        int i = 0;
        foreach (string tag in tags)
        {
            copy[i++] = tag ?? throw new ArgumentException("A tag is null.", nameof(tags));
        }

        return copy;
    }

    private bool IsLive(long id) => _entries.TryGetValue(id, out Entry entry) && entry.ExpiresTicks > t_nowTicks;

    private bool RemoveCore(long id)
    {
        if (!_entries.Remove(id, out Entry entry))
        {
            return false;
        }

        foreach (string tag in entry.Tags)
        {
            if (_byTag.TryGetValue(tag, out HashSet<long>? ids) && ids.Remove(id) && ids.Count == 0)
            {
                _byTag.Remove(tag);
            }
        }

        _index.Remove(id);
        return true;
    }

    private void MaybeCompact()
    {
        if (_index is HnswVectorIndex hnsw && hnsw.DeletedCount > _options.CompactionRatio * Math.Max(1, _entries.Count))
        {
            hnsw.Compact();
        }
    }

    private readonly record struct Entry(long ExpiresTicks, string[] Tags);
}
