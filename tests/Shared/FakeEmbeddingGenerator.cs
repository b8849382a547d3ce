using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Testing;

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
