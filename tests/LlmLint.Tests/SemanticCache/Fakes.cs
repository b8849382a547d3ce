using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

/// <summary>A deterministic bag-of-words embedder: each lower-cased word adds a pseudo-random unit direction.</summary>
internal sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const int Dimensions = 512;

    public int Calls { get; private set; }

    public Exception? Failure { get; set; }

    public static float[] Embed(string text)
    {
        var v = new float[Dimensions];
        foreach (string word in text.ToLowerInvariant().Split(new[] { ' ', '?', '.', ',', '!' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var random = new Random(StableHash(word));
            for (int i = 0; i < Dimensions; i++)
            {
                v[i] += (float)(random.NextDouble() - 0.5);
            }
        }

        if (Array.TrueForAll(v, x => x == 0))
        {
            v[0] = 1;
        }

        return v;
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (Failure is not null)
        {
            throw Failure;
        }

        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            result.Add(new Embedding<float>(Embed(value)));
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private static int StableHash(string s)
    {
        unchecked
        {
            int h = (int)2166136261;
            foreach (char c in s)
            {
                h = (h ^ c) * 16777619;
            }

            return h;
        }
    }
}

/// <summary>A store whose every call fails or hangs, to test bypassing.</summary>
internal sealed class BrokenStore : ISemanticCacheStore
{
    public bool Hang { get; set; }

    public int Dimensions => FakeEmbeddingGenerator.Dimensions;

    public int Calls { get; private set; }

    public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
        => Fail<long>();

    public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
        => Fail<IReadOnlyList<SemanticSearchResult>>();

    public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default) => Fail<bool>();

    public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default) => Fail<int>();

    public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default) => Fail<int>();

    public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default) => Fail<int>();

    private async ValueTask<T> Fail<T>()
    {
        Calls++;
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        throw new System.IO.IOException("connection refused");
    }
}
