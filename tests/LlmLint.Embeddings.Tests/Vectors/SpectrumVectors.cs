using System;
using System.Numerics.Tensors;

namespace LlmLint.Embeddings.Tests.Vectors;

/// <summary>Vectors with a known covariance spectrum in a random rotated basis, for the principal components and the projected walk.</summary>
internal static class SpectrumVectors
{
    /// <summary>A random orthonormal basis (rows) of R^dims.</summary>
    public static double[][] RandomRotation(int dims, int seed)
    {
        var random = new Random(seed);
        var rows = new double[dims][];
        for (int i = 0; i < dims; i++)
        {
            float[] g = TestVectors.Gaussian(random, dims);
            var row = Array.ConvertAll(g, x => (double)x);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int j = 0; j < i; j++)
                {
                    double dot = TensorPrimitives.Dot<double>(row, rows[j]);
                    TensorPrimitives.MultiplyAdd<double>(rows[j], -dot, row, row);
                }

                TensorPrimitives.Divide<double>(row, TensorPrimitives.Norm<double>(row), row);
            }

            rows[i] = row;
        }

        return rows;
    }

    /// <summary>
    /// Gaussian rows with standard deviation <paramref name="sigma"/>[i] along rotated axis i (none along the axes past
    /// sigma's length) around a mean along the last used axis; unit-normalised when <paramref name="normalise"/>.
    /// </summary>
    public static float[][] Spectrum(int count, int dims, double[] sigma, double[][] rotation, int seed, bool normalise = true, double meanNorm = 1.0)
    {
        var random = new Random(seed);
        var result = new float[count][];
        var v = new double[dims];
        for (int n = 0; n < count; n++)
        {
            Array.Clear(v);
            TensorPrimitives.MultiplyAdd<double>(rotation[sigma.Length - 1], meanNorm, v, v);
            float[] g = TestVectors.Gaussian(random, sigma.Length);
            for (int i = 0; i < sigma.Length; i++)
            {
                TensorPrimitives.MultiplyAdd<double>(rotation[i], sigma[i] * g[i], v, v);
            }

            result[n] = Array.ConvertAll(v, x => (float)x);
            if (normalise)
            {
                TestVectors.Normalize(result[n]);
            }
        }

        return result;
    }

    public static double[] Decaying(int dims, double power = 1.5)
    {
        var sigma = new double[dims];
        for (int i = 0; i < dims; i++)
        {
            sigma[i] = Math.Sqrt(1.0 / Math.Pow(i + 1, power));
        }

        return sigma;
    }
}
