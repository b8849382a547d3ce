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
}
