using System;
using System.Numerics.Tensors;
using LlmLint.Vectors;
using static LlmLint.Embeddings.Tests.Vectors.SpectrumVectors;

namespace LlmLint.Embeddings.Tests.Vectors;

/// <summary>The principal components the projected walk is fitted with: the Jacobi eigen-solver and the randomised fit against a known spectrum.</summary>
public class PrincipalComponentsTests
{
    [Fact]
    public void Jacobi_solver_diagonalises_a_symmetric_matrix()
    {
        const int N = 12;
        var random = new Random(4);
        var a = new double[N * N];
        for (int i = 0; i < N; i++)
        {
            for (int j = i; j < N; j++)
            {
                a[(i * N) + j] = a[(j * N) + i] = random.NextDouble() - 0.5;
            }
        }

        var copy = (double[])a.Clone();
        var values = new double[N];
        var vectors = new double[N * N];
        PrincipalComponents.JacobiEigen(copy, N, values, vectors);
        for (int c = 0; c < N; c++)
        {
            for (int i = 0; i < N; i++)
            {
                // (A v)_i = λ v_i for column c.
                double av = 0;
                for (int j = 0; j < N; j++)
                {
                    av += a[(i * N) + j] * vectors[(j * N) + c];
                }

                Assert.Equal(values[c] * vectors[(i * N) + c], av, 1e-10);
            }

            for (int d = 0; d < N; d++)
            {
                double dot = 0;
                for (int i = 0; i < N; i++)
                {
                    dot += vectors[(i * N) + c] * vectors[(i * N) + d];
                }

                Assert.Equal(c == d ? 1.0 : 0.0, dot, 1e-10);
            }
        }
    }

    [Fact]
    public void Principal_components_match_the_full_eigen_decomposition_and_the_known_spectrum()
    {
        const int Dims = 64, K = 8, N = 5000;
        double[][] rotation = RandomRotation(Dims, 5);
        double[] sigma = Decaying(Dims);
        float[][] rows = Spectrum(N, Dims, sigma, rotation, seed: 6, normalise: false, meanNorm: 3.0);
        PrincipalComponents pca = PrincipalComponents.Fit(TestVectors.RowMajor(rows), Dims, Rows(N), K, seed: 7);

        // Orthonormal basis.
        for (int a = 0; a < K; a++)
        {
            for (int b = 0; b < K; b++)
            {
                float dot = TensorPrimitives.Dot(pca.Basis.AsSpan(a * Dims, Dims), pca.Basis.AsSpan(b * Dims, Dims));
                Assert.Equal(a == b ? 1f : 0f, dot, 1e-5f);
            }
        }

        // The mean is the sample mean (3 × the last rotated axis, up to sampling noise).
        for (int i = 0; i < Dims; i++)
        {
            Assert.Equal(3.0 * rotation[Dims - 1][i], pca.Mean[i], 0.05);
        }

        // The variances are the top eigenvalues of the sample covariance (full Jacobi), and near the known spectrum.
        var mean = new double[Dims];
        foreach (float[] r in rows)
        {
            for (int i = 0; i < Dims; i++)
            {
                mean[i] += r[i] / (double)N;
            }
        }

        var cov = new double[Dims * Dims];
        foreach (float[] r in rows)
        {
            for (int i = 0; i < Dims; i++)
            {
                for (int j = 0; j < Dims; j++)
                {
                    cov[(i * Dims) + j] += (r[i] - mean[i]) * (r[j] - mean[j]) / (N - 1);
                }
            }
        }

        var values = new double[Dims];
        PrincipalComponents.JacobiEigen(cov, Dims, values, new double[Dims * Dims]);
        Array.Sort(values, (x, y) => y.CompareTo(x));
        double trace = 0;
        foreach (double s in sigma)
        {
            trace += s * s;
        }

        double captured = 0;
        for (int r = 0; r < K; r++)
        {
            Assert.Equal(values[r], pca.Variances[r], values[r] * 1e-6);
            Assert.Equal(sigma[r] * sigma[r], pca.Variances[r], sigma[r] * sigma[r] * 0.12);
            captured += pca.Variances[r];
        }

        Assert.Equal(trace, pca.TotalVariance, trace * 0.05);
        Assert.True(captured / pca.TotalVariance > 0.6, $"top {K} directions capture {captured / pca.TotalVariance:P1}");

        // The leading, well separated directions are the rotated axes (up to sign).
        for (int r = 0; r < 3; r++)
        {
            double alignment = Math.Abs(TensorPrimitives.Dot<double>(Array.ConvertAll(pca.Basis.AsSpan(r * Dims, Dims).ToArray(), x => (double)x), rotation[r]));
            Assert.True(alignment > 0.98, $"direction {r} aligned {alignment:0.000}");
        }
    }

    /// <summary>Row numbers 0 .. count − 1: the rows the fit samples from.</summary>
    private static int[] Rows(int count)
    {
        var ids = new int[count];
        for (int i = 0; i < count; i++)
        {
            ids[i] = i;
        }

        return ids;
    }
}
