using System;
using System.Numerics.Tensors;
using LlmLint.Vectors;

namespace LlmLint.Embeddings.Tests.Vectors;

public class FlatAndQuantizedIndexTests
{
    private static IVectorIndex Create(string kind, int dims) => kind switch
    {
        "flat" => new FlatVectorIndex(dims),
        "flat32" => new FlatVectorIndex(dims, scan: FlatScan.Float32),
        "int8" => new QuantizedFlatVectorIndex(dims),
        _ => new HnswVectorIndex(dims, new HnswOptions { M = 8, EfConstruction = 64, EfSearch = 32 }),
    };

    [Fact]
    public void Flat_search_returns_exact_top_k_in_descending_order()
    {
        float[][] data = TestVectors.Random(500, 32, seed: 1);
        using var index = new FlatVectorIndex(32);
        for (int i = 0; i < data.Length; i++)
        {
            index.Add(i, data[i]);
        }

        float[] query = data[17];
        var hits = new VectorHit[10];
        int found = index.Search(query, hits);

        // Brute-force reference.
        var expected = new (float Sim, int Id)[data.Length];
        float qn = TensorPrimitives.Norm(query);
        for (int i = 0; i < data.Length; i++)
        {
            expected[i] = (TensorPrimitives.Dot(data[i], query) / (TensorPrimitives.Norm(data[i]) * qn), i);
        }

        Array.Sort(expected, (a, b) => b.Sim.CompareTo(a.Sim));
        Assert.Equal(10, found);
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(expected[i].Id, hits[i].Id);
            Assert.Equal(expected[i].Sim, hits[i].Similarity, 4);
        }

        Assert.Equal(17, hits[0].Id);
        Assert.Equal(1f, hits[0].Similarity, 4);
    }

    [Fact]
    public void Int8_index_matches_exact_top1_and_returns_exact_similarities()
    {
        float[][] data = TestVectors.Clustered(2000, 64, clusters: 20, spread: 0.4f, seed: 2);
        float[][] queries = TestVectors.Clustered(100, 64, clusters: 20, spread: 0.4f, seed: 3);
        using var exact = new FlatVectorIndex(64);
        using var quantized = new QuantizedFlatVectorIndex(64);
        for (int i = 0; i < data.Length; i++)
        {
            exact.Add(i, data[i]);
            quantized.Add(i, data[i]);
        }

        int agree = 0;
        var a = new VectorHit[10];
        var b = new VectorHit[10];
        foreach (float[] q in queries)
        {
            exact.Search(q, a);
            quantized.Search(q, b);
            if (a[0].Id == b[0].Id)
            {
                agree++;
                Assert.Equal(a[0].Similarity, b[0].Similarity, 5);
            }
        }

        Assert.True(agree >= 99, $"int8 top-1 agreed with exact on {agree}/100 queries");
    }

    [Fact]
    public void Int8_dot_product_is_exact_against_scalar()
    {
        var random = new Random(5);
        var a = new sbyte[517];
        var b = new sbyte[517];
        int expected = 0;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (sbyte)random.Next(-127, 128);
            b[i] = (sbyte)random.Next(-127, 128);
            expected += a[i] * b[i];
        }

        Assert.Equal(expected, QuantizedFlatVectorIndex.DotInt8(a, b));
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("flat32")]
    [InlineData("int8")]
    [InlineData("hnsw")]
    public void Removal_and_replacement_are_reflected_in_search(string kind)
    {
        using IVectorIndex index = Create(kind, 8);
        for (int i = 0; i < 8; i++)
        {
            index.Add(i, TestVectors.Unit(8, i));
        }

        var hits = new VectorHit[1];
        Assert.Equal(1, index.Search(TestVectors.Unit(8, 3), hits));
        Assert.Equal(3, hits[0].Id);

        Assert.True(index.Remove(3));
        Assert.False(index.Remove(3));
        Assert.False(index.Contains(3));
        Assert.Equal(7, index.Count);
        index.Search(TestVectors.Unit(8, 3), hits);
        Assert.NotEqual(3, hits[0].Id);

        // Replace id 5 with the vector of axis 3.
        index.Add(5, TestVectors.Unit(8, 3));
        Assert.Equal(7, index.Count);
        index.Search(TestVectors.Unit(8, 3), hits);
        Assert.Equal(5, hits[0].Id);
        Assert.Equal(1f, hits[0].Similarity, 5);

        index.Compact();
        index.Search(TestVectors.Unit(8, 3), hits);
        Assert.Equal(5, hits[0].Id);
        Assert.Equal(7, index.Count);
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("flat32")]
    [InlineData("int8")]
    [InlineData("hnsw")]
    public void Filter_excludes_ids(string kind)
    {
        using IVectorIndex index = Create(kind, 4);
        index.Add(1, new float[] { 1, 0, 0, 0 });
        index.Add(2, new float[] { 0.9f, 0.1f, 0, 0 });
        var hits = new VectorHit[2];
        int found = index.Search(new float[] { 1, 0, 0, 0 }, hits, id => id != 1);
        Assert.Equal(1, found);
        Assert.Equal(2, hits[0].Id);
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("flat32")]
    [InlineData("int8")]
    [InlineData("hnsw")]
    public void Bad_vectors_are_rejected_with_the_parameter_named(string kind)
    {
        using IVectorIndex index = Create(kind, 4);
        ArgumentException nan = Assert.Throws<ArgumentException>(() => index.Add(1, new[] { 1f, float.NaN, 0, 0 }));
        Assert.Equal("vector", nan.ParamName);
        Assert.Contains("non-finite", nan.Message, StringComparison.Ordinal);

        ArgumentException inf = Assert.Throws<ArgumentException>(() => index.Add(1, new[] { 1f, float.PositiveInfinity, 0, 0 }));
        Assert.Equal("vector", inf.ParamName);

        ArgumentException zero = Assert.Throws<ArgumentException>(() => index.Add(1, new float[4]));
        Assert.Equal("vector", zero.ParamName);
        Assert.Contains("zero", zero.Message, StringComparison.Ordinal);

        ArgumentException dims = Assert.Throws<ArgumentException>(() => index.Add(1, new float[5]));
        Assert.Equal("vector", dims.ParamName);
        Assert.Contains("5 dimensions", dims.Message, StringComparison.Ordinal);

        ArgumentException query = Assert.Throws<ArgumentException>(() => index.Search(new float[] { float.NaN, 0, 0, 1 }, new VectorHit[1]));
        Assert.Equal("query", query.ParamName);

        ArgumentException results = Assert.Throws<ArgumentException>(() => index.Search(new float[] { 1, 0, 0, 0 }, Span<VectorHit>.Empty));
        Assert.Equal("results", results.ParamName);
        Assert.Equal(0, index.Count);
    }
}
