using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;

namespace LlmLint.Vectors;

/// <summary>
/// Approximate nearest-neighbour search with a hierarchical navigable small-world graph (Malkov and Yashunin):
/// greedy descent through the sparse upper layers, then a beam search of width <c>efSearch</c> on layer 0.
/// Neighbours are chosen with the diversity heuristic; levels come from a seeded generator, so a given
/// sequence of inserts always builds the same graph. Removal leaves a tombstone that search walks through but
/// never returns; <see cref="Compact"/> rebuilds the graph from the live vectors.
/// </summary>
/// <remarks>Thread-safe: concurrent searches share a read lock; inserts, removals and compaction take the write lock.</remarks>
public sealed class HnswVectorIndex : IVectorIndex
{
    private const int MaxLevel = 16;

    [ThreadStatic]
    private static Scratch? t_scratch;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _nodeOf = new();
    private readonly int _m;
    private readonly int _m0;
    private readonly int _efConstruction;
    private readonly double _levelMultiplier;
    private readonly int _seed;
    private Random _random;
    private volatile int _efSearch;

    private float[] _vectors;
    private long[] _ids;
    private int[] _levels;
    private bool[] _deleted;
    private int[] _links0;          // per node: [count, n1 .. n(M0)]
    private int[]?[] _linksUpper;   // per node: for each level 1..L a block [count, n1 .. nM]
    private int _count;
    private int _live;
    private int _entry = -1;
    private int _topLevel = -1;

    /// <summary>Initializes a new instance of the <see cref="HnswVectorIndex"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="options">The graph parameters, or <see langword="null"/> for the defaults.</param>
    /// <param name="initialCapacity">Nodes to reserve.</param>
    public HnswVectorIndex(int dimensions, HnswOptions? options = null, int initialCapacity = 1024)
    {
        VectorValidation.CheckDimensions(dimensions);
        options ??= new HnswOptions();
        options.Validate(nameof(options));
        Dimensions = dimensions;
        _m = options.M;
        _m0 = 2 * options.M;
        _efConstruction = options.EfConstruction;
        _efSearch = options.EfSearch;
        _levelMultiplier = 1.0 / Math.Log(options.M);
        _seed = options.Seed;
        _random = new Random(_seed);
        initialCapacity = Math.Max(1, initialCapacity);
        _vectors = new float[checked(initialCapacity * dimensions)];
        _ids = new long[initialCapacity];
        _levels = new int[initialCapacity];
        _deleted = new bool[initialCapacity];
        _links0 = new int[checked(initialCapacity * (_m0 + 1))];
        _linksUpper = new int[]?[initialCapacity];
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets or sets the search beam width (raised to k when k is larger).</summary>
    public int EfSearch
    {
        get => _efSearch;
        set => _efSearch = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "EfSearch must be positive.");
    }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _live;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Gets the number of tombstones that <see cref="Compact"/> would reclaim.</summary>
    public int DeletedCount
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count - _live;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <inheritdoc/>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        VectorValidation.Validate(vector, Dimensions, nameof(vector));
        _lock.EnterWriteLock();
        try
        {
            if (_nodeOf.Remove(id, out int old))
            {
                _deleted[old] = true;
                _live--;
            }

            Insert(id, vector);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc/>
    public bool Remove(long id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_nodeOf.Remove(id, out int node))
            {
                return false;
            }

            _deleted[node] = true;
            _live--;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc/>
    public bool Contains(long id)
    {
        _lock.EnterReadLock();
        try
        {
            return _nodeOf.ContainsKey(id);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> results, VectorFilter? filter = null)
    {
        VectorValidation.CheckResults(results.Length, nameof(results));
        Scratch scratch = t_scratch ??= new Scratch();
        float[] q = scratch.QueryBuffer(Dimensions);
        VectorValidation.NormalizeInto(query, q.AsSpan(0, Dimensions), nameof(query));

        _lock.EnterReadLock();
        try
        {
            if (_entry < 0 || _live == 0)
            {
                return 0;
            }

            ReadOnlySpan<float> qs = q.AsSpan(0, Dimensions);
            int current = _entry;
            float currentSimilarity = Similarity(current, qs);
            for (int level = _topLevel; level > 0; level--)
            {
                current = Greedy(qs, current, ref currentSimilarity, level);
            }

            int ef = Math.Max(_efSearch, results.Length);
            SearchLayer(qs, current, currentSimilarity, ef, 0, scratch, filter, returnOnlyAccepted: true);

            var top = new TopK(results);
            List<(int Node, float Similarity)> found = scratch.Found;
            for (int i = 0; i < found.Count; i++)
            {
                top.Offer(_ids[found[i].Node], found[i].Similarity);
            }

            return top.SortDescending();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public void Compact()
    {
        _lock.EnterWriteLock();
        try
        {
            if (_live == _count)
            {
                return;
            }

            int dims = Dimensions;
            float[] vectors = _vectors;
            long[] ids = _ids;
            bool[] deleted = _deleted;
            int oldCount = _count;
            int capacity = Math.Max(16, _live);
            _vectors = new float[checked(capacity * dims)];
            _ids = new long[capacity];
            _levels = new int[capacity];
            _deleted = new bool[capacity];
            _links0 = new int[checked(capacity * (_m0 + 1))];
            _linksUpper = new int[]?[capacity];
            _nodeOf.Clear();
            _count = 0;
            _live = 0;
            _entry = -1;
            _topLevel = -1;
            _random = new Random(_seed);
            for (int node = 0; node < oldCount; node++)
            {
                if (!deleted[node])
                {
                    Insert(ids[node], vectors.AsSpan(node * dims, dims));
                }
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    private void Insert(long id, ReadOnlySpan<float> vector)
    {
        EnsureCapacity(_count + 1);
        int node = _count++;
        int dims = Dimensions;
        Span<float> unit = _vectors.AsSpan(node * dims, dims);
        VectorValidation.NormalizeInto(vector, unit, nameof(vector));
        int level = Math.Min(MaxLevel, (int)(-Math.Log(1.0 - _random.NextDouble()) * _levelMultiplier));
        _ids[node] = id;
        _levels[node] = level;
        _deleted[node] = false;
        _links0[node * (_m0 + 1)] = 0;
        _linksUpper[node] = level > 0 ? new int[level * (_m + 1)] : null;
        _nodeOf[id] = node;
        _live++;

        if (_entry < 0)
        {
            _entry = node;
            _topLevel = level;
            return;
        }

        Scratch scratch = t_scratch ??= new Scratch();
        ReadOnlySpan<float> q = unit;
        int current = _entry;
        float currentSimilarity = Similarity(current, q);
        for (int l = _topLevel; l > level; l--)
        {
            current = Greedy(q, current, ref currentSimilarity, l);
        }

        for (int l = Math.Min(level, _topLevel); l >= 0; l--)
        {
            SearchLayer(q, current, currentSimilarity, _efConstruction, l, scratch, filter: null, returnOnlyAccepted: false);
            List<(int Node, float Similarity)> found = scratch.Found;
            found.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
            current = found[0].Node;
            currentSimilarity = found[0].Similarity;

            List<int> selected = scratch.Selected;
            SelectNeighbours(found, _m, selected);
            Span<int> links = Links(node, l);
            links[0] = selected.Count;
            for (int i = 0; i < selected.Count; i++)
            {
                links[i + 1] = selected[i];
            }

            for (int i = 0; i < selected.Count; i++)
            {
                Connect(selected[i], node, l, scratch);
            }
        }

        if (level > _topLevel)
        {
            _topLevel = level;
            _entry = node;
        }
    }

    private void Connect(int from, int to, int level, Scratch scratch)
    {
        Span<int> links = Links(from, level);
        int capacity = links.Length - 1;
        int count = links[0];
        if (count < capacity)
        {
            links[count + 1] = to;
            links[0] = count + 1;
            return;
        }

        // Full: re-select among the existing links plus the new one with the diversity heuristic.
        List<(int Node, float Similarity)> pool = scratch.Pool;
        pool.Clear();
        ReadOnlySpan<float> fromVector = Vector(from);
        pool.Add((to, Similarity(to, fromVector)));
        for (int i = 1; i <= count; i++)
        {
            pool.Add((links[i], Similarity(links[i], fromVector)));
        }

        pool.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
        List<int> selected = scratch.PoolSelected;
        SelectNeighbours(pool, capacity, selected);
        links[0] = selected.Count;
        for (int i = 0; i < selected.Count; i++)
        {
            links[i + 1] = selected[i];
        }
    }

    /// <summary>The HNSW heuristic: keep a candidate only if it is closer to the base than to every neighbour already kept.</summary>
    private void SelectNeighbours(List<(int Node, float Similarity)> sortedCandidates, int max, List<int> selected)
    {
        selected.Clear();
        for (int i = 0; i < sortedCandidates.Count && selected.Count < max; i++)
        {
            (int candidate, float toBase) = sortedCandidates[i];
            ReadOnlySpan<float> candidateVector = Vector(candidate);
            bool keep = true;
            for (int j = 0; j < selected.Count; j++)
            {
                if (Similarity(selected[j], candidateVector) > toBase)
                {
                    keep = false;
                    break;
                }
            }

            if (keep)
            {
                selected.Add(candidate);
            }
        }
    }

    private int Greedy(ReadOnlySpan<float> q, int current, ref float currentSimilarity, int level)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            ReadOnlySpan<int> links = Links(current, level);
            int count = links[0];
            for (int i = 1; i <= count; i++)
            {
                int candidate = links[i];
                float similarity = Similarity(candidate, q);
                if (similarity > currentSimilarity)
                {
                    currentSimilarity = similarity;
                    current = candidate;
                    changed = true;
                }
            }
        }

        return current;
    }

    /// <summary>Beam search on one layer; leaves up to <paramref name="ef"/> nodes in <see cref="Scratch.Found"/>.</summary>
    private void SearchLayer(ReadOnlySpan<float> q, int entry, float entrySimilarity, int ef, int level, Scratch scratch, VectorFilter? filter, bool returnOnlyAccepted)
    {
        int stamp = scratch.NextStamp(_count);
        int[] visited = scratch.Visited;
        PriorityQueue<int, float> candidates = scratch.Candidates; // best first (priority = -similarity)
        PriorityQueue<int, float> results = scratch.Results;       // worst first (priority = similarity)
        candidates.Clear();
        results.Clear();

        visited[entry] = stamp;
        candidates.Enqueue(entry, -entrySimilarity);
        if (!returnOnlyAccepted || Accept(entry, filter))
        {
            results.Enqueue(entry, entrySimilarity);
        }

        while (candidates.TryDequeue(out int node, out float negative))
        {
            float similarity = -negative;
            if (results.Count >= ef && results.TryPeek(out _, out float worst) && similarity < worst)
            {
                break;
            }

            ReadOnlySpan<int> links = Links(node, level);
            int count = links[0];
            for (int i = 1; i <= count; i++)
            {
                int neighbour = links[i];
                if (visited[neighbour] == stamp)
                {
                    continue;
                }

                visited[neighbour] = stamp;
                float s = Similarity(neighbour, q);
                bool full = results.Count >= ef;
                if (!full || (results.TryPeek(out _, out float floor) && s > floor))
                {
                    candidates.Enqueue(neighbour, -s);
                    if (!returnOnlyAccepted || Accept(neighbour, filter))
                    {
                        results.Enqueue(neighbour, s);
                        if (results.Count > ef)
                        {
                            results.Dequeue();
                        }
                    }
                }
            }
        }

        List<(int Node, float Similarity)> found = scratch.Found;
        found.Clear();
        while (results.TryDequeue(out int node, out float s))
        {
            found.Add((node, s));
        }
    }

    private bool Accept(int node, VectorFilter? filter) => !_deleted[node] && (filter is null || filter(_ids[node]));

    private Span<int> Links(int node, int level)
    {
        if (level == 0)
        {
            return _links0.AsSpan(node * (_m0 + 1), _m0 + 1);
        }

        return _linksUpper[node].AsSpan((level - 1) * (_m + 1), _m + 1);
    }

    private ReadOnlySpan<float> Vector(int node) => _vectors.AsSpan(node * Dimensions, Dimensions);

    private float Similarity(int node, ReadOnlySpan<float> q) => TensorPrimitives.Dot(_vectors.AsSpan(node * Dimensions, Dimensions), q);

    private void EnsureCapacity(int nodes)
    {
        if (nodes <= _ids.Length)
        {
            return;
        }

        int capacity = Math.Max(nodes, checked(_ids.Length * 2));
        Array.Resize(ref _vectors, checked(capacity * Dimensions));
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _levels, capacity);
        Array.Resize(ref _deleted, capacity);
        Array.Resize(ref _links0, checked(capacity * (_m0 + 1)));
        Array.Resize(ref _linksUpper, capacity);
    }

    private sealed class Scratch
    {
        private float[] _query = Array.Empty<float>();
        private int _stamp;

        public int[] Visited { get; private set; } = Array.Empty<int>();

        public PriorityQueue<int, float> Candidates { get; } = new();

        public PriorityQueue<int, float> Results { get; } = new();

        public List<(int Node, float Similarity)> Found { get; } = new();

        public List<(int Node, float Similarity)> Pool { get; } = new();

        public List<int> Selected { get; } = new();

        public List<int> PoolSelected { get; } = new();

        public float[] QueryBuffer(int dimensions)
        {
            if (_query.Length < dimensions)
            {
                _query = new float[dimensions];
            }

            return _query;
        }

        public int NextStamp(int nodes)
        {
            if (Visited.Length < nodes)
            {
                Visited = new int[Math.Max(nodes, Visited.Length * 2)];
                _stamp = 0;
            }

            if (++_stamp == int.MaxValue)
            {
                Array.Clear(Visited);
                _stamp = 1;
            }

            return _stamp;
        }
    }
}
