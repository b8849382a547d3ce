using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace LlmLint.Vectors;

/// <summary>
/// The mean and the leading principal directions of a set of rows: the sample covariance C (double), block power
/// (subspace) iteration on C⁴ (two squarings, so each step is four power steps) with modified Gram–Schmidt
/// re-orthonormalisation from a seeded start, and a Rayleigh–Ritz step on C whose small symmetric eigenproblem is solved
/// by cyclic Jacobi rotations. Deterministic for a given input and seed.
/// </summary>
internal sealed class PrincipalComponents
{
    private const int MaxIterations = 100;
    private const int Oversampling = 16;

    private PrincipalComponents(float[] mean, float[] basis, double[] variances, double totalVariance, int dimensions, int components, int iterations)
    {
        Mean = mean;
        Basis = basis;
        Variances = variances;
        TotalVariance = totalVariance;
        Dimensions = dimensions;
        Components = components;
        Iterations = iterations;
    }

    /// <summary>Gets the mean row (<see cref="Dimensions"/> floats).</summary>
    public float[] Mean { get; }

    /// <summary>Gets the principal directions, one orthonormal row of <see cref="Dimensions"/> floats per component, most variance first.</summary>
    public float[] Basis { get; }

    /// <summary>Gets the variance along each direction (the covariance eigenvalues), descending.</summary>
    public double[] Variances { get; }

    /// <summary>Gets the trace of the covariance (the total variance of the rows).</summary>
    public double TotalVariance { get; }

    /// <summary>Gets the row length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of directions.</summary>
    public int Components { get; }

    /// <summary>Gets the number of subspace iterations run.</summary>
    public int Iterations { get; }

    /// <summary>Fits the mean and the top <paramref name="components"/> directions of the selected rows.</summary>
    /// <param name="data">Row-major rows of <paramref name="dimensions"/> floats.</param>
    /// <param name="dimensions">The row length.</param>
    /// <param name="rows">The row numbers to fit on (at least two).</param>
    /// <param name="components">The number of directions, 1 ≤ components &lt; dimensions.</param>
    /// <param name="seed">The seed of the starting subspace.</param>
    public static PrincipalComponents Fit(float[] data, int dimensions, ReadOnlySpan<int> rows, int components, int seed)
    {
        if (components < 1 || components > dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"Pass between 1 and {dimensions} components.");
        }

        if (rows.Length < 2)
        {
            throw new ArgumentException("At least two rows are needed to fit principal components.", nameof(rows));
        }

        int d = dimensions;
        int n = rows.Length;
        var mean = new double[d];
        var row = new double[d];
        for (int s = 0; s < n; s++)
        {
            ToDouble(data.AsSpan(rows[s] * d, d), row);
            TensorPrimitives.Add<double>(mean, row, mean);
        }

        TensorPrimitives.Divide<double>(mean, n, mean);
        double[] covariance = Covariance(data, d, rows, mean);
        double trace = 0;
        for (int i = 0; i < d; i++)
        {
            trace += covariance[(i * d) + i];
        }

        // The iteration matrix (C / tr C)⁴: same eigenvectors, the spectrum's gaps raised to the fourth power.
        double[] power = Square(Square(covariance, d, trace > 0 ? 1 / trace : 1), d, 1);
        int p = Math.Min(d, components + Oversampling);
        var v = new double[p * d];
        var random = new Random(seed);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = Gaussian(random);
        }

        Orthonormalise(v, p, d);
        var w = new double[p * d];
        double previous = double.NaN;
        int iterations = 0;
        while (iterations < MaxIterations)
        {
            iterations++;
            Multiply(power, v, w, p, d);

            // Σ vⱼ·Avⱼ rises to its limit as the subspace converges.
            double captured = 0;
            for (int j = 0; j < p; j++)
            {
                captured += TensorPrimitives.Dot<double>(v.AsSpan(j * d, d), w.AsSpan(j * d, d));
            }

            (v, w) = (w, v);
            Orthonormalise(v, p, d);
            if (iterations >= 3 && Math.Abs(captured - previous) <= 1e-10 * Math.Abs(captured))
            {
                break;
            }

            previous = captured;
        }

        // Rayleigh–Ritz: the eigenvectors of H = V C Vᵀ rotate the subspace basis onto the principal directions.
        Multiply(covariance, v, w, p, d);
        var h = new double[p * p];
        for (int a = 0; a < p; a++)
        {
            for (int b = a; b < p; b++)
            {
                double value = TensorPrimitives.Dot<double>(v.AsSpan(a * d, d), w.AsSpan(b * d, d));
                h[(a * p) + b] = value;
                h[(b * p) + a] = value;
            }
        }

        var eigenvalues = new double[p];
        var eigenvectors = new double[p * p];
        JacobiEigen(h, p, eigenvalues, eigenvectors);
        var order = new int[p];
        for (int i = 0; i < p; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (x, y) => eigenvalues[y].CompareTo(eigenvalues[x]));
        var directions = new double[components * d];
        var variances = new double[components];
        for (int r = 0; r < components; r++)
        {
            int column = order[r];
            variances[r] = Math.Max(0, eigenvalues[column]);
            Span<double> target = directions.AsSpan(r * d, d);
            for (int a = 0; a < p; a++)
            {
                TensorPrimitives.MultiplyAdd<double>(v.AsSpan(a * d, d), eigenvectors[(a * p) + column], target, target);
            }
        }

        Orthonormalise(directions, components, d);
        var basis = new float[components * d];
        for (int i = 0; i < basis.Length; i++)
        {
            basis[i] = (float)directions[i];
        }

        var meanFloat = new float[d];
        for (int i = 0; i < d; i++)
        {
            meanFloat[i] = (float)mean[i];
        }

        return new PrincipalComponents(meanFloat, basis, variances, trace, d, components, iterations);
    }

    /// <summary>
    /// Eigen-decomposes a symmetric matrix with cyclic Jacobi rotations: <paramref name="values"/>[j] is the eigenvalue
    /// of column j of <paramref name="vectors"/> (row-major n × n). <paramref name="matrix"/> is overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void JacobiEigen(double[] matrix, int n, double[] values, double[] vectors)
    {
        Array.Clear(vectors, 0, n * n);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            vectors[(i * n) + i] = 1;
            for (int j = 0; j < n; j++)
            {
                total += matrix[(i * n) + j] * matrix[(i * n) + j];
            }
        }

        for (int sweep = 0; sweep < 100; sweep++)
        {
            double off = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    off += matrix[(i * n) + j] * matrix[(i * n) + j];
                }
            }

            if (off <= 1e-30 * total || off == 0)
            {
                break;
            }

            for (int p = 0; p < n; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    double apq = matrix[(p * n) + q];
                    if (apq == 0)
                    {
                        continue;
                    }

                    double theta = (matrix[(q * n) + q] - matrix[(p * n) + p]) / (2 * apq);
                    double t = (theta >= 0 ? 1 : -1) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    double c = 1 / Math.Sqrt((t * t) + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++)
                    {
                        double akp = matrix[(k * n) + p];
                        double akq = matrix[(k * n) + q];
                        matrix[(k * n) + p] = (c * akp) - (s * akq);
                        matrix[(k * n) + q] = (s * akp) + (c * akq);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double apk = matrix[(p * n) + k];
                        double aqk = matrix[(q * n) + k];
                        matrix[(p * n) + k] = (c * apk) - (s * aqk);
                        matrix[(q * n) + k] = (s * apk) + (c * aqk);
                    }

                    for (int k = 0; k < n; k++)
                    {
                        double vkp = vectors[(k * n) + p];
                        double vkq = vectors[(k * n) + q];
                        vectors[(k * n) + p] = (c * vkp) - (s * vkq);
                        vectors[(k * n) + q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            values[i] = matrix[(i * n) + i];
        }
    }

    /// <summary>The sample covariance (row-major d × d) of the selected rows about <paramref name="mean"/>.</summary>
    /// <remarks>
    /// Blocks of 256 centred rows are transposed (float, one column per dimension) so that each block adds
    /// d(d + 1)/2 dot products of 256 terms into the double accumulator while the block stays in cache.
    /// </remarks>
    private static double[] Covariance(float[] data, int d, ReadOnlySpan<int> rows, double[] mean)
    {
        const int Block = 256;
        var covariance = new double[d * d];
        var columns = new float[d * Block];
        int n = rows.Length;
        for (int start = 0; start < n; start += Block)
        {
            int size = Math.Min(Block, n - start);
            for (int s = 0; s < size; s++)
            {
                ReadOnlySpan<float> row = data.AsSpan(rows[start + s] * d, d);
                for (int i = 0; i < d; i++)
                {
                    columns[(i * Block) + s] = (float)(row[i] - mean[i]);
                }
            }

            // Each worker owns whole rows of the upper triangle, so the sums do not depend on the schedule.
            Parallel.For(0, d, i => AccumulateRow(columns, Block, size, covariance.AsSpan(i * d, d), i));
        }

        double inverse = 1.0 / (n - 1);
        for (int i = 0; i < d; i++)
        {
            for (int j = i; j < d; j++)
            {
                double value = covariance[(i * d) + j] * inverse;
                covariance[(i * d) + j] = value;
                covariance[(j * d) + i] = value;
            }
        }

        return covariance;
    }

    // The fit runs once in a process, so its loops would otherwise run as unoptimised first-tier code.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateRow(float[] columns, int stride, int size, Span<double> target, int i)
    {
        ReadOnlySpan<float> columnI = columns.AsSpan(i * stride, size);
        for (int j = i; j < target.Length; j++)
        {
            target[j] += Dot(columnI, columns.AsSpan(j * stride, size));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRow(double[] a, ReadOnlySpan<double> rowI, Span<double> target, int from, double factor)
    {
        int d = rowI.Length;
        for (int j = from; j < d; j++)
        {
            target[j] = factor * Dot(rowI, a.AsSpan(j * d, d));
        }
    }

    // The two kernels of the fit, as plain vector loops: the fit runs once in a process, so TensorPrimitives' generic
    // kernels would still be first-tier code by the time it ends (several seconds instead of well under one).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int width = Vector<float>.Count;
        var acc0 = Vector<float>.Zero;
        var acc1 = Vector<float>.Zero;
        int i = 0;
        for (; i <= a.Length - (2 * width); i += 2 * width)
        {
            acc0 += new Vector<float>(a.Slice(i)) * new Vector<float>(b.Slice(i));
            acc1 += new Vector<float>(a.Slice(i + width)) * new Vector<float>(b.Slice(i + width));
        }

        float sum = Vector.Sum(acc0 + acc1);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        int width = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        int i = 0;
        for (; i <= a.Length - (2 * width); i += 2 * width)
        {
            acc0 += new Vector<double>(a.Slice(i)) * new Vector<double>(b.Slice(i));
            acc1 += new Vector<double>(a.Slice(i + width)) * new Vector<double>(b.Slice(i + width));
        }

        double sum = Vector.Sum(acc0 + acc1);
        for (; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Returns (scale · A)² for a symmetric d × d matrix A.</summary>
    private static double[] Square(double[] a, int d, double scale)
    {
        var result = new double[d * d];
        double factor = scale * scale;
        Parallel.For(0, d, i => DotRow(a, a.AsSpan(i * d, d), result.AsSpan(i * d, d), i, factor));

        for (int i = 0; i < d; i++)
        {
            for (int j = 0; j < i; j++)
            {
                result[(i * d) + j] = result[(j * d) + i];
            }
        }

        return result;
    }

    /// <summary>w = V·C for p rows of V (C symmetric, so each row of w is C times a row of V).</summary>
    private static void Multiply(double[] covariance, double[] v, double[] w, int p, int d)
    {
        Parallel.For(0, p, j => DotRow(covariance, v.AsSpan(j * d, d), w.AsSpan(j * d, d), 0, 1));
    }

    /// <summary>Modified Gram–Schmidt, run twice, on the p rows; a row that vanishes is replaced by a unit axis orthogonal to the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Orthonormalise(double[] v, int p, int d)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int j = 0; j < p; j++)
            {
                Span<double> row = v.AsSpan(j * d, d);
                for (int i = 0; i < j; i++)
                {
                    ReadOnlySpan<double> other = v.AsSpan(i * d, d);
                    TensorPrimitives.MultiplyAdd<double>(other, -TensorPrimitives.Dot<double>(row, other), row, row);
                }

                double norm = TensorPrimitives.Norm<double>(row);
                if (norm < 1e-150)
                {
                    ReplaceWithAxis(v, j, d);
                    continue;
                }

                TensorPrimitives.Divide<double>(row, norm, row);
            }
        }
    }

    private static void ReplaceWithAxis(double[] v, int j, int d)
    {
        Span<double> row = v.AsSpan(j * d, d);
        for (int axis = 0; axis < d; axis++)
        {
            row.Clear();
            row[axis] = 1;
            for (int i = 0; i < j; i++)
            {
                ReadOnlySpan<double> other = v.AsSpan(i * d, d);
                TensorPrimitives.MultiplyAdd<double>(other, -TensorPrimitives.Dot<double>(row, other), row, row);
            }

            double norm = TensorPrimitives.Norm<double>(row);
            if (norm > 0.5)
            {
                TensorPrimitives.Divide<double>(row, norm, row);
                return;
            }
        }
    }

    private static void ToDouble(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (int i = 0; i < source.Length; i++)
        {
            destination[i] = source[i];
        }
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
