using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmLint.Embeddings.Onnx.Tests;

public sealed class OnnxEmbeddingGeneratorTests
{
    private const float Tolerance = 1e-4f;

    public static IEnumerable<object[]> Sentences() => TinyBert.Reference().Select((r, i) => new object[] { i, r.Text });

    [Theory]
    [MemberData(nameof(Sentences))]
    public void WordPiece_ids_match_the_reference_tokenizer(int index, string text)
    {
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory);

        Assert.Equal(TinyBert.Reference()[index].Ids, generator.Tokenize(text));
    }

    [Fact]
    public async Task Mean_pooled_vectors_match_torch_within_1e4()
    {
        IReadOnlyList<TinyBertReference> reference = TinyBert.Reference();
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory);

        GeneratedEmbeddings<Embedding<float>> vectors = await generator.GenerateAsync(reference.Select(r => r.Text));

        Assert.Equal(EmbeddingPooling.Mean, generator.Pooling); // from 1_Pooling/config.json
        Assert.Equal(32, generator.Dimensions);
        for (int i = 0; i < reference.Count; i++)
        {
            AssertClose(reference[i].Mean, vectors[i].Vector.Span, reference[i].Text);
        }
    }

    [Fact]
    public void Cls_pooling_matches_torch_within_1e4()
    {
        IReadOnlyList<TinyBertReference> reference = TinyBert.Reference();
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.Pooling = EmbeddingPooling.Cls);
        float[] vectors = new float[reference.Count * generator.Dimensions];

        generator.Embed(reference.Select(r => r.Text).ToArray(), vectors);

        for (int i = 0; i < reference.Count; i++)
        {
            AssertClose(reference[i].Cls, vectors.AsSpan(i * generator.Dimensions, generator.Dimensions), reference[i].Text);
        }
    }

    [Fact]
    public void Batches_of_mixed_lengths_equal_one_text_at_a_time()
    {
        string[] texts = TinyBert.Reference().Select(r => r.Text).Concat(new[] { "refund", "", "delete all files before lunch" }).ToArray();
        using var batched = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.BatchSize = 4);
        using var single = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.BatchSize = 1);
        int d = batched.Dimensions;
        float[] a = new float[texts.Length * d];
        float[] b = new float[texts.Length * d];

        batched.Embed(texts, a);
        single.Embed(texts, b);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertClose(b.AsSpan(i * d, d).ToArray(), a.AsSpan(i * d, d), texts[i]);
        }
    }

    [Fact]
    public async Task One_generator_serves_many_threads()
    {
        string[] texts = TinyBert.Reference().Select(r => r.Text).ToArray();
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.BatchSize = 3);
        float[] expected = new float[texts.Length * generator.Dimensions];
        generator.Embed(texts, expected);

        float[][] results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            float[] v = new float[texts.Length * generator.Dimensions];
            generator.Embed(texts, v);
            return v;
        })));

        Assert.All(results, r => AssertClose(expected, r, "parallel"));
    }

    [Fact]
    public void Long_texts_are_cut_to_the_token_limit()
    {
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.MaxTokens = 16);
        string text = string.Join(' ', Enumerable.Repeat("reset my password please", 20));

        IReadOnlyList<int> ids = generator.Tokenize(text);
        float[] vector = new float[generator.Dimensions];
        generator.Embed(new[] { text }, vector);

        Assert.Equal(16, generator.MaxTokens);
        Assert.True(ids.Count <= 16, $"{ids.Count} ids");
        Assert.Equal(1f, MathF.Sqrt(vector.Sum(x => x * x)), 3);
    }

    [Fact]
    public void Asking_for_CUDA_without_it_runs_on_the_CPU_and_logs_why()
    {
        var logger = new ListLogger();

        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o =>
        {
            o.ExecutionProvider = OnnxExecutionProvider.Cuda;
            o.Logger = logger;
        });

        Assert.Equal("CPU", generator.ExecutionProvider);
        Assert.Contains("CUDA is not available", generator.ExecutionProviderReason, StringComparison.Ordinal);
        string line = Assert.Single(logger.Lines);
        Assert.Contains("on CPU", line, StringComparison.Ordinal);
        Assert.Contains("CUDA is not available", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancelled_call_throws_OperationCanceledException()
    {
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => generator.Embed(new[] { "a", "b" }, new float[2 * generator.Dimensions], cancelled.Token));
    }

    [Fact]
    public void Missing_and_invalid_files_are_named()
    {
        string folder = Path.Combine(Path.GetTempPath(), "llmlint-onnx-" + Guid.NewGuid().ToString("N"));
        try
        {
            var missingFolder = Assert.Throws<OnnxEmbeddingModelException>(() => OnnxEmbeddingGenerator.FromDirectory(folder));
            Assert.Contains(folder, missingFolder.Message, StringComparison.Ordinal);

            Directory.CreateDirectory(folder);
            var noModel = Assert.Throws<OnnxEmbeddingModelException>(() => OnnxEmbeddingGenerator.FromDirectory(folder));
            Assert.Contains("model.onnx", noModel.Message, StringComparison.Ordinal);

            File.Copy(Path.Combine(TinyBert.Directory, "model.onnx"), Path.Combine(folder, "model.onnx"));
            var noTokenizer = Assert.Throws<OnnxEmbeddingModelException>(() => OnnxEmbeddingGenerator.FromDirectory(folder));
            Assert.Contains("vocab.txt", noTokenizer.Message, StringComparison.Ordinal);

            File.Copy(Path.Combine(TinyBert.Directory, "vocab.txt"), Path.Combine(folder, "vocab.txt"));
            File.WriteAllText(Path.Combine(folder, "model.onnx"), "not an onnx model");
            var invalid = Assert.Throws<OnnxEmbeddingModelException>(() => OnnxEmbeddingGenerator.FromDirectory(folder));
            Assert.Contains(Path.Combine(folder, "model.onnx"), invalid.Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(folder, "tokenizer_config.json"), "{ not json");
            var badJson = Assert.Throws<OnnxEmbeddingModelException>(() => OnnxEmbeddingGenerator.FromDirectory(folder));
            Assert.Contains("tokenizer_config.json", badJson.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Bad_options_are_argument_errors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.BatchSize = 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory, o => o.MaxTokens = -1));
        Assert.Throws<ArgumentException>(() => new OnnxEmbeddingGenerator(new OnnxEmbeddingOptions()));
    }

    [Fact]
    public void Metadata_describes_the_model()
    {
        using var generator = OnnxEmbeddingGenerator.FromDirectory(TinyBert.Directory);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal("onnx", metadata!.ProviderName);
        Assert.Equal(32, metadata.DefaultModelDimensions);
        Assert.Equal("tiny-bert", metadata.DefaultModelId);
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string text)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= Tolerance, $"'{text}': max abs difference {worst:E2} > {Tolerance:E0}");
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
