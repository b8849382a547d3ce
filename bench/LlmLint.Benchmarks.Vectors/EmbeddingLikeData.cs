using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using LlmLint.Embeddings;
using LlmLint.Evaluation;
using Microsoft.Extensions.AI;

/// <summary>
/// Synthetic vectors with the statistics of real sentence embeddings: the shared data's texts (banking77 train and test,
/// GPTCache mock_data origins and queries) are embedded with USE-lite, and samples are drawn from the Gaussian with their
/// mean and covariance (a sum of <see cref="Terms"/> random centred embeddings with Gaussian weights), then unit-normalised.
/// Unlike isotropic noise, the variance falls off across directions the way it does for real embeddings.
/// </summary>
internal sealed class EmbeddingLikeData
{
    private const int Terms = 64;
    private readonly float[] _mean;
    private readonly float[] _centred;
    private readonly int _rows;

    private EmbeddingLikeData(float[] mean, float[] centred, int rows, int dims)
    {
        _mean = mean;
        _centred = centred;
        _rows = rows;
        Dimensions = dims;
    }

    public int Dimensions { get; }

    public int SourceCount => _rows;

    /// <summary>Embeds the source texts (or reads them from <paramref name="cacheFile"/>) and fits the mean.</summary>
    public static EmbeddingLikeData Create(string dataRoot, string cacheFile)
    {
        float[] rows;
        if (File.Exists(cacheFile))
        {
            rows = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(cacheFile)).ToArray();
        }
        else
        {
            var texts = new List<string>();
            foreach (CacheDataset set in new[]
            {
                CacheDataset.Load(Path.Combine(dataRoot, "banking77")),
                CacheDataset.Load(Path.Combine(dataRoot, "gptcache", "mock_data.json")),
            })
            {
                foreach (LabelledText t in set.Store)
                {
                    texts.Add(t.Text);
                }

                foreach (LabelledText t in set.Queries)
                {
                    texts.Add(t.Text);
                }
            }

            GeneratedEmbeddings<Embedding<float>> embedded = LocalEmbeddingGenerator.Default.GenerateAsync(texts).GetAwaiter().GetResult();
            int d = embedded[0].Vector.Length;
            rows = new float[embedded.Count * d];
            for (int i = 0; i < embedded.Count; i++)
            {
                embedded[i].Vector.Span.CopyTo(rows.AsSpan(i * d, d));
            }

            File.WriteAllBytes(cacheFile, MemoryMarshal.AsBytes(rows.AsSpan()).ToArray());
        }

        const int dims = 512;
        int n = rows.Length / dims;
        var mean = new float[dims];
        for (int i = 0; i < n; i++)
        {
            TensorPrimitives.Add(mean, rows.AsSpan(i * dims, dims), mean);
        }

        TensorPrimitives.Divide(mean, n, mean);
        for (int i = 0; i < n; i++)
        {
            Span<float> r = rows.AsSpan(i * dims, dims);
            TensorPrimitives.Subtract(r, mean, r);
        }

        return new EmbeddingLikeData(mean, rows, n, dims);
    }

    /// <summary>Draws one unit vector into <paramref name="into"/>.</summary>
    public void Sample(Random random, Span<float> into)
    {
        _mean.CopyTo(into);
        float scale = 1f / MathF.Sqrt(Terms);
        for (int j = 0; j < Terms; j++)
        {
            float g = scale * Data.NextGaussian(random);
            TensorPrimitives.MultiplyAdd(_centred.AsSpan(random.Next(_rows) * Dimensions, Dimensions), g, into, into);
        }

        TensorPrimitives.Divide(into, TensorPrimitives.Norm(into), into);
    }

    /// <summary>The effective number of dimensions of the source embeddings, (Σλ)² / Σλ² over the covariance eigenvalues, from traces.</summary>
    public double EffectiveDimensions()
    {
        // tr(C) and tr(C²) = ||C||_F² with C = XᵀX / n; ||XᵀX||_F² = ||XXᵀ||_F², estimated on a sample of rows.
        int s = Math.Min(_rows, 3000);
        var random = new Random(5);
        var pick = new int[s];
        for (int i = 0; i < s; i++)
        {
            pick[i] = random.Next(_rows);
        }

        double trace = 0, frob = 0;
        for (int i = 0; i < s; i++)
        {
            ReadOnlySpan<float> a = _centred.AsSpan(pick[i] * Dimensions, Dimensions);
            double aa = TensorPrimitives.Dot(a, a);
            trace += aa;
            frob += aa * aa;
            for (int j = i + 1; j < s; j++)
            {
                double ab = TensorPrimitives.Dot(a, _centred.AsSpan(pick[j] * Dimensions, Dimensions));
                frob += 2 * ab * ab;
            }
        }

        return trace * trace / frob;
    }
}
