using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Vectors;

/// <summary>
/// Approximate nearest-neighbour search with a hierarchical navigable small-world graph (Malkov and Yashunin):
/// greedy descent through the sparse upper layers, then a beam search of width <c>efSearch</c> on layer 0.
/// The graph is walked with int8 similarities (one scale per vector, a quarter of the bytes of float32); the beam's
/// nodes are re-ranked by exact float32 similarity, so returned similarities are exact. Neighbours are chosen with the diversity heuristic; levels come from a seeded generator, so a given
/// sequence of inserts always builds the same graph. Removal leaves a tombstone that search walks through but
/// never returns; <see cref="Compact"/> rebuilds the graph from the live vectors. <see cref="AddRange"/> links a
/// batch on several threads (per-node locks), and <see cref="Save(System.IO.Stream)"/>/<see cref="Load(System.IO.Stream, string)"/>
/// persist a built graph. With <see cref="HnswOptions.WalkDimensions"/> (or <see cref="EnableProjectedWalk"/>) searches
/// walk the graph on int8 codes of the vectors projected onto their top principal directions (the projected walk), a
/// fraction of the bytes per visited node, and still re-rank every beam node by exact float32 similarity.
/// </summary>
/// <remarks>
/// Thread-safe: concurrent searches share a read lock; inserts, removals and compaction take the write lock. Inside
/// <see cref="AddRange"/> the workers lock one node's link list at a time while writing it and read lists without
/// locks (a list is always a valid set of node numbers), so the graph of a parallel build depends on thread timing;
/// its levels do not.
/// </remarks>
public sealed partial class HnswVectorIndex : IVectorIndex
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
    private sbyte[] _codes;         // int8 codes of the vectors (graph traversal reads these: a quarter of the bytes)
    private float[] _scales;        // per node: vector ≈ scale · codes
    private long[] _ids;
    private int[] _levels;
    private bool[] _deleted;
    private int[] _links0;          // per node: [count, n1 .. n(M0)]
    private int[]?[] _linksUpper;   // per node: for each level 1..L a block [count, n1 .. nM]
    private int _count;
    private int _live;
    private int[] _nodeLocks;      // per node: 0 free, 1 held (spin lock around link-list writes)
    private int _entry = -1;
    private int _topLevel = -1;
    private readonly object _entryLock = new();

    // The projected walk (see HnswOptions.WalkDimensions): zero dimensions, or a fitted projection with one int8 code row
    // of _walkDims bytes per node (rows start at _walkBase, which aligns them to cache lines in a pinned array).
    private int _walkDims;
    private int _walkTrainingSize;
    private float[]? _walkBasis;    // _walkDims rows of Dimensions floats (orthonormal principal directions)
    private float[]? _walkMean;     // Dimensions floats
    private float[]? _walkOffsets;  // per direction: basis · mean (subtracted to centre a stored vector)
    private sbyte[] _walkCodes = Array.Empty<sbyte>();
    private int _walkBase;
    private float[]? _walkSteps;

    /// <summary>Initializes a new instance of the <see cref="HnswVectorIndex"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="options">The graph parameters, or <see langword="null"/> for the defaults.</param>
    /// <param name="initialCapacity">Nodes to reserve.</param>
    public HnswVectorIndex(int dimensions, HnswOptions? options = null, int initialCapacity = 1024)
    {
        VectorValidation.CheckDimensions(dimensions);
        options ??= new HnswOptions();
        options.Validate(nameof(options));
        HnswOptions.ValidateWalk(options.WalkDimensions, options.WalkTrainingSize, dimensions, nameof(options));
        _walkDims = options.WalkDimensions;
        _walkTrainingSize = options.WalkTrainingSize;
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
        _codes = new sbyte[checked(initialCapacity * dimensions)];
        _scales = new float[initialCapacity];
        _ids = new long[initialCapacity];
        _levels = new int[initialCapacity];
        _deleted = new bool[initialCapacity];
        _links0 = new int[checked(initialCapacity * (_m0 + 1))];
        _linksUpper = new int[]?[initialCapacity];
        _nodeLocks = new int[initialCapacity];
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets or sets the search beam width (raised to k when k is larger).</summary>
    public int EfSearch
    {
        get => _efSearch;
        set => _efSearch = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "EfSearch must be positive.");
    }

    /// <summary>
    /// Gets the number of dimensions of the projected walk (<see cref="HnswOptions.WalkDimensions"/>), or 0 when searches
    /// walk the full int8 codes.
    /// </summary>
    public int WalkDimensions
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _walkDims;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>
    /// Gets a value indicating whether the projection of the walk has been fitted, so that searches walk the projected
    /// codes (false while the index holds fewer than <see cref="HnswOptions.WalkTrainingSize"/> vectors, and when the
    /// projected walk is off).
    /// </summary>
    public bool IsWalkProjected
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _walkBasis is not null;
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
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
            Insert(id, vector);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>
    /// Adds a batch of vectors (replacing any stored under the same ids) and links them into the graph on several
    /// threads. Every vector is validated before the index changes. Levels come from the seeded generator as with
    /// <see cref="Add"/>; the links depend on thread timing.
    /// </summary>
    /// <param name="ids">The caller's ids, one per vector.</param>
    /// <param name="vectors">The vectors, row-major: <c>ids.Length × Dimensions</c> floats.</param>
    /// <param name="maxDegreeOfParallelism">Worker threads, or -1 for one per processor.</param>
    public void AddRange(ReadOnlySpan<long> ids, ReadOnlySpan<float> vectors, int maxDegreeOfParallelism = -1)
    {
        int dims = Dimensions;
        if (vectors.Length != (long)ids.Length * dims)
        {
            throw new ArgumentException($"The batch holds {vectors.Length} floats; {ids.Length} ids of {dims} dimensions need {(long)ids.Length * dims}.", nameof(vectors));
        }

        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Pass a positive number of threads or -1 for one per processor.");
        }

        for (int i = 0; i < ids.Length; i++)
        {
            ReadOnlySpan<float> row = vectors.Slice(i * dims, dims);
            try
            {
                VectorValidation.Validate(row, dims, nameof(vectors));
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"Vector {i} of the batch (id {ids[i]}): {ex.Message}", nameof(vectors), ex);
            }
        }

        _lock.EnterWriteLock();
        try
        {
            EnsureCapacity(checked(_count + ids.Length));
            int first = _count;
            for (int i = 0; i < ids.Length; i++)
            {
                Store(ids[i], vectors.Slice(i * dims, dims), nameof(vectors));
            }

            int end = _count;
            FitWalkIfDue();
            int workers = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;

            // The first nodes are linked on this thread so that the workers start from a connected graph.
            int serial = workers <= 1 ? end : Math.Min(end, first + 256);
            Scratch scratch = t_scratch ??= new Scratch();
            for (int node = first; node < serial; node++)
            {
                Link(node, scratch);
            }

            if (serial < end)
            {
                var job = new LinkJob(this, serial, end);
                Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, job.Run);
            }

            LinkOrphans(first, end, scratch);
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
        scratch.Prepare(Dimensions);
        float[] q = scratch.Query;
        VectorValidation.NormalizeInto(query, q.AsSpan(0, Dimensions), nameof(query));

        _lock.EnterReadLock();
        try
        {
            if (_entry < 0 || _live == 0)
            {
                return 0;
            }

            ReadOnlySpan<float> qs = q.AsSpan(0, Dimensions);
            CodeQuery cq = _walkBasis is null ? QueryCodes(qs, scratch) : ProjectedQueryCodes(qs, scratch);
            int current = _entry;
            float currentSimilarity = Similarity(current, cq);
            for (int level = _topLevel; level > 0; level--)
            {
                current = Greedy(cq, current, ref currentSimilarity, level);
            }

            int ef = Math.Max(_efSearch, results.Length);
            SearchLayer(cq, current, currentSimilarity, ef, 0, scratch, filter, returnOnlyAccepted: true);

            // The beam ran on int8 similarities (of the full or the projected vectors); every one of its ef nodes is
            // ranked by exact float32 similarity.
            var top = new TopK(results);
            List<(int Node, float Similarity)> found = scratch.Found;
            for (int i = 0; i < found.Count; i++)
            {
                int node = found[i].Node;
                top.Offer(_ids[node], TensorPrimitives.Dot(Vector(node), qs));
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
            _codes = new sbyte[checked(capacity * dims)];
            _scales = new float[capacity];
            _ids = new long[capacity];
            _levels = new int[capacity];
            _deleted = new bool[capacity];
            _links0 = new int[checked(capacity * (_m0 + 1))];
            _linksUpper = new int[]?[capacity];
            _nodeLocks = new int[capacity];
            if (_walkBasis is not null)
            {
                AllocateWalkCodes(capacity, 0);
            }

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
        int node = Store(id, vector, nameof(vector));
        FitWalkIfDue();
        Link(node, t_scratch ??= new Scratch());
    }

    /// <summary>Writes the node's vector, id and level (drawn from the seeded generator); it has no links yet.</summary>
    private int Store(long id, ReadOnlySpan<float> vector, string paramName)
    {
        if (_nodeOf.Remove(id, out int old))
        {
            _deleted[old] = true;
            _live--;
        }

        int node = _count++;
        int dims = Dimensions;
        VectorValidation.NormalizeInto(vector, _vectors.AsSpan(node * dims, dims), paramName);
        _scales[node] = Int8Quantizer.Quantize(_vectors.AsSpan(node * dims, dims), _codes.AsSpan(node * dims, dims));
        if (_walkBasis is not null)
        {
            ProjectNode(node);
        }

        int level = Math.Min(MaxLevel, (int)(-Math.Log(1.0 - _random.NextDouble()) * _levelMultiplier));
        _ids[node] = id;
        _levels[node] = level;
        _deleted[node] = false;
        _links0[node * (_m0 + 1)] = 0;
        _linksUpper[node] = level > 0 ? new int[level * (_m + 1)] : null;
        _nodeLocks[node] = 0;
        _nodeOf[id] = node;
        _live++;
        return node;
    }

    /// <summary>Links a stored node into the graph. Safe to run for several nodes at once (see <see cref="AddRange"/>).</summary>
    private void Link(int node, Scratch scratch)
    {
        int level = _levels[node];
        int entry;
        int topLevel;
        lock (_entryLock)
        {
            if (_entry < 0)
            {
                _entry = node;
                _topLevel = level;
                return;
            }

            entry = _entry;
            topLevel = _topLevel;
        }

        scratch.Prepare(Dimensions);
        CodeQuery q = NodeCodes(node, scratch.QueryWide);
        int current = entry;
        float currentSimilarity = Similarity(current, q);
        for (int l = topLevel; l > level; l--)
        {
            current = Greedy(q, current, ref currentSimilarity, l);
        }

        // Choose this node's links on every layer first, write them all, and only then add the links that make it
        // reachable: a concurrent insert that reached a half-linked node would find no way on from it on the layers
        // below and link itself to that node alone.
        int linkedTop = Math.Min(level, topLevel);
        for (int l = linkedTop; l >= 0; l--)
        {
            List<int> selected = scratch.SelectedOn(l);
            selected.Clear();
            SearchLayer(q, current, currentSimilarity, _efConstruction, l, scratch, filter: null, returnOnlyAccepted: false);
            List<(int Node, float Similarity)> found = scratch.Found;
            found.RemoveAll(scratch.IsSelf(node));
            if (found.Count == 0)
            {
                continue;
            }

            found.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
            current = found[0].Node;
            currentSimilarity = found[0].Similarity;
            SelectNeighbours(found, _m, selected, scratch);
        }

        for (int l = linkedTop; l >= 0; l--)
        {
            SetOwnLinks(node, l, scratch.SelectedOn(l), scratch);
        }

        for (int l = linkedTop; l >= 0; l--)
        {
            List<int> selected = scratch.SelectedOn(l);
            for (int i = 0; i < selected.Count; i++)
            {
                Connect(selected[i], node, l, scratch);
            }
        }

        if (level > topLevel)
        {
            lock (_entryLock)
            {
                if (level > _topLevel)
                {
                    _topLevel = level;
                    _entry = node;
                }
            }
        }
    }

    /// <summary>Writes a new node's links; links other workers added meanwhile are merged in with the heuristic.</summary>
    private void SetOwnLinks(int node, int level, List<int> selected, Scratch scratch)
    {
        LockNode(node);
        try
        {
            Span<int> links = Links(node, level);
            if (links[0] == 0)
            {
                links[0] = selected.Count;
                for (int i = 0; i < selected.Count; i++)
                {
                    links[i + 1] = selected[i];
                }

                return;
            }
        }
        finally
        {
            UnlockNode(node);
        }

        for (int i = 0; i < selected.Count; i++)
        {
            Connect(node, selected[i], level, scratch);
        }
    }

    /// <summary>
    /// Gives every new node that no other node links to on layer 0 (its links were all pruned by neighbours, which
    /// concurrent inserts make more likely) one incoming link: from its nearest neighbour, replacing that neighbour's
    /// least similar link when its list is full.
    /// </summary>
    private void LinkOrphans(int first, int end, Scratch scratch)
    {
        var linked = new bool[_count];
        int stride = _m0 + 1;
        for (int node = 0; node < _count; node++)
        {
            int offset = node * stride;
            int count = _links0[offset];
            for (int i = 1; i <= count; i++)
            {
                linked[_links0[offset + i]] = true;
            }
        }

        for (int node = first; node < end; node++)
        {
            ReadOnlySpan<int> own = Links(node, 0);
            if (linked[node] || node == _entry || own[0] == 0)
            {
                continue;
            }

            int nearest = own[1];
            Span<int> links = Links(nearest, 0);
            int count = links[0];
            if (count < links.Length - 1)
            {
                links[count + 1] = node;
                links[0] = count + 1;
                continue;
            }

            CodeQuery from = NodeCodes(nearest, scratch.FromWide);
            int weakest = 1;
            float weakestSimilarity = float.PositiveInfinity;
            for (int i = 1; i <= count; i++)
            {
                float similarity = Similarity(links[i], from);
                if (similarity < weakestSimilarity)
                {
                    weakestSimilarity = similarity;
                    weakest = i;
                }
            }

            links[weakest] = node;
        }
    }

    private void LockNode(int node)
    {
        if (Interlocked.CompareExchange(ref _nodeLocks[node], 1, 0) == 0)
        {
            return;
        }

        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref _nodeLocks[node], 1, 0) != 0)
        {
            spin.SpinOnce();
        }
    }

    private void UnlockNode(int node) => Volatile.Write(ref _nodeLocks[node], 0);

    private void Connect(int from, int to, int level, Scratch scratch)
    {
        LockNode(from);
        try
        {
            ConnectLocked(from, to, level, scratch);
        }
        finally
        {
            UnlockNode(from);
        }
    }

    private void ConnectLocked(int from, int to, int level, Scratch scratch)
    {
        Span<int> links = Links(from, level);
        int capacity = links.Length - 1;
        int count = links[0];
        for (int i = 1; i <= count; i++)
        {
            if (links[i] == to)
            {
                return;
            }
        }

        if (count < capacity)
        {
            links[count + 1] = to;
            links[0] = count + 1;
            return;
        }

        // Full: re-select among the existing links plus the new one with the diversity heuristic.
        List<(int Node, float Similarity)> pool = scratch.Pool;
        pool.Clear();
        CodeQuery fromVector = NodeCodes(from, scratch.FromWide);
        pool.Add((to, Similarity(to, fromVector)));
        for (int i = 1; i <= count; i++)
        {
            pool.Add((links[i], Similarity(links[i], fromVector)));
        }

        pool.Sort(static (a, b) => b.Similarity.CompareTo(a.Similarity));
        List<int> selected = scratch.PoolSelected;
        SelectNeighbours(pool, capacity, selected, scratch);
        links[0] = selected.Count;
        for (int i = 0; i < selected.Count; i++)
        {
            links[i + 1] = selected[i];
        }
    }

    /// <summary>The HNSW heuristic: keep a candidate only if it is closer to the base than to every neighbour already kept.</summary>
    private void SelectNeighbours(List<(int Node, float Similarity)> sortedCandidates, int max, List<int> selected, Scratch scratch)
    {
        selected.Clear();
        for (int i = 0; i < sortedCandidates.Count && selected.Count < max; i++)
        {
            (int candidate, float toBase) = sortedCandidates[i];
            CodeQuery candidateVector = NodeCodes(candidate, scratch.CandidateWide);
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

    private int Greedy(in CodeQuery q, int current, ref float currentSimilarity, int level)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            ReadOnlySpan<int> links = Links(current, level);
            int count = Math.Min(Volatile.Read(ref MemoryMarshal.GetReference(links)), links.Length - 1);
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
    private void SearchLayer(in CodeQuery q, int entry, float entrySimilarity, int ef, int level, Scratch scratch, VectorFilter? filter, bool returnOnlyAccepted)
    {
        byte stamp = scratch.NextStamp(_count);
        byte[] visited = scratch.Visited;
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
            int count = Math.Min(Volatile.Read(ref MemoryMarshal.GetReference(links)), links.Length - 1);
            PrefetchCodes(links.Slice(1, count), visited, stamp, q);
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

    /// <summary>Asks the CPU to start loading the codes of the unvisited neighbours before they are scored.</summary>
    private unsafe void PrefetchCodes(ReadOnlySpan<int> neighbours, byte[] visited, byte stamp, in CodeQuery q)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        int length = q.Length;
        ref sbyte codes = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(q.Codes), (nint)q.Offset);
        for (int i = 0; i < neighbours.Length; i++)
        {
            int neighbour = neighbours[i];
            if (visited[neighbour] == stamp)
            {
                continue;
            }

            // A prefetch never faults, so a stale address (after the array moved) only costs a wasted load.
            byte* row = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref codes, (nint)neighbour * length));
            for (int offset = 0; offset < length; offset += 64)
            {
                Sse.Prefetch0(row + offset);
            }
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

    /// <summary>The int8 similarity of a node to a prepared query: scale · scale · (codes · codes), on the query's code table.</summary>
    private static float Similarity(int node, in CodeQuery q)
    {
        int length = q.Length;
        int dot = Int8Quantizer.Dot(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(q.Codes), (nint)q.Offset + ((nint)node * length)), ref MemoryMarshal.GetArrayDataReference(q.Wide), length);
        float[]? scales = q.Scales;
        return scales is null ? q.Scale * dot : scales[node] * q.Scale * dot;
    }

    private CodeQuery NodeCodes(int node, short[] wide)
    {
        int dims = Dimensions;
        Int8Quantizer.Widen(_codes.AsSpan(node * dims, dims), wide.AsSpan(0, dims));
        return new CodeQuery(wide, _scales[node], _codes, _scales, dims, 0);
    }

    private CodeQuery QueryCodes(ReadOnlySpan<float> unit, Scratch scratch)
    {
        Span<sbyte> codes = scratch.QueryCodes.AsSpan(0, unit.Length);
        float scale = Int8Quantizer.Quantize(unit, codes);
        Int8Quantizer.Widen(codes, scratch.QueryWide.AsSpan(0, unit.Length));
        return new CodeQuery(scratch.QueryWide, scale, _codes, _scales, unit.Length, 0);
    }

    private void EnsureCapacity(int nodes)
    {
        if (nodes <= _ids.Length)
        {
            return;
        }

        int capacity = Math.Max(nodes, checked(_ids.Length * 2));
        Array.Resize(ref _vectors, checked(capacity * Dimensions));
        Array.Resize(ref _codes, checked(capacity * Dimensions));
        Array.Resize(ref _scales, capacity);
        Array.Resize(ref _ids, capacity);
        Array.Resize(ref _levels, capacity);
        Array.Resize(ref _deleted, capacity);
        Array.Resize(ref _links0, checked(capacity * (_m0 + 1)));
        Array.Resize(ref _linksUpper, capacity);
        Array.Resize(ref _nodeLocks, capacity);
        if (_walkBasis is not null)
        {
            AllocateWalkCodes(capacity, _count);
        }
    }

    /// <summary>Workers take the next unlinked node from a shared counter, so nodes are linked roughly in order.</summary>
    private sealed class LinkJob
    {
        private readonly HnswVectorIndex _index;
        private readonly int _end;
        private int _next;

        public LinkJob(HnswVectorIndex index, int first, int end)
        {
            _index = index;
            _next = first;
            _end = end;
            Run = RunWorker;
        }

        public Action<int> Run { get; }

        private void RunWorker(int worker)
        {
            Scratch scratch = t_scratch ??= new Scratch();
            int node;
            while ((node = Interlocked.Increment(ref _next) - 1) < _end)
            {
                _index.Link(node, scratch);
            }
        }
    }

    private sealed class Scratch
    {
        private int _stamp;

        public float[] Query { get; private set; } = Array.Empty<float>();

        public float[] Projected { get; private set; } = Array.Empty<float>();

        public sbyte[] QueryCodes { get; private set; } = Array.Empty<sbyte>();

        public short[] QueryWide { get; private set; } = Array.Empty<short>();

        public short[] FromWide { get; private set; } = Array.Empty<short>();

        public short[] CandidateWide { get; private set; } = Array.Empty<short>();

        /// <summary>
        /// Gets the visit marks of the current walk: a node is visited when its byte equals the current stamp. One byte
        /// per node keeps the array of a million-node graph in the core's L2 cache; the marks are cleared every 255 walks.
        /// </summary>
        public byte[] Visited { get; private set; } = Array.Empty<byte>();

        public PriorityQueue<int, float> Candidates { get; } = new();

        public PriorityQueue<int, float> Results { get; } = new();

        public List<(int Node, float Similarity)> Found { get; } = new();

        public List<(int Node, float Similarity)> Pool { get; } = new();

        private readonly List<int>[] _selected = new List<int>[MaxLevel + 1];

        /// <summary>The links chosen for the node being inserted on one layer.</summary>
        public List<int> SelectedOn(int level) => _selected[level] ??= new List<int>();

        public List<int> PoolSelected { get; } = new();

        private int _self;
        private Predicate<(int Node, float Similarity)>? _isSelf;

        public Predicate<(int Node, float Similarity)> IsSelf(int node)
        {
            _self = node;
            return _isSelf ??= item => item.Node == _self;
        }

        public void Prepare(int dimensions)
        {
            if (Query.Length < dimensions)
            {
                Query = new float[dimensions];
                Projected = new float[dimensions];
                QueryCodes = new sbyte[dimensions];
                QueryWide = new short[dimensions];
                FromWide = new short[dimensions];
                CandidateWide = new short[dimensions];
            }
        }

        public byte NextStamp(int nodes)
        {
            if (Visited.Length < nodes)
            {
                Visited = new byte[Math.Max(nodes, Visited.Length * 2)];
                _stamp = 0;
            }

            if (++_stamp > byte.MaxValue)
            {
                Array.Clear(Visited);
                _stamp = 1;
            }

            return (byte)_stamp;
        }
    }

    /// <summary>
    /// A query prepared for int8 similarity: its codes widened to int16 and its scale, and the code table it is scored
    /// against (the full codes, or the projected codes of the walk: rows of <c>Length</c> bytes from <c>Offset</c>).
    /// <c>Scales</c> holds the per-node scales of the full codes; it is null for the projected codes, whose per-direction
    /// steps are folded into the query.
    /// </summary>
    private readonly record struct CodeQuery(short[] Wide, float Scale, sbyte[] Codes, float[]? Scales, int Length, int Offset);
}
