namespace LlmLint.Vectors;

/// <summary>
/// The row bookkeeping shared by the flat indexes: contiguous row-major normalised float32 rows, optional int8 codes
/// with their per-row quantisation data, the id of each row and the row of each id. Removal moves the last row into
/// the hole, so rows stay dense. The plain members are not thread-safe: the owning index holds <see cref="Lock"/> around
/// them (shared to read, exclusive to write); the <c>Shared</c>/<c>Exclusive</c> members take it themselves.
/// </summary>
internal sealed class FlatRows
{
    private readonly Dictionary<long, int> _rowOf = new();
    private readonly bool _withCodes;

    public FlatRows(int dimensions, int initialCapacity, bool withCodes)
    {
        Dimensions = dimensions;
        _withCodes = withCodes;
        initialCapacity = Math.Max(1, initialCapacity);
        Data = new float[checked(initialCapacity * dimensions)];
        Ids = new long[initialCapacity];
        Codes = withCodes ? new sbyte[checked(initialCapacity * dimensions)] : Array.Empty<sbyte>();
        Scales = withCodes ? new float[initialCapacity] : Array.Empty<float>();
        CodeNorms = withCodes ? new float[initialCapacity] : Array.Empty<float>();
        Residuals = withCodes ? new float[initialCapacity] : Array.Empty<float>();
    }

    public int Dimensions { get; }

    /// <summary>Gets the lock of the owning index: shared for reads and searches, exclusive for writes.</summary>
    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    public int CountShared()
    {
        Lock.EnterReadLock();
        try
        {
            return Count;
        }
        finally
        {
            Lock.ExitReadLock();
        }
    }

    public bool ContainsShared(long id)
    {
        Lock.EnterReadLock();
        try
        {
            return Contains(id);
        }
        finally
        {
            Lock.ExitReadLock();
        }
    }

    public void AddExclusive(long id, ReadOnlySpan<float> vector, string paramName)
    {
        Lock.EnterWriteLock();
        try
        {
            Add(id, vector, paramName);
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    public bool RemoveExclusive(long id)
    {
        Lock.EnterWriteLock();
        try
        {
            return Remove(id);
        }
        finally
        {
            Lock.ExitWriteLock();
        }
    }

    public int Count { get; private set; }

    /// <summary>Gets the normalised float32 rows (row-major, <see cref="Count"/> × <see cref="Dimensions"/> in use).</summary>
    public float[] Data { get; private set; }

    /// <summary>Gets the id stored in each row.</summary>
    public long[] Ids { get; private set; }

    /// <summary>Gets the int8 code rows (empty when the rows carry no codes).</summary>
    public sbyte[] Codes { get; private set; }

    /// <summary>Gets each row's quantisation scale s (row ≈ s · codes).</summary>
    public float[] Scales { get; private set; }

    /// <summary>Gets each row's dequantised norm ‖s · codes‖, rounded up.</summary>
    public float[] CodeNorms { get; private set; }

    /// <summary>Gets each row's quantisation residual ‖row − s · codes‖, rounded up.</summary>
    public float[] Residuals { get; private set; }

    /// <summary>Gets the memory held per row capacity in bytes (float row, codes, quantisation data, id).</summary>
    public long BytesPerRow => (Dimensions * 4L) + (_withCodes ? Dimensions + 12L : 0L) + 8L;

    public bool Contains(long id) => _rowOf.ContainsKey(id);

    public bool TryGetRow(long id, out int row) => _rowOf.TryGetValue(id, out row);

    public ReadOnlySpan<float> Row(int row) => Data.AsSpan(row * Dimensions, Dimensions);

    /// <summary>Validates, normalises and stores <paramref name="vector"/> under <paramref name="id"/> (replacing in place).</summary>
    public void Add(long id, ReadOnlySpan<float> vector, string paramName)
    {
        VectorValidation.Validate(vector, Dimensions, paramName);
        if (!_rowOf.TryGetValue(id, out int row))
        {
            if (Count == Ids.Length)
            {
                Grow();
            }

            row = Count++;
            Ids[row] = id;
            _rowOf[id] = row;
        }

        Span<float> unit = Data.AsSpan(row * Dimensions, Dimensions);
        VectorValidation.NormalizeInto(vector, unit, paramName);
        if (_withCodes)
        {
            Span<sbyte> codes = Codes.AsSpan(row * Dimensions, Dimensions);
            Scales[row] = Int8Quantizer.Quantize(unit, codes);
            (CodeNorms[row], Residuals[row]) = Int8Quantizer.ErrorTerms(unit, codes, Scales[row]);
        }
    }

    public bool Remove(long id)
    {
        if (!_rowOf.Remove(id, out int row))
        {
            return false;
        }

        int last = --Count;
        if (row != last)
        {
            int dims = Dimensions;
            Data.AsSpan(last * dims, dims).CopyTo(Data.AsSpan(row * dims, dims));
            if (_withCodes)
            {
                Codes.AsSpan(last * dims, dims).CopyTo(Codes.AsSpan(row * dims, dims));
                Scales[row] = Scales[last];
                CodeNorms[row] = CodeNorms[last];
                Residuals[row] = Residuals[last];
            }

            Ids[row] = Ids[last];
            _rowOf[Ids[row]] = row;
        }

        return true;
    }

    private void Grow()
    {
        int capacity = checked(Ids.Length * 2);
        long[] ids = Ids;
        Array.Resize(ref ids, capacity);
        Ids = ids;
        float[] data = Data;
        Array.Resize(ref data, checked(capacity * Dimensions));
        Data = data;
        if (_withCodes)
        {
            sbyte[] codes = Codes;
            Array.Resize(ref codes, checked(capacity * Dimensions));
            Codes = codes;
            float[] scales = Scales;
            Array.Resize(ref scales, capacity);
            Scales = scales;
            float[] norms = CodeNorms;
            Array.Resize(ref norms, capacity);
            CodeNorms = norms;
            float[] residuals = Residuals;
            Array.Resize(ref residuals, capacity);
            Residuals = residuals;
        }
    }
}
