using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Threading.Tasks;

namespace LlmLint.Embeddings;

/// <summary>
/// Register-blocked SIMD matrix product on the CPU: a 6-row × 16-column micro-kernel (4- and 1-row tails) of 256-bit fused multiply-adds
/// over panel-packed weights, optionally split by column panels over worker threads.
/// </summary>
/// <remarks>Thread-safe and allocation-free.</remarks>
internal sealed class CpuMatrixKernels : IMatrixKernels
{
    private readonly int _degreeOfParallelism;

    /// <summary>Creates the kernels; <paramref name="degreeOfParallelism"/> bounds the threads one product may use.</summary>
    public CpuMatrixKernels(int degreeOfParallelism = 0)
    {
        _degreeOfParallelism = degreeOfParallelism > 0 ? degreeOfParallelism : Environment.ProcessorCount;
    }

    /// <inheritdoc />
    public unsafe void MatMul(ReadOnlySpan<float> a, int m, PackedMatrix b, ReadOnlySpan<float> bias, Span<float> c, bool accumulate, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(b);
        int k = b.Rows, n = b.Columns;
        if (a.Length < m * k) throw new ArgumentException($"Expected at least {m * k} values.", nameof(a));
        if (c.Length < m * n) throw new ArgumentException($"Expected room for {m * n} values.", nameof(c));
        if (bias.Length < n) throw new ArgumentException($"Expected {n} bias values.", nameof(bias));
        if (m == 0) return;

        int panels = n / PackedMatrix.PanelWidth;
        fixed (float* pa = a)
        fixed (float* pb = b.Data)
        fixed (float* pbias = bias)
        fixed (float* pc = c)
        {
            int workers = parallel ? Math.Min(_degreeOfParallelism, panels) : 1;
            // Below about 16M multiply-adds (a query of up to ~20 tokens) one thread is as fast as a hand-off, and much steadier on a
            // busy machine (measured: bench/LlmLint.Benchmarks.Embeddings).
            if (workers <= 1 || (long)m * k * n < 1 << 24)
            {
                Run(pa, m, k, pb, n, pbias, pc, accumulate, 0, panels);
                return;
            }

            var state = new Job(pa, m, k, pb, n, pbias, pc, accumulate, panels, workers);
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, state.Execute);
        }
    }

    private sealed unsafe class Job
    {
        private readonly float* _a, _b, _bias, _c;
        private readonly int _m, _k, _n, _panels, _workers;
        private readonly bool _accumulate;

        public Job(float* a, int m, int k, float* b, int n, float* bias, float* c, bool accumulate, int panels, int workers)
        {
            _a = a; _m = m; _k = k; _b = b; _n = n; _bias = bias; _c = c; _accumulate = accumulate; _panels = panels; _workers = workers;
        }

        public void Execute(int worker)
        {
            int start = (int)((long)_panels * worker / _workers);
            int end = (int)((long)_panels * (worker + 1) / _workers);
            Run(_a, _m, _k, _b, _n, _bias, _c, _accumulate, start, end);
        }
    }

    private static unsafe void Run(float* a, int m, int k, float* b, int n, float* bias, float* c, bool accumulate, int panelStart, int panelEnd)
    {
        const int W = PackedMatrix.PanelWidth;
        for (int p = panelStart; p < panelEnd; p++)
        {
            float* panel = b + (long)p * k * W;
            int col = p * W;
            int i = 0;
            for (; i + 6 <= m; i += 6) Kernel16<SixRows>(a + (long)i * k, k, panel, c + (long)i * n + col, n, bias + col, accumulate);
            for (; i + 4 <= m; i += 4) Kernel16<FourRows>(a + (long)i * k, k, panel, c + (long)i * n + col, n, bias + col, accumulate);
            for (; i < m; i++) Kernel1x16(a + (long)i * k, k, panel, c + (long)i * n + col, bias + col, accumulate);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> x, Vector256<float> y, Vector256<float> acc)
        => Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : (x * y) + acc;

    /// <summary>How many rows a register-blocked kernel computes; a constant of each instantiation, so the JIT drops the rows a block does not have.</summary>
    private interface IRowBlock
    {
        static abstract int Rows { get; }
    }

    private readonly struct SixRows : IRowBlock
    {
        public static int Rows => 6;
    }

    private readonly struct FourRows : IRowBlock
    {
        public static int Rows => 4;
    }

    /// <summary>Rows × 16 columns of C in 2 × rows accumulators (12 of the 16 vector registers for six rows).</summary>
    private static unsafe void Kernel16<TRows>(float* a, int k, float* panel, float* c, int ldc, float* bias, bool accumulate)
        where TRows : struct, IRowBlock
    {
        bool six = TRows.Rows == 6;
        Vector256<float> bias0 = Vector256.Load(bias), bias1 = Vector256.Load(bias + 8);
        Vector256<float> c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        Vector256<float> c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        float* a0 = a, a1 = a + k, a2 = a + 2 * k, a3 = a + 3 * k;
        float* a4 = six ? a + 4 * k : a, a5 = six ? a + 5 * k : a;
        for (int kk = 0; kk < k; kk++)
        {
            Vector256<float> w0 = Vector256.Load(panel), w1 = Vector256.Load(panel + 8);
            panel += 16;
            Vector256<float> x = Vector256.Create(a0[kk]);
            c00 = Fmadd(x, w0, c00); c01 = Fmadd(x, w1, c01);
            x = Vector256.Create(a1[kk]);
            c10 = Fmadd(x, w0, c10); c11 = Fmadd(x, w1, c11);
            x = Vector256.Create(a2[kk]);
            c20 = Fmadd(x, w0, c20); c21 = Fmadd(x, w1, c21);
            x = Vector256.Create(a3[kk]);
            c30 = Fmadd(x, w0, c30); c31 = Fmadd(x, w1, c31);
            if (six)
            {
                x = Vector256.Create(a4[kk]);
                c40 = Fmadd(x, w0, c40); c41 = Fmadd(x, w1, c41);
                x = Vector256.Create(a5[kk]);
                c50 = Fmadd(x, w0, c50); c51 = Fmadd(x, w1, c51);
            }
        }

        Store(c, c00, c01, accumulate);
        Store(c + ldc, c10, c11, accumulate);
        Store(c + 2 * ldc, c20, c21, accumulate);
        Store(c + 3 * ldc, c30, c31, accumulate);
        if (six)
        {
            Store(c + 4 * ldc, c40, c41, accumulate);
            Store(c + 5 * ldc, c50, c51, accumulate);
        }
    }

    private static unsafe void Kernel1x16(float* a, int k, float* panel, float* c, float* bias, bool accumulate)
    {
        Vector256<float> c0 = Vector256.Load(bias), c1 = Vector256.Load(bias + 8);
        for (int kk = 0; kk < k; kk++)
        {
            Vector256<float> x = Vector256.Create(a[kk]);
            c0 = Fmadd(x, Vector256.Load(panel), c0);
            c1 = Fmadd(x, Vector256.Load(panel + 8), c1);
            panel += 16;
        }

        Store(c, c0, c1, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Store(float* c, Vector256<float> v0, Vector256<float> v1, bool accumulate)
    {
        if (accumulate)
        {
            v0 += Vector256.Load(c);
            v1 += Vector256.Load(c + 8);
        }

        v0.Store(c);
        v1.Store(c + 8);
    }

    /// <summary>A reference product through <see cref="TensorPrimitives.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>, for tests.</summary>
    internal static void NaiveMatMul(ReadOnlySpan<float> a, int m, int k, ReadOnlySpan<float> bRowMajor, int n, ReadOnlySpan<float> bias, Span<float> c)
    {
        var column = new float[k];
        for (int j = 0; j < n; j++)
        {
            for (int kk = 0; kk < k; kk++) column[kk] = bRowMajor[kk * n + j];
            for (int i = 0; i < m; i++) c[i * n + j] = TensorPrimitives.Dot(a.Slice(i * k, k), column) + bias[j];
        }
    }
}
