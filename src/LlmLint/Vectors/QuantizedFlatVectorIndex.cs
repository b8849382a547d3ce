using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics;
using System.Numerics.Tensors;
using System.Threading;

namespace LlmLint.Vectors;

/// <summary>
/// Flat search over int8-quantised vectors (one scale per vector, symmetric, [-127, 127]) that rescored in float:
/// the scan reads a quarter of the bytes of <see cref="FlatVectorIndex"/>, then the best <c>k × RescoreFactor</c>
/// candidates are re-ranked with exact float dot products so the returned similarities are exact.
/// </summary>
/// <remarks>Thread-safe: concurrent searches share a read lock; adds and removes take the write lock.</remarks>
public sealed class QuantizedFlatVectorIndex : IVectorIndex
{
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _rowOf = new();
    private readonly int _rescoreFactor;
    private sbyte[] _codes;
    private float[] _scales;
    private float[] _data;
    private long[] _ids;
    private int _count;

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
        initialCapacity = Math.Max(1, initialCapacity);
        _codes = new sbyte[checked(initialCapacity * dimensions)];
        _data = new float[checked(initialCapacity * dimensions)];
        _scales = new float[initialCapacity];
        _ids = new long[initialCapacity];
    }

    /// <inheritdoc/>
    public int Dimensions { get; }

    /// <inheritdoc/>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return _count;
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
            if (!_rowOf.TryGetValue(id, out int row))
            {
                if (_count == _ids.Length)
                {
                    int capacity = checked(_ids.Length * 2);
                    Array.Resize(ref _ids, capacity);
                    Array.Resize(ref _scales, capacity);
                    Array.Resize(ref _codes, checked(capacity * Dimensions));
                    Array.Resize(ref _data, checked(capacity * Dimensions));
                }

                row = _count++;
                _ids[row] = id;
                _rowOf[id] = row;
            }

            Span<float> unit = _data.AsSpan(row * Dimensions, Dimensions);
            VectorValidation.NormalizeInto(vector, unit, nameof(vector));
            _scales[row] = Quantize(unit, _codes.AsSpan(row * Dimensions, Dimensions));
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
            if (!_rowOf.Remove(id, out int row))
            {
                return false;
            }

            int last = --_count;
            if (row != last)
            {
                _data.AsSpan(last * Dimensions, Dimensions).CopyTo(_data.AsSpan(row * Dimensions, Dimensions));
                _codes.AsSpan(last * Dimensions, Dimensions).CopyTo(_codes.AsSpan(row * Dimensions, Dimensions));
                _scales[row] = _scales[last];
                _ids[row] = _ids[last];
                _rowOf[_ids[row]] = row;
            }

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
            return _rowOf.ContainsKey(id);
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
        int dims = Dimensions;
        float[] q = ArrayPool<float>.Shared.Rent(dims);
        sbyte[] qCodes = ArrayPool<sbyte>.Shared.Rent(dims);
        int candidateCount = Math.Max(results.Length * _rescoreFactor, 16);
        VectorHit[] candidates = ArrayPool<VectorHit>.Shared.Rent(candidateCount);
        try
        {
            Span<float> unit = q.AsSpan(0, dims);
            VectorValidation.NormalizeInto(query, unit, nameof(query));
            float queryScale = Quantize(unit, qCodes.AsSpan(0, dims));
            ReadOnlySpan<sbyte> queryCodes = qCodes.AsSpan(0, dims);

            _lock.EnterReadLock();
            try
            {
                var coarse = new TopK(candidates.AsSpan(0, candidateCount));
                for (int row = 0, offset = 0; row < _count; row++, offset += dims)
                {
                    float approx = DotInt8(_codes.AsSpan(offset, dims), queryCodes) * _scales[row] * queryScale;
                    if (approx > coarse.Floor && (filter is null || filter(_ids[row])))
                    {
                        coarse.Offer(row, approx);
                    }
                }

                int found = coarse.Count;
                var top = new TopK(results);
                for (int i = 0; i < found; i++)
                {
                    int row = (int)candidates[i].Id;
                    top.Offer(_ids[row], TensorPrimitives.Dot(_data.AsSpan(row * dims, dims), unit));
                }

                return top.SortDescending();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
        finally
        {
            ArrayPool<VectorHit>.Shared.Return(candidates);
            ArrayPool<sbyte>.Shared.Return(qCodes);
            ArrayPool<float>.Shared.Return(q);
        }
    }

    /// <inheritdoc/>
    public void Compact()
    {
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();

    /// <summary>Quantises a vector symmetrically to [-127, 127] and returns the scale that maps codes back to floats.</summary>
    /// <param name="vector">The vector.</param>
    /// <param name="codes">Receives the codes.</param>
    /// <returns>The scale (max |x| / 127).</returns>
    internal static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        float maxAbs = TensorPrimitives.MaxMagnitude(vector);
        maxAbs = Math.Abs(maxAbs);
        if (maxAbs == 0f)
        {
            codes.Clear();
            return 0f;
        }

        float inverse = 127f / maxAbs;
        for (int i = 0; i < vector.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp((int)MathF.Round(vector[i] * inverse), -127, 127);
        }

        return maxAbs / 127f;
    }

    /// <summary>The integer dot product of two int8 code vectors (widened to 16-bit products, 32-bit sums).</summary>
    /// <param name="a">The first codes.</param>
    /// <param name="b">The second codes.</param>
    /// <returns>The exact integer dot product.</returns>
    internal static int DotInt8(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        int i = 0;
        int sum = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<sbyte>.Count)
        {
            var acc = Vector<int>.Zero;
            int last = a.Length - Vector<sbyte>.Count;
            for (; i <= last; i += Vector<sbyte>.Count)
            {
                var va = new Vector<sbyte>(a.Slice(i));
                var vb = new Vector<sbyte>(b.Slice(i));
                Vector.Widen(va, out Vector<short> aLow, out Vector<short> aHigh);
                Vector.Widen(vb, out Vector<short> bLow, out Vector<short> bHigh);

                // |code| <= 127, so each product fits in 16 bits; widen before summing.
                Vector.Widen(aLow * bLow, out Vector<int> p0, out Vector<int> p1);
                Vector.Widen(aHigh * bHigh, out Vector<int> p2, out Vector<int> p3);
                acc += (p0 + p1) + (p2 + p3);
            }

            sum = Vector.Sum(acc);
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
