using System.Numerics.Tensors;
using LlmLint.Embeddings;
using LlmLint.LearnedRouting;

namespace LlmLint.Distillation;

/// <summary>
/// Fits a <see cref="StudentClassifier"/>: mean cross-entropy plus an L2 penalty on the weights, minimised by L-BFGS
/// (the problem is convex, so the result depends only on the data). Each evaluation is two matrix products on the
/// packed SIMD kernels: logits = X·W and gradient = Xᵀ·(P − Y).
/// </summary>
internal static class StudentClassifierTrainer
{
    /// <summary>Trains on <paramref name="count"/> rows of <paramref name="embeddings"/> (row-major) with label indices <paramref name="targets"/>.</summary>
    public static StudentClassifier Train(
        ReadOnlySpan<float> embeddings, int count, int dimensions, ReadOnlySpan<int> targets, IReadOnlyList<string> labels,
        double l2, int maxIterations = 300, CancellationToken cancellationToken = default)
    {
        int classes = labels.Count;
        if (count < 1 || embeddings.Length < count * dimensions || targets.Length < count)
        {
            throw new ArgumentException($"Expected {count} rows of {dimensions} values and {count} targets.", nameof(embeddings));
        }

        int padded = (classes + PackedMatrix.PanelWidth - 1) / PackedMatrix.PanelWidth * PackedMatrix.PanelWidth;
        float[] x = embeddings.Slice(0, count * dimensions).ToArray();
        float[] transposed = new float[dimensions * count];
        for (int i = 0; i < count; i++)
        {
            for (int d = 0; d < dimensions; d++)
            {
                transposed[(d * count) + i] = x[(i * dimensions) + d];
            }
        }

        int[] y = targets.Slice(0, count).ToArray();
        foreach (int t in y)
        {
            if ((uint)t >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), t, $"A target is not one of the {classes} labels.");
            }
        }

        var kernels = new CpuMatrixKernels();
        float[] logits = new float[count * padded];
        float[] residual = new float[count * padded];
        float[] noBias = new float[padded];
        int weightCount = dimensions * padded;

        // Parameters: W (dimensions × padded, row-major) then the bias (padded). Padded columns stay zero.
        var parameters = new float[weightCount + padded];
        double Objective(float[] p, float[] gradient)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var w = new PackedMatrix(p.AsSpan(0, weightCount), dimensions, padded);
            kernels.MatMul(x, count, w, p.AsSpan(weightCount, padded), logits, accumulate: false, parallel: true);
            double loss = 0;
            Array.Clear(residual);
            Span<float> biasGradient = gradient.AsSpan(weightCount, padded);
            biasGradient.Clear();
            for (int i = 0; i < count; i++)
            {
                Span<float> z = logits.AsSpan(i * padded, classes);
                Span<float> r = residual.AsSpan(i * padded, classes);
                float max = TensorPrimitives.Max(z);
                TensorPrimitives.Subtract(z, max, r);
                TensorPrimitives.Exp(r, r);
                float sum = TensorPrimitives.Sum(r);
                loss += Math.Log(sum) - (z[y[i]] - max);
                TensorPrimitives.Multiply(r, 1f / (sum * count), r); // (P − Y) / count, the mean's gradient
                r[y[i]] -= 1f / count;
                TensorPrimitives.Add(biasGradient.Slice(0, classes), r, biasGradient.Slice(0, classes));
            }

            var rp = new PackedMatrix(residual, count, padded);
            kernels.MatMul(transposed, dimensions, rp, noBias, gradient.AsSpan(0, weightCount), accumulate: false, parallel: true);
            Span<float> weights = p.AsSpan(0, weightCount);
            TensorPrimitives.MultiplyAdd(weights, (float)l2, gradient.AsSpan(0, weightCount), gradient.AsSpan(0, weightCount));
            return (loss / count) + (0.5 * l2 * TensorPrimitives.Dot(weights, weights));
        }

        Lbfgs.Minimize(parameters, Objective, maxIterations, tolerance: 1e-5, history: 10);

        float[] labelMajor = new float[classes * dimensions];
        for (int d = 0; d < dimensions; d++)
        {
            for (int k = 0; k < classes; k++)
            {
                labelMajor[(k * dimensions) + d] = parameters[(d * padded) + k];
            }
        }

        return new StudentClassifier(labels, dimensions, labelMajor, parameters.AsSpan(weightCount, classes).ToArray());
    }
}
