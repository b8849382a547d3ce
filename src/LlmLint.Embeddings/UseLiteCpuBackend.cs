using System.Collections.Concurrent;

namespace LlmLint.Embeddings;

/// <summary>
/// The USE-lite forward pass on the CPU. The tokens of every text of a batch are stacked into one matrix, so each dense
/// layer is one product over all of them; attention and pooling run per text over its own tokens only (the graph's
/// padding mask gives padded keys a weight of exactly zero, so this is the same computation without the padding).
/// </summary>
/// <remarks>Thread-safe: each call rents a workspace from a pool; after warm-up a call allocates nothing.</remarks>
internal sealed class UseLiteCpuBackend : IEmbeddingBackend
{
    private readonly UseLiteWeights _w;
    private readonly IMatrixKernels _kernels;
    private readonly ConcurrentBag<Workspace> _pool = new();

    /// <summary>Creates the backend over <paramref name="weights"/>, with <paramref name="kernels"/> (default: <see cref="CpuMatrixKernels"/>).</summary>
    public UseLiteCpuBackend(UseLiteWeights weights, IMatrixKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _w = weights;
        _kernels = kernels ?? new CpuMatrixKernels();
    }

    /// <inheritdoc />
    public int Dimensions => UseLiteWeights.OutputDimensions;

    /// <inheritdoc />
    public int MaxTokens => _w.MaxPositions;

    /// <inheritdoc />
    public void Embed(ReadOnlySpan<int> tokens, ReadOnlySpan<int> offsets, Span<float> destination, bool parallelKernels)
    {
        int count = offsets.Length - 1;
        if (count <= 0) return;
        if (destination.Length < count * Dimensions) throw new ArgumentException($"Expected room for {count * Dimensions} values.", nameof(destination));
        int rows = offsets[count] - offsets[0];
        if (!_pool.TryTake(out Workspace? ws)) ws = new Workspace();
        try
        {
            ws.Ensure(rows, count);
            Forward(ws, tokens.Slice(offsets[0], rows), offsets, rows, count, destination, parallelKernels);
        }
        finally
        {
            _pool.Add(ws);
        }
    }

    private void Forward(Workspace ws, ReadOnlySpan<int> tokens, ReadOnlySpan<int> offsets, int rows, int count, Span<float> destination, bool par)
    {
        const int E = UseLiteWeights.EmbeddingDimensions;
        const int D = UseLiteWeights.OutputDimensions;
        int baseOffset = offsets[0];

        // Layer 0 input: x + AddTimingSignal(x) = 2 · embedding + timing signal (position within its own text), as the
        // graph adds the scattered embeddings to the scattered embeddings-plus-timing.
        Span<float> x0 = ws.X0.AsSpan(0, rows * E);
        for (int s = 0; s < count; s++)
        {
            int start = offsets[s] - baseOffset, len = offsets[s + 1] - offsets[s];
            for (int t = 0; t < len; t++)
            {
                int id = tokens[start + t];
                if ((uint)id >= (uint)_w.VocabularySize) throw new ArgumentOutOfRangeException(nameof(tokens), id, "A token id is outside the vocabulary.");
                TensorPrimitives.MultiplyAdd(_w.Embeddings.AsSpan(id * E, E), 2f, _w.Timing.AsSpan(t * E, E), x0.Slice((start + t) * E, E));
            }
        }

        Span<float> xa = ws.Residual.AsSpan(0, rows * D);
        Span<float> hn = ws.Normed.AsSpan(0, rows * D);
        Span<float> ffn = ws.Ffn.AsSpan(0, rows * 1536);

        // Layer 0: the residual stream is projected from 256 to 512 features.
        _kernels.MatMul(x0, rows, _w.ResidualProjection, _w.ResidualProjectionBias, xa, accumulate: false, par);
        UseLiteWeights.LayerWeights l0 = _w.Layers[0];
        LayerNorm(x0, rows, E, l0.AttentionNormScale, l0.AttentionNormBias, hn.Slice(0, rows * E));
        Attention(ws, l0, hn.Slice(0, rows * E), rows, offsets, count, xa, par);
        FeedForward(l0, xa, hn, ffn, rows, par);

        UseLiteWeights.LayerWeights l1 = _w.Layers[1];
        LayerNorm(xa, rows, D, l1.AttentionNormScale, l1.AttentionNormBias, hn);
        Attention(ws, l1, hn, rows, offsets, count, xa, par);

        // Last feed-forward and padding-masked mean pooling (the graph divides by max(length, 1)). The second FFN
        // product is linear, so it is applied to the pooled hidden activations: mean(x + relu(h·W1 + b1)·W2 + b2) =
        // mean(x) + mean(relu(h·W1 + b1))·W2 + b2, one row per text instead of one per token.
        LayerNorm(xa, rows, D, l1.FfnNormScale, l1.FfnNormBias, hn);
        _kernels.MatMul(hn, rows, l1.Ffn1, l1.Ffn1Bias, ffn, accumulate: false, par);
        TensorPrimitives.Max(ffn, 0f, ffn);
        Span<float> pooled = ws.Pooled.AsSpan(0, count * D);
        Span<float> pooledHidden = ws.PooledHidden.AsSpan(0, count * 1536);
        MeanRows(xa, D, offsets, count, pooled);
        MeanRows(ffn, 1536, offsets, count, pooledHidden);
        _kernels.MatMul(pooledHidden, count, l1.Ffn2, l1.Ffn2Bias, pooled, accumulate: true, par);
        for (int s = 0; s < count; s++)
        {
            if (offsets[s + 1] == offsets[s]) pooled.Slice(s * D, D).Clear(); // no tokens: the graph pools to zeros
        }

        Span<float> output = destination.Slice(0, count * D);
        _kernels.MatMul(pooled, count, _w.Output, _w.OutputBias, output, accumulate: false, par);
        for (int s = 0; s < count; s++)
        {
            Span<float> o = output.Slice(s * D, D);
            TensorPrimitives.Tanh(o, o);
            float sumSquares = TensorPrimitives.SumOfSquares(o);
            float scale = 1f / MathF.Sqrt(MathF.Max(sumSquares, _w.NormalizeEpsilon));
            TensorPrimitives.Multiply(o, scale, o);
        }
    }

    private static void MeanRows(ReadOnlySpan<float> x, int width, ReadOnlySpan<int> offsets, int count, Span<float> result)
    {
        int baseOffset = offsets[0];
        result.Slice(0, count * width).Clear();
        for (int s = 0; s < count; s++)
        {
            int start = offsets[s] - baseOffset, len = offsets[s + 1] - offsets[s];
            Span<float> p = result.Slice(s * width, width);
            for (int t = 0; t < len; t++) TensorPrimitives.Add(p, x.Slice((start + t) * width, width), p);
            if (len > 1) TensorPrimitives.Divide(p, (float)len, p);
        }
    }

    private void FeedForward(UseLiteWeights.LayerWeights l, Span<float> xa, Span<float> hn, Span<float> ffn, int rows, bool par)
    {
        const int D = UseLiteWeights.OutputDimensions;
        LayerNorm(xa, rows, D, l.FfnNormScale, l.FfnNormBias, hn);
        _kernels.MatMul(hn, rows, l.Ffn1, l.Ffn1Bias, ffn, accumulate: false, par);
        TensorPrimitives.Max(ffn, 0f, ffn);
        _kernels.MatMul(ffn, rows, l.Ffn2, l.Ffn2Bias, xa, accumulate: true, par);
    }

    private void Attention(Workspace ws, UseLiteWeights.LayerWeights l, ReadOnlySpan<float> normed, int rows, ReadOnlySpan<int> offsets, int count, Span<float> xa, bool par)
    {
        int dim = l.InputDim, hd = l.HeadDim, width = 3 * dim;
        Span<float> qkv = ws.Qkv.AsSpan(0, rows * width);
        Span<float> ctx = ws.Context.AsSpan(0, rows * dim);
        _kernels.MatMul(normed, rows, l.Qkv, l.QkvBias, qkv, accumulate: false, par);
        Span<float> scores = ws.Scores;
        Span<float> query = ws.Query.AsSpan(0, hd);
        int baseOffset = offsets[0];
        for (int s = 0; s < count; s++)
        {
            int start = offsets[s] - baseOffset, len = offsets[s + 1] - offsets[s];
            for (int h = 0; h < l.Heads; h++)
            {
                int qo = h * hd, ko = dim + h * hd, vo = 2 * dim + h * hd;
                for (int i = 0; i < len; i++)
                {
                    TensorPrimitives.Multiply(qkv.Slice((start + i) * width + qo, hd), l.QueryScale, query);
                    Span<float> sc = scores.Slice(0, len);
                    for (int j = 0; j < len; j++) sc[j] = TensorPrimitives.Dot(query, qkv.Slice((start + j) * width + ko, hd));
                    TensorPrimitives.SoftMax(sc, sc);
                    Span<float> c = ctx.Slice((start + i) * dim + qo, hd);
                    c.Clear();
                    for (int j = 0; j < len; j++) TensorPrimitives.MultiplyAdd(qkv.Slice((start + j) * width + vo, hd), sc[j], c, c);
                }
            }
        }

        _kernels.MatMul(ctx, rows, l.AttentionOutput, l.AttentionOutputBias, xa, accumulate: true, par);
    }

    private void LayerNorm(ReadOnlySpan<float> x, int rows, int dim, ReadOnlySpan<float> scale, ReadOnlySpan<float> bias, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> xr = x.Slice(r * dim, dim);
            Span<float> yr = y.Slice(r * dim, dim);
            float mean = TensorPrimitives.Sum(xr) / dim;
            TensorPrimitives.Subtract(xr, mean, yr);
            float variance = TensorPrimitives.SumOfSquares(yr) / dim;
            float inv = 1f / MathF.Sqrt(variance + _w.LayerNormEpsilon);
            // scale * rsqrt(var + eps) * (x - mean) + bias, in the graph's order.
            TensorPrimitives.Multiply(yr, inv, yr);
            TensorPrimitives.FusedMultiplyAdd(yr, scale, bias, yr);
        }
    }

    private sealed class Workspace
    {
        public float[] X0 = Array.Empty<float>();
        public float[] Residual = Array.Empty<float>();
        public float[] Normed = Array.Empty<float>();
        public float[] Qkv = Array.Empty<float>();
        public float[] Context = Array.Empty<float>();
        public float[] Ffn = Array.Empty<float>();
        public float[] Pooled = Array.Empty<float>();
        public float[] PooledHidden = Array.Empty<float>();
        public float[] Scores = new float[4096];
        public float[] Query = new float[128];
        private int _rows = -1, _count = -1;

        public void Ensure(int rows, int count)
        {
            if (rows > _rows)
            {
                int r = Math.Max(rows, 16);
                X0 = new float[r * UseLiteWeights.EmbeddingDimensions];
                Residual = new float[r * 512];
                Normed = new float[r * 512];
                Qkv = new float[r * 1536];
                Context = new float[r * 512];
                Ffn = new float[r * 1536];
                _rows = r;
            }

            if (count > _count)
            {
                Pooled = new float[Math.Max(count, 8) * 512];
                PooledHidden = new float[Math.Max(count, 8) * 1536];
                _count = Math.Max(count, 8);
            }
        }
    }
}
