using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace LlmLint.Vectors;

/// <content>
/// The projected walk: searches walk the graph on int8 codes of <c>Pᵀ(x − μ)</c>, the stored vectors projected onto
/// their top principal directions, and re-rank the beam with the float32 vectors.
/// </content>
/// <remarks>
/// For a unit query q, x·q = (x − μ)·q + μ·q and the second term is the same for every node, so the walk ranks nodes by
/// ⟨Pᵀ(x − μ), Pᵀq⟩ (the query is projected once, without centring); only the order matters during the walk.
/// Each projected direction j has its own quantisation step s_j (its largest magnitude on the training sample / 127;
/// larger values saturate), so a node's code is c_j = round(y_j / s_j) and ⟨y, Pᵀq⟩ ≈ Σ c_j · (s_j (Pᵀq)_j): the steps
/// are folded into the query once, and scoring a node reads its 64-byte code row and nothing else.
/// </remarks>
public sealed partial class HnswVectorIndex
{
    /// <summary>
    /// Turns on the projected walk with <paramref name="walkDimensions"/> dimensions (see
    /// <see cref="HnswOptions.WalkDimensions"/>) on a built or loaded graph. When the index already holds at least
    /// <paramref name="trainingSize"/> vectors the projection is fitted now (on a deterministic sample of that many
    /// stored vectors) and every node gets its projected code; otherwise the fit runs when the index reaches that size.
    /// The graph itself is unchanged; a projection fitted before is replaced.
    /// </summary>
    /// <param name="walkDimensions">The dimensions of the projection: at least 8 and below <see cref="Dimensions"/>.</param>
    /// <param name="trainingSize">The number of stored vectors to fit on (at least 4 × <paramref name="walkDimensions"/>).</param>
    public void EnableProjectedWalk(int walkDimensions, int trainingSize = HnswOptions.DefaultWalkTrainingSize)
    {
        if (walkDimensions == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(walkDimensions), walkDimensions, $"Pass between 8 and {Dimensions - 1} dimensions; call DisableProjectedWalk to walk the full codes.");
        }

        HnswOptions.ValidateWalk(walkDimensions, trainingSize, Dimensions, nameof(walkDimensions));
        _lock.EnterWriteLock();
        try
        {
            ClearWalk();
            _walkDims = walkDimensions;
            _walkTrainingSize = trainingSize;
            FitWalkIfDue();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Turns the projected walk off: searches walk the full int8 codes again and the projection is dropped.</summary>
    public void DisableProjectedWalk()
    {
        _lock.EnterWriteLock();
        try
        {
            ClearWalk();
            _walkDims = 0;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Gets the fitted principal directions (rows of <see cref="Dimensions"/> floats), or null; for tests.</summary>
    internal float[]? WalkBasis => _walkBasis;

    /// <summary>Gets the fitted mean, or null; for tests.</summary>
    internal float[]? WalkMean => _walkMean;

    /// <summary>Gets the fitted quantisation step of each projected direction, or null; for tests.</summary>
    internal float[]? WalkSteps => _walkSteps;

    private void ClearWalk()
    {
        _walkBasis = null;
        _walkMean = null;
        _walkOffsets = null;
        _walkCodes = Array.Empty<sbyte>();
        _walkSteps = null;
        _walkBase = 0;
    }

    /// <summary>Fits the projection the first time the index holds <c>WalkTrainingSize</c> vectors (under the write lock).</summary>
    private void FitWalkIfDue()
    {
        if (_walkDims == 0 || _walkBasis is not null || _count < _walkTrainingSize)
        {
            return;
        }

        int[] rows = WalkSample();

        PrincipalComponents pca = PrincipalComponents.Fit(_vectors, Dimensions, rows, _walkDims, _seed);
        SetWalk(pca.Mean, pca.Basis);
        FitSteps(rows);
        AllocateWalkCodes(_ids.Length, 0);
        ProjectAll();
    }

    /// <summary>The rows of the deterministic, evenly spread sample of at most <c>WalkTrainingSize</c> stored vectors.</summary>
    private int[] WalkSample()
    {
        int n = Math.Min(_count, _walkTrainingSize);
        var rows = new int[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = (int)((long)i * _count / n);
        }

        return rows;
    }

    /// <summary>Sets each direction's quantisation step: its largest magnitude over <paramref name="rows"/> / 127.</summary>
    private void FitSteps(int[] rows)
    {
        int dims = Dimensions;
        int k = _walkDims;
        float[] basis = _walkBasis!;
        float[] offsets = _walkOffsets!;
        var steps = new float[k];
        foreach (int row in rows)
        {
            ReadOnlySpan<float> x = _vectors.AsSpan(row * dims, dims);
            for (int j = 0; j < k; j++)
            {
                float y = MathF.Abs(TensorPrimitives.Dot(basis.AsSpan(j * dims, dims), x) - offsets[j]);
                if (y > steps[j])
                {
                    steps[j] = y;
                }
            }
        }

        for (int j = 0; j < k; j++)
        {
            steps[j] = steps[j] > 0 && float.IsFinite(steps[j]) ? steps[j] / 127f : 1f;
        }

        _walkSteps = steps;
    }

    /// <summary>Installs a fitted projection (mean and basis) and the per-direction offsets basis · mean.</summary>
    private void SetWalk(float[] mean, float[] basis)
    {
        int dims = Dimensions;
        int k = basis.Length / dims;
        var offsets = new float[k];
        for (int j = 0; j < k; j++)
        {
            offsets[j] = TensorPrimitives.Dot(basis.AsSpan(j * dims, dims), mean);
        }

        _walkMean = mean;
        _walkBasis = basis;
        _walkOffsets = offsets;
        _walkDims = k;
    }

    /// <summary>Projects every stored node (on all cores).</summary>
    private void ProjectAll()
    {
        const int Chunk = 1024;
        int count = _count;
        Parallel.For(0, (count + Chunk - 1) / Chunk, chunk =>
        {
            int end = Math.Min(count, (chunk + 1) * Chunk);
            for (int node = chunk * Chunk; node < end; node++)
            {
                ProjectNode(node);
            }
        });
    }

    /// <summary>Writes a node's projected code: c_j = round(y_j / s_j), saturated to ±127, for y = Pᵀ(x − μ).</summary>
    private void ProjectNode(int node)
    {
        int dims = Dimensions;
        int k = _walkDims;
        float[] basis = _walkBasis!;
        float[] offsets = _walkOffsets!;
        float[] steps = _walkSteps!;
        ReadOnlySpan<float> x = _vectors.AsSpan(node * dims, dims);
        Span<sbyte> codes = _walkCodes.AsSpan(_walkBase + (node * k), k);
        for (int j = 0; j < k; j++)
        {
            float y = (TensorPrimitives.Dot(basis.AsSpan(j * dims, dims), x) - offsets[j]) / steps[j];
            codes[j] = (sbyte)Math.Clamp(MathF.Round(y), -127f, 127f);
        }
    }

    /// <summary>
    /// Prepares a unit query for the projected walk: s_j (Pᵀq)_j (not centred, the steps folded in; see the remarks),
    /// quantised and widened. The code query has no per-node scales.
    /// </summary>
    private CodeQuery ProjectedQueryCodes(ReadOnlySpan<float> unit, Scratch scratch)
    {
        int k = _walkDims;
        float[] basis = _walkBasis!;
        float[] steps = _walkSteps!;
        int dims = unit.Length;
        Span<float> y = scratch.Projected.AsSpan(0, k);
        for (int j = 0; j < k; j++)
        {
            y[j] = TensorPrimitives.Dot(basis.AsSpan(j * dims, dims), unit) * steps[j];
        }

        Span<sbyte> codes = scratch.QueryCodes.AsSpan(0, k);
        float scale = Int8Quantizer.Quantize(y, codes);
        Int8Quantizer.Widen(codes, scratch.QueryWide.AsSpan(0, k));
        return new CodeQuery(scratch.QueryWide, scale, _walkCodes, null, k, _walkBase);
    }

    /// <summary>
    /// Replaces the projected code table with one for <paramref name="capacity"/> nodes, keeping the first
    /// <paramref name="keep"/> rows. The array is pinned so that its rows can start on a cache-line boundary.
    /// </summary>
    private unsafe void AllocateWalkCodes(int capacity, int keep)
    {
        int k = _walkDims;
        sbyte[] codes = GC.AllocateUninitializedArray<sbyte>(checked((capacity * k) + 64), pinned: true);
        long address = (long)Unsafe.AsPointer(ref codes[0]);
        int start = (int)((64 - (address & 63)) & 63);
        if (keep > 0)
        {
            _walkCodes.AsSpan(_walkBase, keep * k).CopyTo(codes.AsSpan(start, keep * k));
        }

        _walkCodes = codes;
        _walkBase = start;
    }
}
