using System;
using LlmLint.Embeddings;

namespace LlmLint.Embeddings.Tests;

public sealed class CpuMatrixKernelsTests
{
    [Theory]
    [InlineData(1, 32, 16, false)]
    [InlineData(5, 64, 48, false)]
    [InlineData(6, 256, 512, true)]
    [InlineData(13, 100, 64, true)]
    [InlineData(40, 512, 1024, true)]
    public void Product_matches_a_dot_product_reference(int m, int k, int n, bool accumulate)
    {
        var rng = new Random(m * 31 + n);
        float[] a = Random(rng, m * k), b = Random(rng, k * n), bias = Random(rng, n), start = Random(rng, m * n);
        var expected = new float[m * n];
        CpuMatrixKernels.NaiveMatMul(a, m, k, b, n, bias, expected);
        if (accumulate) for (int i = 0; i < expected.Length; i++) expected[i] += start[i];

        var packed = new PackedMatrix(b, k, n);
        Assert.Equal(b, packed.ToRowMajor());
        foreach (bool parallel in new[] { false, true })
        {
            var c = (float[])start.Clone();
            new CpuMatrixKernels(2).MatMul(a, m, packed, bias, c, accumulate, parallel);
            for (int i = 0; i < c.Length; i++) Assert.True(Math.Abs(c[i] - expected[i]) <= 1e-4f * (1 + Math.Abs(expected[i])), $"[{i}] {c[i]} vs {expected[i]}");
        }
    }

    [Fact]
    public void Bad_shapes_are_rejected_with_the_parameter_name()
    {
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new PackedMatrix(new float[30], 3, 10)).ParamName);
        var packed = new PackedMatrix(new float[32], 2, 16);
        Assert.Equal("a", Assert.Throws<ArgumentException>(() => new CpuMatrixKernels().MatMul(new float[3], 2, packed, new float[16], new float[32], false, false)).ParamName);
        Assert.Equal("c", Assert.Throws<ArgumentException>(() => new CpuMatrixKernels().MatMul(new float[4], 2, packed, new float[16], new float[31], false, false)).ParamName);
    }

    private static float[] Random(Random rng, int n)
    {
        var v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }
}
