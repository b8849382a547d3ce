using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Embeddings;
using Microsoft.Extensions.AI;

namespace LlmLint.Embeddings.Tests;

[Collection(EmbeddingCollection.Name)]
public sealed class EmbeddingInputTests
{
    private readonly EmbeddingModelFixture _f;

    public EmbeddingInputTests(EmbeddingModelFixture fixture) => _f = fixture;

    private LocalEmbeddingGenerator G => _f.Generator;

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    [InlineData("\uD800abc")]
    [InlineData("abc\uDC00")]
    [InlineData("a\uDBFF\uDBFF b")]
    [InlineData("emoji 😀 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢")]
    public void Odd_texts_give_finite_unit_vectors_and_batch_equals_single(string text)
    {
        float[] single = G.Embed(text);
        AssertUnit(single);
        var batch = new float[3 * 512];
        G.Embed(new[] { "hello", text, "Hello, world!" }, batch);
        Assert.True(ReferenceParityTests.MaxAbs(single, batch.AsSpan(512, 512)) <= 1e-6f);
    }

    [Fact]
    public void Empty_text_has_no_tokens_and_whitespace_only_has_some()
    {
        Assert.Empty(G.Tokenizer.Encode(""));
        Assert.NotEmpty(G.Tokenizer.Encode("   "));
        Assert.Equal("", SentencePieceTokenizer.Preprocess(""));
        Assert.Equal("\u2581a\u2581b", SentencePieceTokenizer.Preprocess("a b"));
    }

    [Fact]
    public void Nfkc_normalisation_applies_before_tokenizing()
    {
        Assert.True(SentencePieceTokenizer.IsNormalizationAvailable);
        // U+FB01 (ﬁ ligature) → "fi", full-width letters → ASCII, NBSP → space (then ▁).
        Assert.Equal(G.Tokenizer.Encode("find the file"), G.Tokenizer.Encode("\uFB01nd the ｆｉｌｅ"));
        Assert.Equal("\u2581a\u2581b", SentencePieceTokenizer.Preprocess("a\u00A0b"));
    }

    [Fact]
    public void Texts_with_many_long_inputs_are_split_into_bounded_passes_and_match_single_results()
    {
        var sb = new StringBuilder();
        while (sb.Length < 1500) sb.Append("Explain quicksort in Python and in Java please. ");
        string[] texts = Enumerable.Range(0, 40).Select(i => i % 5 == 0 ? "hello" : sb.ToString(0, 1000 + i * 7)).ToArray();
        using var oneThread = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _f.ModelDirectory, DegreeOfParallelism = 1 });
        var batch = new float[texts.Length * 512];
        oneThread.Embed(texts, batch);
        for (int i = 0; i < texts.Length; i += 3)
        {
            Assert.True(ReferenceParityTests.MaxAbs(G.Embed(texts[i]), batch.AsSpan(i * 512, 512)) <= 1e-6f, texts[i]);
        }
    }

    [Fact]
    public void Lone_surrogates_tokenize_as_one_unknown_and_keep_the_rest()
    {
        int[] withSurrogate = G.Tokenizer.Encode("hello\uD800");
        int[] plain = G.Tokenizer.Encode("hello");
        Assert.Equal(plain, withSurrogate.Take(plain.Length).ToArray());
        Assert.Equal(0, withSurrogate[^1]);
        Assert.Equal(plain.Length + 1, withSurrogate.Length);
    }

    [Fact]
    public void A_10000_character_text_is_truncated_to_the_first_128_tokens()
    {
        var sb = new StringBuilder();
        while (sb.Length < 10_000) sb.Append("The quick brown fox jumps over the lazy dog. ");
        string text = sb.ToString(0, 10_000);
        Assert.True(G.Tokenizer.Encode(text).Length > 128);
        Assert.Equal(128, G.Tokenize(text).Length);

        float[] full = G.Embed(text);
        AssertUnit(full);
        // A prefix far longer than 128 tokens has the same first 128 tokens, hence the same embedding.
        string prefix = text.Substring(0, 45 * 40);
        Assert.Equal(G.Tokenize(text), G.Tokenize(prefix));
        Assert.True(ReferenceParityTests.MaxAbs(full, G.Embed(prefix)) <= 1e-6f);
    }

    [Fact]
    public void MaxTokens_option_truncates_to_the_first_tokens()
    {
        using var short5 = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _f.ModelDirectory, MaxTokens = 5 });
        int[] first5 = G.Tokenizer.Encode("How do I reset my password?").Take(5).ToArray();
        Assert.Equal(first5, short5.Tokenize("How do I reset my password?"));
        Assert.Equal(first5, G.Tokenizer.Encode("How do I reset"));
        float[] truncated = short5.Embed("How do I reset my password?");
        Assert.True(ReferenceParityTests.MaxAbs(truncated, G.Embed("How do I reset")) <= 1e-6f);
        Assert.True(ReferenceParityTests.MaxAbs(truncated, G.Embed("How do I reset my password?")) > 1e-3f);
    }

    [Fact]
    public async Task Null_arguments_throw_ArgumentNullException_naming_the_parameter()
    {
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => G.Embed((string)null!)).ParamName);
        Assert.Equal("texts", Assert.Throws<ArgumentNullException>(() => G.Embed(new[] { "a", null! }, new float[1024])).ParamName);
        Assert.Equal("values", (await Assert.ThrowsAsync<ArgumentNullException>(() => G.GenerateAsync(null!))).ParamName);
        Assert.Equal("values", (await Assert.ThrowsAsync<ArgumentNullException>(() => G.GenerateAsync(new[] { "a", null! }))).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentNullException>(() => G.Tokenizer.Encode(null!)).ParamName);
        Assert.Equal("modelDirectory", Assert.Throws<ArgumentNullException>(() => LocalEmbeddingGenerator.FromDirectory(null!)).ParamName);
        Assert.Equal("serviceType", Assert.Throws<ArgumentNullException>(() => G.GetService(null!)).ParamName);
    }

    [Fact]
    public async Task Other_bad_arguments_name_the_parameter()
    {
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => G.Embed(new[] { "a", "b" }, new float[1000])).ParamName);
        var options = new EmbeddingGenerationOptions { Dimensions = 256 };
        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentException>(() => G.GenerateAsync(new[] { "a" }, options))).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _f.ModelDirectory, MaxTokens = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _f.ModelDirectory, MaxTokens = 129 })).ParamName);
        await Assert.ThrowsAsync<OperationCanceledException>(() => G.GenerateAsync(new[] { "a" }, cancellationToken: new CancellationToken(true)));
    }

    [Fact]
    public void Empty_batch_is_a_no_op_and_GenerateAsync_of_nothing_is_empty()
    {
        G.Embed(ReadOnlySpan<string>.Empty, Span<float>.Empty);
        Assert.Empty(G.GenerateAsync(Array.Empty<string>()).Result);
    }

    [Fact]
    public void Concurrent_callers_get_the_same_results_as_one_caller()
    {
        string[] texts = _f.Reference.Select(r => r.Text).ToArray();
        float[][] expected = texts.Select(t => G.Embed(t)).ToArray();
        var failures = new List<string>();
        var threads = new Thread[8];
        for (int t = 0; t < threads.Length; t++)
        {
            int seed = t;
            threads[t] = new Thread(() =>
            {
                var rng = new Random(seed);
                var buffer = new float[4 * 512];
                for (int iteration = 0; iteration < 12; iteration++)
                {
                    int[] pick = Enumerable.Range(0, 4).Select(_ => rng.Next(texts.Length)).ToArray();
                    if (iteration % 2 == 0)
                    {
                        G.Embed(pick.Select(i => texts[i]).ToArray(), buffer);
                    }
                    else
                    {
                        for (int k = 0; k < 4; k++) G.Embed(texts[pick[k]]).CopyTo(buffer, k * 512);
                    }

                    for (int k = 0; k < 4; k++)
                    {
                        float diff = ReferenceParityTests.MaxAbs(expected[pick[k]], buffer.AsSpan(k * 512, 512));
                        if (diff > 1e-6f) lock (failures) failures.Add($"thread {seed}: '{texts[pick[k]]}' differs by {diff}");
                    }
                }
            });
        }

        foreach (Thread t in threads) t.Start();
        foreach (Thread t in threads) t.Join();
        Assert.Empty(failures);
    }

    [Fact]
    public void Large_batches_are_split_and_parallel_and_still_equal_single_results()
    {
        string[] texts = Enumerable.Range(0, 150).Select(i => _f.Reference[i % _f.Reference.Count].Text + (i % 3 == 0 ? " please" : "")).ToArray();
        var batch = new float[texts.Length * 512];
        G.Embed(texts, batch);
        for (int i = 0; i < texts.Length; i += 7)
        {
            Assert.True(ReferenceParityTests.MaxAbs(G.Embed(texts[i]), batch.AsSpan(i * 512, 512)) <= 1e-6f, texts[i]);
        }
    }

    [Fact]
    public void GetService_returns_metadata_backend_and_self()
    {
        var metadata = (EmbeddingGeneratorMetadata?)G.GetService(typeof(EmbeddingGeneratorMetadata));
        Assert.NotNull(metadata);
        Assert.Equal(512, metadata!.DefaultModelDimensions);
        Assert.Same(G, G.GetService(typeof(LocalEmbeddingGenerator)));
        Assert.IsType<UseLiteCpuBackend>(G.GetService(typeof(IEmbeddingBackend)));
        Assert.Null(G.GetService(typeof(EmbeddingGeneratorMetadata), "key"));
        Assert.Null(G.GetService(typeof(string)));
    }

    [Fact]
    public void Default_instance_is_shared_and_survives_Dispose()
    {
        LocalEmbeddingGenerator a = LocalEmbeddingGenerator.Default;
        Assert.Same(a, LocalEmbeddingGenerator.Default);
        a.Dispose();
        Assert.True(ReferenceParityTests.MaxAbs(a.Embed("hello"), G.Embed("hello")) <= 1e-6f);
    }

    [Fact]
    public void A_disposed_generator_refuses_work()
    {
        var g = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _f.ModelDirectory, DegreeOfParallelism = 1 });
        Assert.Equal(512, g.Embed("hello").Length);
        g.Dispose();
        Assert.Throws<ObjectDisposedException>(() => g.Embed("hello"));
    }

    private static void AssertUnit(float[] v)
    {
        Assert.Equal(512, v.Length);
        Assert.All(v, x => Assert.True(float.IsFinite(x)));
        Assert.InRange(TensorPrimitives.Norm(v), 0.999f, 1.001f);
    }
}
