using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LlmLint.Vectors;

/// <summary>
/// Flat search over int8-quantised vectors (one scale per vector, symmetric, [-127, 127]) that rescored in float:
/// the scan reads a quarter of the bytes of a float32 scan, then the best <c>k × RescoreFactor</c> candidates are
/// re-ranked with exact float dot products so the returned similarities are exact. Unlike the default
/// <see cref="FlatVectorIndex"/> scan it keeps a fixed number of candidates, so a true neighbour can be missed; it is
/// single-threaded.
/// </summary>
/// <remarks>Thread-safe: concurrent searches share a read lock; adds and removes take the write lock.</remarks>
public sealed class QuantizedFlatVectorIndex : IVectorIndex
{
    private readonly FlatRows _rows;
    private readonly int _rescoreFactor;

    /// <summary>Initializes a new instance of the <see cref="QuantizedFlatVectorIndex"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="rescoreFactor">Candidates per requested hit that are re-ranked in float (at least 1).</param>
    /// <param name="initialCapacity">Rows to reserve.</param>
    public QuantizedFlatVectorIndex(int dimensions, int rescoreFactor = 8, int initialCapacity = 16)
    {
        VectorValidation.CheckDimensions(dimensions);
        if (rescoreFactor < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rescoreFactor), rescoreFactor, "The rescore factor must be at least 1.");
        }

        Dimensions = dimensions;
        _rescoreFactor = rescoreFactor;
        _rows = new FlatRows(dimensions, initialCapacity, withCodes: true);
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

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

    /// <inheritdoc/>
    public int Search(ReadOnlySpan<float> query, Span<VectorHit> results, VectorFilter? filter = null)
    {
        VectorValidation.CheckResults(results.Length, nameof(results));
        int dims = Dimensions;
        float[] q = ArrayPool<float>.Shared.Rent(dims);
        sbyte[] qCodes = ArrayPool<sbyte>.Shared.Rent(dims);
        short[] wide = ArrayPool<short>.Shared.Rent(dims);
        int candidateCount = Math.Max(results.Length * _rescoreFactor, 16);
        VectorHit[] candidates = ArrayPool<VectorHit>.Shared.Rent(candidateCount);
        try
        {
            Span<float> unit = q.AsSpan(0, dims);
            VectorValidation.NormalizeInto(query, unit, nameof(query));
            float queryScale = Int8Quantizer.Quantize(unit, qCodes.AsSpan(0, dims));
            Int8Quantizer.Widen(qCodes.AsSpan(0, dims), wide.AsSpan(0, dims));

            _rows.Lock.EnterReadLock();
            try
            {
                int count = _rows.Count;
                float[] scales = _rows.Scales;
                long[] ids = _rows.Ids;
                ref sbyte codes = ref MemoryMarshal.GetArrayDataReference(_rows.Codes);
                ref short wq = ref MemoryMarshal.GetArrayDataReference(wide);
                var coarse = new TopK(candidates.AsSpan(0, candidateCount));
                for (int row = 0; row < count; row++)
                {
                    float approx = Int8Quantizer.Dot(ref Unsafe.Add(ref codes, (nint)row * dims), ref wq, dims) * scales[row] * queryScale;
                    if (approx > coarse.Floor && (filter is null || filter(ids[row])))
                    {
                        coarse.Offer(row, approx);
                    }
                }

                int found = coarse.Count;
                var top = new TopK(results);
                for (int i = 0; i < found; i++)
                {
                    int row = (int)candidates[i].Id;
                    top.Offer(ids[row], TensorPrimitives.Dot(_rows.Row(row), unit));
                }

                return top.SortDescending();
            }
            finally
            {
                _rows.Lock.ExitReadLock();
            }
        }
        finally
        {
            ArrayPool<VectorHit>.Shared.Return(candidates);
            ArrayPool<short>.Shared.Return(wide);
            ArrayPool<sbyte>.Shared.Return(qCodes);
            ArrayPool<float>.Shared.Return(q);
        }
    }

    /// <inheritdoc/>
    public void Compact()
    {
    }

    /// <inheritdoc/>
    public void Dispose() => _rows.Lock.Dispose();

    /// <summary>Quantises a vector symmetrically to [-127, 127] and returns the scale that maps codes back to floats.</summary>
    /// <param name="vector">The vector.</param>
    /// <param name="codes">Receives the codes.</param>
    /// <returns>The scale (max |x| / 127).</returns>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes) => Int8Quantizer.Quantize(vector, codes);

    /// <summary>The integer dot product of two int8 code vectors (widened to 16-bit products, 32-bit sums).</summary>
    /// <param name="a">The first codes.</param>
    /// <param name="b">The second codes.</param>
    /// <returns>The exact integer dot product.</returns>
    internal static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b) => Int8Quantizer.Dot(a, b);
}
