using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace LlmLint.Vectors;

/// <summary>How a <see cref="FlatVectorIndex"/> scans its rows. Both return the exact float32 top k.</summary>
public enum FlatScan
{
    /// <summary>
    /// Scan int8 codes of the rows (a quarter of the bytes) with a certified error bound per row, keep every row whose
    /// upper bound can reach the k-th best lower bound, and rescore those rows in float32. Needs the codes beside the
    /// float rows: 1 byte per dimension plus 12 bytes per row (+25 % at 512 dimensions). The default.
    /// </summary>
    BoundedInt8,

    /// <summary>Score every float32 row with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>; no codes are stored.</summary>
    Float32,
}

/// <summary>
/// Exact nearest-neighbour search over contiguous row-major float32 storage and a bounded heap for the top k.
/// By default (<see cref="FlatScan.BoundedInt8"/>) the scan reads int8 codes and rescores in float32 only the rows
/// whose similarity bound can still reach the top k, so the result is the float32 exact top k, ties broken by the
/// smaller id. Large indexes are scanned on all cores. Removal moves the last row into the hole.
/// </summary>
/// <remarks>
/// <para>
/// The bound: with <c>x = s·c + r</c> (row codes c, scale s, residual r) and <c>q = t·d + u</c> for the query,
/// <c>|x·q − s·t·(c·d)| ≤ ‖s·c‖·‖u‖ + ‖r‖·‖q‖</c> (Cauchy–Schwarz on both residuals), plus an allowance for
/// float32 rounding of the reference dot product (2·n·2⁻²⁴ + 10⁻⁵ for n dimensions). A row is skipped only when its upper bound is below the k-th best
/// lower bound among the rows the filter accepts, so it cannot be in the float32 top k.
/// </para>
/// <para>Thread-safe: concurrent searches share a read lock; adds and removes take the write lock. The filter is
/// called only on the searching thread.</para>
/// </remarks>
public sealed class FlatVectorIndex : IVectorIndex
{
    /// <summary>Row count from which a search scores rows on several threads.</summary>
    private const int ParallelRows = 16_384;


    [ThreadStatic]
    private static ScanJob? t_job;

    private readonly FlatRows _rows;

    /// <summary>
    /// Allowance for float32 rounding: a float32 dot product of two unit vectors of n components is within n·2⁻²⁴ of
    /// the exact value (twice that here), plus the rounding of the bound arithmetic itself.
    /// </summary>
    private readonly float _roundingSlack;

    /// <summary>Initializes a new instance of the <see cref="FlatVectorIndex"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="initialCapacity">Rows to reserve.</param>
    /// <param name="scan">How searches scan the rows; both return the exact float32 top k.</param>
    public FlatVectorIndex(int dimensions, int initialCapacity = 16, FlatScan scan = FlatScan.BoundedInt8)
    {
        VectorValidation.CheckDimensions(dimensions);
        if (scan is not (FlatScan.BoundedInt8 or FlatScan.Float32))
        {
            throw new ArgumentOutOfRangeException(nameof(scan), scan, "Unknown scan.");
        }

        Dimensions = dimensions;
        Scan = scan;
        _rows = new FlatRows(dimensions, initialCapacity, withCodes: scan == FlatScan.BoundedInt8);
        _roundingSlack = (float)(1e-5 + (dimensions * 2.0 / (1 << 24)));
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <summary>Gets how searches scan the rows.</summary>
    public FlatScan Scan { get; }

    /// <summary>Gets the bytes stored per row (float32 row, int8 codes and their bounds when scanning int8, id).</summary>
    public long BytesPerRow => _rows.BytesPerRow;

    /// <inheritdoc/>
    public int Count => _rows.CountShared();

    /// <inheritdoc/>
    public void Add(long id, ReadOnlySpan<float> vector)
    {
        VectorValidation.Validate(vector, Dimensions, nameof(vector));
        _rows.AddExclusive(id, vector, nameof(vector));
    }

    /// <inheritdoc/>
    public bool Remove(long id) => _rows.RemoveExclusive(id);

    /// <inheritdoc/>
    public bool Contains(long id) => _rows.ContainsShared(id);

    /// <summary>Copies the stored (normalised) vector of <paramref name="id"/> into <paramref name="destination"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="destination">Receives <see cref="Dimensions"/> floats.</param>
    /// <returns><see langword="true"/> when the id is stored.</returns>
    public bool TryGetVector(long id, Span<float> destination)
    {
        _rows.Lock.EnterReadLock();
        try
        {
            if (!_rows.TryGetRow(id, out int row))
            {
                return false;
            }

            _rows.Row(row).CopyTo(destination);
            return true;
        }
        finally
        {
            _rows.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> results, VectorFilter? filter = null)
    {
        VectorValidation.CheckResults(results.Length, nameof(results));
        int dims = Dimensions;
        float[] q = ArrayPool<float>.Shared.Rent(dims);
        try
        {
            VectorValidation.NormalizeInto(query, q.AsSpan(0, dims), nameof(query));
            _rows.Lock.EnterReadLock();
            try
            {
                return Scan == FlatScan.BoundedInt8
                    ? SearchBounded(q, results, filter)
                    : SearchFloat32(q, results, filter);
            }
            finally
            {
                _rows.Lock.ExitReadLock();
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(q);
        }
    }

    /// <inheritdoc/>
    public void Compact()
    {
    }

    /// <summary>Calls <paramref name="visitor"/> with every stored id and normalised vector, under the read lock.</summary>
    /// <param name="visitor">Receives each id and vector; it must not call back into this index.</param>
    public void ForEach(Action<long, ReadOnlyMemory<float>> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        _rows.Lock.EnterReadLock();
        try
        {
            for (int row = 0; row < _rows.Count; row++)
            {
                visitor(_rows.Ids[row], _rows.Data.AsMemory(row * Dimensions, Dimensions));
            }
        }
        finally
        {
            _rows.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _rows.Lock.Dispose();

    private static bool UseParallel(int count) => count >= ParallelRows && Environment.ProcessorCount > 1;

    private int SearchFloat32(float[] q, Span<VectorHit> results, VectorFilter? filter)
    {
        int count = _rows.Count;
        int dims = Dimensions;
        long[] ids = _rows.Ids;
        var top = new TopK(results);
        if (UseParallel(count))
        {
            // Score every row on all cores into a pooled buffer, then one pass on this thread keeps the top k.
            float[] scores = ArrayPool<float>.Shared.Rent(count);
            try
            {
                RunParallel(q, null, 0f, scores, count);
                for (int row = 0; row < count; row++)
                {
                    float similarity = scores[row];
                    if (similarity >= top.Floor && (filter is null || filter(ids[row])))
                    {
                        top.Offer(ids[row], similarity);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scores);
            }

            return top.SortDescending();
        }

        ReadOnlySpan<float> unit = q.AsSpan(0, dims);
        ReadOnlySpan<float> data = _rows.Data.AsSpan(0, count * dims);
        for (int row = 0, offset = 0; row < count; row++, offset += dims)
        {
            float similarity = TensorPrimitives.Dot(data.Slice(offset, dims), unit);
            if (similarity >= top.Floor && (filter is null || filter(ids[row])))
            {
                top.Offer(ids[row], similarity);
            }
        }

        return top.SortDescending();
    }

    private int SearchBounded(float[] q, Span<VectorHit> results, VectorFilter? filter)
    {
        int count = _rows.Count;
        if (count == 0)
        {
            return 0;
        }

        int dims = Dimensions;
        int k = results.Length;
        sbyte[] queryCodes = ArrayPool<sbyte>.Shared.Rent(dims);
        short[] wideCodes = ArrayPool<short>.Shared.Rent(dims);
        float[] approx = ArrayPool<float>.Shared.Rent(count);
        VectorHit[] lowerHeap = ArrayPool<VectorHit>.Shared.Rent(k);
        try
        {
            ReadOnlySpan<float> unit = q.AsSpan(0, dims);
            float queryScale = Int8Quantizer.Quantize(unit, queryCodes.AsSpan(0, dims));
            float queryResidual = Int8Quantizer.ErrorTerms(unit, queryCodes.AsSpan(0, dims), queryScale).Residual;
            Int8Quantizer.Widen(queryCodes.AsSpan(0, dims), wideCodes.AsSpan(0, dims));

            // 1. Approximate similarity of every row from the int8 codes (all cores for large indexes).
            if (UseParallel(count))
            {
                RunParallel(null, wideCodes, queryScale, approx, count);
            }
            else
            {
                ScoreCodes(_rows, wideCodes, queryScale, approx, 0, count);
            }

            // 2. The k-th best lower bound among the rows the filter accepts.
            float[] norms = _rows.CodeNorms;
            float[] residuals = _rows.Residuals;
            long[] ids = _rows.Ids;
            float slack = _roundingSlack;
            var lower = new TopK(lowerHeap.AsSpan(0, k));
            for (int row = 0; row < count; row++)
            {
                float bound = approx[row] - ((norms[row] * queryResidual) + residuals[row] + slack);
                if (bound > lower.Floor && (filter is null || filter(ids[row])))
                {
                    lower.Offer(row, bound);
                }
            }

            float threshold = lower.Count == k ? lower.Floor : float.NegativeInfinity;

            // 3. Rescore in float32 every accepted row whose upper bound reaches the threshold.
            var top = new TopK(results);
            float[] data = _rows.Data;
            for (int row = 0; row < count; row++)
            {
                float bound = approx[row] + (norms[row] * queryResidual) + residuals[row] + slack;
                if (bound >= threshold && (filter is null || filter(ids[row])))
                {
                    top.Offer(ids[row], TensorPrimitives.Dot(data.AsSpan(row * dims, dims), unit));
                }
            }

            return top.SortDescending();
        }
        finally
        {
            ArrayPool<VectorHit>.Shared.Return(lowerHeap);
            ArrayPool<float>.Shared.Return(approx);
            ArrayPool<short>.Shared.Return(wideCodes);
            ArrayPool<sbyte>.Shared.Return(queryCodes);
        }
    }

    private static void ScoreCodes(FlatRows rows, short[] query, float queryScale, float[] approx, int start, int end)
    {
        int dims = rows.Dimensions;
        float[] scales = rows.Scales;
        ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(rows.Codes);
        ref short q = ref MemoryMarshal.GetArrayDataReference(query);
        for (int row = start; row < end; row++)
        {
            int dot = Int8Quantizer.Dot(ref Unsafe.Add(ref codes, (nint)row * dims), ref q, dims);
            approx[row] = scales[row] * queryScale * dot;
        }
    }

    private static void ScoreFloats(FlatRows rows, float[] query, float[] scores, int start, int end)
    {
        int dims = rows.Dimensions;
        ReadOnlySpan<float> q = query.AsSpan(0, dims);
        ReadOnlySpan<float> data = rows.Data;
        for (int row = start, offset = start * dims; row < end; row++, offset += dims)
        {
            scores[row] = TensorPrimitives.Dot(data.Slice(offset, dims), q);
        }
    }

    /// <summary>Scores rows in chunks on the thread pool (a few chunks per core so a preempted core does not stall the scan).</summary>
    private void RunParallel(float[]? floatQuery, short[]? codeQuery, float queryScale, float[] output, int count)
    {
        ScanJob job = t_job ??= new ScanJob();
        job.Rows = _rows;
        job.FloatQuery = floatQuery;
        job.CodeQuery = codeQuery;
        job.QueryScale = queryScale;
        job.Output = output;
        job.Count = count;
        job.Chunks = Math.Min(Environment.ProcessorCount * 4, Math.Max(1, count / 4096));
        try
        {
            Parallel.For(0, job.Chunks, job.Run);
        }
        finally
        {
            job.Clear();
        }
    }

    /// <summary>One reusable scan description per searching thread; chunks write disjoint slices of the output.</summary>
    private sealed class ScanJob
    {
        public ScanJob() => Run = RunChunk;

        public Action<int> Run { get; }

        public FlatRows? Rows { get; set; }

        public float[]? FloatQuery { get; set; }

        public short[]? CodeQuery { get; set; }

        public float QueryScale { get; set; }

        public float[]? Output { get; set; }

        public int Count { get; set; }

        public int Chunks { get; set; }

        public void Clear()
        {
            Rows = null;
            FloatQuery = null;
            CodeQuery = null;
            Output = null;
        }

        private void RunChunk(int chunk)
        {
            int start = (int)((long)Count * chunk / Chunks);
            int end = (int)((long)Count * (chunk + 1) / Chunks);
            if (CodeQuery is not null)
            {
                ScoreCodes(Rows!, CodeQuery, QueryScale, Output!, start, end);
            }
            else
            {
                ScoreFloats(Rows!, FloatQuery!, Output!, start, end);
            }
        }
    }
}
