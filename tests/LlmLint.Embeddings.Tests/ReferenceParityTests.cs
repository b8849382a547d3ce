using System;
using System.Collections.Generic;
using System.Linq;
using LlmLint.Embeddings;
using Microsoft.Extensions.AI;

namespace LlmLint.Embeddings.Tests;

[Collection(EmbeddingCollection.Name)]
public sealed class ReferenceParityTests
{
    private const float Tolerance = 1e-4f;
    private readonly EmbeddingModelFixture _f;

    public ReferenceParityTests(EmbeddingModelFixture fixture) => _f = fixture;

    [Fact]
    public void Tokenizer_ids_match_the_reference_on_every_sentence()
    {
        Assert.True(_f.Reference.Count >= 15);
        Assert.True(_f.Reference.Count(r => r.Embedding is not null) >= 14);
        foreach (ReferenceItem item in _f.Reference)
        {
            int[] ids = _f.Generator.Tokenizer.Encode(item.Text);
            Assert.True(item.Ids.SequenceEqual(ids), $"'{item.Text}': expected [{string.Join(",", item.Ids)}], got [{string.Join(",", ids)}]");
        }
    }

    [Fact]
    public void Single_embeddings_match_the_reference_within_1e4()
    {
        foreach (ReferenceItem item in _f.Reference)
        {
            float[] actual = _f.Generator.Embed(item.Text);
            AssertClose(item, actual);
        }
    }

    [Fact]
    public void Batched_embeddings_match_the_reference_and_equal_single_ones()
    {
        string[] texts = _f.Reference.Select(r => r.Text).ToArray();
        var batch = new float[texts.Length * LocalEmbeddingGenerator.Dimensions];
        _f.Generator.Embed(texts, batch);
        for (int i = 0; i < texts.Length; i++)
        {
            float[] row = batch.AsSpan(i * 512, 512).ToArray();
            AssertClose(_f.Reference[i], row);
            float[] single = _f.Generator.Embed(texts[i]);
            Assert.True(MaxAbs(single, row) <= 1e-6f, $"'{texts[i]}': batched differs from single by {MaxAbs(single, row)}");
        }
    }

    [Fact]
    public async System.Threading.Tasks.Task GenerateAsync_matches_the_reference_and_reports_metadata()
    {
        var result = await _f.Generator.GenerateAsync(_f.Reference.Select(r => r.Text).ToList());
        Assert.Equal(_f.Reference.Count, result.Count);
        for (int i = 0; i < result.Count; i++)
        {
            Assert.Equal(512, result[i].Vector.Length);
            Assert.Equal("use-lite", result[i].ModelId);
            AssertClose(_f.Reference[i], result[i].Vector.ToArray());
        }

        var metadata = ((IEmbeddingGenerator)_f.Generator).GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal(512, metadata!.DefaultModelDimensions);
        Assert.Equal("use-lite", metadata.DefaultModelId);
    }

    [Fact]
    public void Embeddings_are_unit_length_and_similar_sentences_are_closer()
    {
        float[] a = _f.Generator.Embed("How do I reset my password?");
        float[] b = _f.Generator.Embed("I forgot my password, how can I recover it?");
        float[] c = _f.Generator.Embed("What is the capital of France?");
        Assert.InRange(System.Numerics.Tensors.TensorPrimitives.Norm(a), 0.9999f, 1.0001f);
        Assert.True(Dot(a, b) > Dot(a, c) + 0.1f, $"sim(a,b)={Dot(a, b)} sim(a,c)={Dot(a, c)}");
    }

    internal static float MaxAbs(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        float max = 0;
        for (int i = 0; i < x.Length; i++) max = Math.Max(max, Math.Abs(x[i] - y[i]));
        return max;
    }

    private static float Dot(float[] x, float[] y) => System.Numerics.Tensors.TensorPrimitives.Dot(x, y);

    private static void AssertClose(ReferenceItem item, float[] actual)
    {
        Assert.Equal(512, actual.Length);
        Assert.All(actual, v => Assert.True(float.IsFinite(v)));
        if (item.Embedding is null) return; // the reference has no embedding for this text (the empty string)
        Assert.Equal(item.Embedding.Length, actual.Length);
        float diff = MaxAbs(item.Embedding, actual);
        Assert.True(diff <= Tolerance, $"'{item.Text}': max abs difference {diff} exceeds {Tolerance}");
    }
}
