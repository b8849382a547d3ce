using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Embeddings;
using LlmLint.LearnedRouting;

namespace LlmLint.Tests.LearnedRouting;

public sealed class RoutingEmbeddingsTests : IDisposable, IClassFixture<EmbeddingModelFixture>
{
    private static readonly HashingTextEmbedder Hashing = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-embcache-" + Guid.NewGuid().ToString("N"));
    private readonly EmbeddingModelFixture _model;
    private int _innerTexts;

    public RoutingEmbeddingsTests(EmbeddingModelFixture model) => _model = model;

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private BatchEmbedder Counting => (texts, ct) =>
    {
        Interlocked.Add(ref _innerTexts, texts.Count);
        return new ValueTask<float[][]>(texts.Select(t => Hashing.Embed(t)).ToArray());
    };

    private static readonly string[] Texts = { "What is the capital of France?", "Integrate x^2 from 0 to 1.", "naïve café ünïcode ✓", string.Empty };

    [Fact]
    public async Task Cache_HitReturnsIdenticalVectors_WithoutCallingTheEmbedder()
    {
        var first = new EmbeddingDiskCache(_dir, "test-model;v1");
        float[][] a = await first.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(4, _innerTexts);
        Assert.Equal(4, first.Misses);
        Assert.True(File.Exists(first.FilePath));

        var second = new EmbeddingDiskCache(_dir, "test-model;v1"); // a new process would start like this
        float[][] b = await second.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(4, _innerTexts);
        Assert.Equal(4, second.Hits);
        Assert.Equal(0, second.Failures);
        for (int i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(a[i], b[i]);
            Assert.Equal(Hashing.Embed(Texts[i]), b[i]);
        }
    }

    [Fact]
    public async Task Cache_EmbedsOnlyTheMissingTexts_AndKeepsTheOrder()
    {
        var cache = new EmbeddingDiskCache(_dir, "m");
        await cache.Wrap(Counting)(new[] { Texts[0], Texts[1] }, CancellationToken.None);
        _innerTexts = 0;
        float[][] all = await new EmbeddingDiskCache(_dir, "m").Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(2, _innerTexts);
        Assert.Equal(Texts.Select(t => Hashing.Embed(t)), all);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    [InlineData("flipped")]
    public async Task Cache_CorruptFile_IsIgnoredAndRebuilt_NeverFails(string damage)
    {
        var cache = new EmbeddingDiskCache(_dir, "m");
        await cache.Wrap(Counting)(Texts, CancellationToken.None);
        byte[] bytes = File.ReadAllBytes(cache.FilePath);
        switch (damage)
        {
            case "garbage": bytes = new byte[] { 1, 2, 3 }; break;
            case "truncated": bytes = bytes.AsSpan(0, bytes.Length - 7).ToArray(); break;
            default: bytes[^5] ^= 0x40; break; // one bit of one vector: caught by the payload hash
        }

        File.WriteAllBytes(cache.FilePath, bytes);
        _innerTexts = 0;
        var damaged = new EmbeddingDiskCache(_dir, "m");
        float[][] result = await damaged.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(1, damaged.Failures);
        Assert.Equal(4, _innerTexts);
        Assert.Equal(Texts.Select(t => Hashing.Embed(t)), result);

        var rebuilt = new EmbeddingDiskCache(_dir, "m");
        await rebuilt.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(4, rebuilt.Hits);
        Assert.Equal(0, rebuilt.Failures);
    }

    [Fact]
    public async Task Cache_OtherIdentity_SharesNothing()
    {
        await new EmbeddingDiskCache(_dir, "model-a").Wrap(Counting)(Texts, CancellationToken.None);
        var other = new EmbeddingDiskCache(_dir, "model-b");
        await other.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(0, other.Hits);
        Assert.Equal(8, _innerTexts);
    }

    [Fact]
    public async Task Cache_UnwritableFolder_IsCountedNotThrown()
    {
        Directory.CreateDirectory(_dir);
        string file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "x");
        var cache = new EmbeddingDiskCache(file, "m");
        float[][] result = await cache.Wrap(Counting)(Texts, CancellationToken.None);
        Assert.Equal(Texts.Select(t => Hashing.Embed(t)), result);
        Assert.Equal(1, cache.Failures);
        Assert.Throws<ArgumentException>("directory", () => new EmbeddingDiskCache(" ", "m"));
        Assert.Throws<ArgumentException>("modelIdentity", () => new EmbeddingDiskCache(_dir, string.Empty));
    }

    [Fact]
    public async Task UseLite_TokenBudget_TruncatesLongPromptsOnly_AndCachesByBudget()
    {
        const string shortText = "Which planet is largest?";
        string longText = string.Join(" ", Enumerable.Repeat("The mitochondria is the powerhouse of the cell, said the biology teacher.", 6));
        Assert.True(_model.Generator.Tokenize(shortText).Length < 8);
        Assert.True(_model.Generator.Tokenize(longText).Length > 8);

        var reference8 = new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = _model.ModelDirectory, MaxTokens = 8 });
        BatchEmbedder routing = RoutingEmbeddings.Create(_model.Generator, new RoutingEmbeddingOptions { MaxTokens = 8, CacheDirectory = _dir }, out EmbeddingDiskCache? cache);
        float[][] v = await routing(new[] { shortText, longText }, CancellationToken.None);
        Assert.Equal(_model.Generator.Embed(shortText), v[0]);       // short prompts: the full model's vector, bit for bit
        Assert.Equal(reference8.Embed(longText), v[1]);               // long prompts: the vector of the first 8 tokens
        Assert.NotEqual(_model.Generator.Embed(longText), v[1]);
        Assert.NotNull(cache);
        Assert.Contains("max-tokens=8", cache!.ModelIdentity, StringComparison.Ordinal);

        RoutingEmbeddings.Create(_model.Generator, new RoutingEmbeddingOptions { MaxTokens = 16, CacheDirectory = _dir }, out EmbeddingDiskCache? other);
        Assert.NotEqual(cache.FilePath, other!.FilePath);

        float[][] again = await RoutingEmbeddings.Create(_model.Generator, new RoutingEmbeddingOptions { MaxTokens = 8, CacheDirectory = _dir }, out EmbeddingDiskCache? warm)(new[] { shortText, longText }, CancellationToken.None);
        Assert.Equal(2, warm!.Hits);
        Assert.Equal(v, again);
        Assert.Throws<ArgumentOutOfRangeException>("options", () => RoutingEmbeddings.Create(_model.Generator, new RoutingEmbeddingOptions { MaxTokens = 0 }, out _));
    }

    [Fact]
    public void Hashing_IsNeverCached()
    {
        RoutingEmbeddings.Create(Hashing, new RoutingEmbeddingOptions { CacheDirectory = _dir }, out EmbeddingDiskCache? cache);
        Assert.Null(cache);
    }
}
