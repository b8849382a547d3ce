using System;
using System.Buffers;
using System.Collections.Generic;
using System.Numerics.Tensors;
using System.Threading;

namespace LlmLint.Vectors;

/// <summary>
/// Exact nearest-neighbour search: a scan of contiguous row-major float32 storage with <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// and a bounded heap for the top k. Removal moves the last row into the hole, so there is nothing to compact.
/// </summary>
/// <remarks>Thread-safe: concurrent searches share a read lock; adds and removes take the write lock.</remarks>
public sealed class FlatVectorIndex : IVectorIndex
{
    /// <summary>Row count from which a search scores rows on several threads.</summary>
    private const int ParallelRows = 16_384;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<long, int> _rowOf = new();
    private float[] _data;
    private long[] _ids;
    private int _count;

    /// <summary>Initializes a new instance of the <see cref="FlatVectorIndex"/> class.</summary>
    /// <param name="dimensions">The vector length.</param>
    /// <param name="initialCapacity">Rows to reserve.</param>
    public FlatVectorIndex(int dimensions, int initialCapacity = 16)
    {
        VectorValidation.CheckDimensions(dimensions);
        Dimensions = dimensions;
        initialCapacity = Math.Max(1, initialCapacity);
        _data = new float[checked(initialCapacity * dimensions)];
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
                    Array.Resize(ref _data, checked(capacity * Dimensions));
                }

                row = _count++;
                _ids[row] = id;
                _rowOf[id] = row;
            }

            VectorValidation.NormalizeInto(vector, _data.AsSpan(row * Dimensions, Dimensions), nameof(vector));
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

    /// <summary>Copies the stored (normalised) vector of <paramref name="id"/> into <paramref name="destination"/>.</summary>
    /// <param name="id">The id.</param>
    /// <param name="destination">Receives <see cref="Dimensions"/> floats.</param>
    /// <returns><see langword="true"/> when the id is stored.</returns>
    public bool TryGetVector(long id, Span<float> destination)
    {
        _lock.EnterReadLock();
        try
        {
            if (!_rowOf.TryGetValue(id, out int row))
            {
                return false;
            }

            _data.AsSpan(row * Dimensions, Dimensions).CopyTo(destination);
            return true;
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
        float[]? rented = null;
        Span<float> q = Dimensions <= 1024 ? stackalloc float[Dimensions] : (rented = ArrayPool<float>.Shared.Rent(Dimensions)).AsSpan(0, Dimensions);
        try
        {
            VectorValidation.NormalizeInto(query, q, nameof(query));
            _lock.EnterReadLock();
            try
            {
                var top = new TopK(results);
                int dims = Dimensions;
                if (_count >= ParallelRows && Environment.ProcessorCount > 1)
                {
                    // Large scans: score every row on all cores into a pooled buffer, then one pass keeps the top k.
                    float[] scores = ArrayPool<float>.Shared.Rent(_count);
                    try
                    {
                        ScoreParallel(q, scores);
                        for (int row = 0; row < _count; row++)
                        {
                            float similarity = scores[row];
                            if (similarity > top.Floor && (filter is null || filter(_ids[row])))
                            {
                                top.Offer(_ids[row], similarity);
                            }
                        }
                    }
                    finally
                    {
                        ArrayPool<float>.Shared.Return(scores);
                    }

                    return top.SortDescending();
                }

                ReadOnlySpan<float> data = _data.AsSpan(0, _count * dims);
                for (int row = 0, offset = 0; row < _count; row++, offset += dims)
                {
                    float similarity = TensorPrimitives.Dot(data.Slice(offset, dims), q);
                    if (similarity > top.Floor && (filter is null || filter(_ids[row])))
                    {
                        top.Offer(_ids[row], similarity);
                    }
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
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Scores rows on several threads; each chunk writes its own slice of <paramref name="scores"/>.</summary>
    private void ScoreParallel(Span<float> query, float[] scores)
    {
        float[] q = ArrayPool<float>.Shared.Rent(Dimensions);
        try
        {
            query.CopyTo(q);
            int chunks = Math.Min(Environment.ProcessorCount, (_count + ParallelRows - 1) / (ParallelRows / 2));
            var job = new ScoreJob(_data, q, scores, Dimensions, _count, chunks);
            System.Threading.Tasks.Parallel.For(0, chunks, job.Run);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(q);
        }
    }

    private sealed class ScoreJob
    {
        private readonly float[] _data;
        private readonly float[] _query;
        private readonly float[] _scores;
        private readonly int _dims;
        private readonly int _count;
        private readonly int _chunks;

        public ScoreJob(float[] data, float[] query, float[] scores, int dims, int count, int chunks)
        {
            _data = data;
            _query = query;
            _scores = scores;
            _dims = dims;
            _count = count;
            _chunks = chunks;
        }

        public void Run(int chunk)
        {
            int start = (int)((long)_count * chunk / _chunks);
            int end = (int)((long)_count * (chunk + 1) / _chunks);
            ReadOnlySpan<float> q = _query.AsSpan(0, _dims);
            ReadOnlySpan<float> data = _data;
            for (int row = start, offset = start * _dims; row < end; row++, offset += _dims)
            {
                _scores[row] = TensorPrimitives.Dot(data.Slice(offset, _dims), q);
            }
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
        _lock.EnterReadLock();
        try
        {
            for (int row = 0; row < _count; row++)
            {
                visitor(_ids[row], _data.AsMemory(row * Dimensions, Dimensions));
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _lock.Dispose();
}
