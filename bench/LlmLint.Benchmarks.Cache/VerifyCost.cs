using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmLint.Embeddings;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;

/// <summary>
/// The per-call cost of the default verifier: <see cref="LexicalGuard.Verify"/> on every pair of the adversarial sets (a
/// candidate hit: a stored question and a near-duplicate query), as the median over pairs of the mean time per call and
/// the bytes allocated per call, against the time to embed one query with USE-lite in the same run.
/// </summary>
internal static class VerifyCost
{
    private const int Rounds = 200;

    public static void Run(string repoRoot)
    {
        var pairs = new List<(string Query, string Stored)>();
        foreach (string file in new[] { "adversarial.csv", "adversarial-holdout.csv" })
        {
            CacheDataset set = CacheDataset.Load(Path.Combine(repoRoot, "tests", "data", "semantic-cache", file));
            for (int i = 0; i < set.Queries.Count; i++)
            {
                pairs.Add((set.Queries[i].Text, set.Store[i].Text));
            }
        }

        var guard = new LexicalGuard();
        foreach ((_, string stored) in pairs)
        {
            guard.Observe(stored);
        }

        // Warm-up: JIT, lexicon load, tiering.
        for (int r = 0; r < 30; r++)
        {
            foreach ((string q, string s) in pairs)
            {
                guard.Verify(q, s, 0.9f);
            }
        }

        (double[] perCallNs, double[] perCallBytes) = Measure(guard, pairs, fresh: false);
        (double[] freshNs, double[] freshBytes) = Measure(guard, pairs, fresh: true);

        using LocalEmbeddingGenerator generator = LocalEmbeddingGenerator.FromDirectory(EmbeddingModelLocator.Locate());
        var buffer = new float[LocalEmbeddingGenerator.Dimensions];
        string[] shortQueries = pairs.Where(p => p.Query.Length < 200).Select(p => p.Query).Take(200).ToArray();
        foreach (string q in shortQueries.Take(20))
        {
            generator.Embed([q], buffer);
        }

        var embedNs = new double[shortQueries.Length];
        for (int i = 0; i < shortQueries.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            generator.Embed([shortQueries[i]], buffer);
            embedNs[i] = (Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency;
        }

        Console.WriteLine($"LexicalGuard.Verify over {pairs.Count} candidate hits ({Rounds} calls each), analyses cached per text: p50 {Percentile(perCallNs, 0.5) / 1000:0.0} µs, p90 {Percentile(perCallNs, 0.9) / 1000:0.0} µs, p50 allocated {Percentile(perCallBytes, 0.5):0} B, p90 {Percentile(perCallBytes, 0.9):0} B per call");
        Console.WriteLine($"LexicalGuard.Verify, both texts new each call (nothing cached): p50 {Percentile(freshNs, 0.5) / 1000:0.0} µs, p90 {Percentile(freshNs, 0.9) / 1000:0.0} µs, p50 allocated {Percentile(freshBytes, 0.5):0} B, p90 {Percentile(freshBytes, 0.9):0} B per call");
        Console.WriteLine($"USE-lite embedding of one query ({shortQueries.Length} queries): p50 {Percentile(embedNs, 0.5) / 1000:0.0} µs, p90 {Percentile(embedNs, 0.9) / 1000:0.0} µs");
        Console.WriteLine($"verify / embed at p50: {Percentile(perCallNs, 0.5) / Percentile(embedNs, 0.5) * 100:0.00} % cached, {Percentile(freshNs, 0.5) / Percentile(embedNs, 0.5) * 100:0.00} % uncached");
    }

    /// <summary>Mean time and bytes per call for each pair; <paramref name="fresh"/> passes new string copies so no analysis is reused.</summary>
    private static (double[] Ns, double[] Bytes) Measure(LexicalGuard guard, List<(string Query, string Stored)> pairs, bool fresh)
    {
        var ns = new double[pairs.Count];
        var allocated = new double[pairs.Count];
        int rounds = fresh ? Rounds / 10 : Rounds;
        for (int i = 0; i < pairs.Count; i++)
        {
            (string q, string s) = pairs[i];
            string[] queries = new string[rounds], stored = new string[rounds];
            for (int r = 0; r < rounds; r++)
            {
                queries[r] = fresh ? new string(q.AsSpan()) : q;
                stored[r] = fresh ? new string(s.AsSpan()) : s;
            }

            long bytes = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            for (int r = 0; r < rounds; r++)
            {
                guard.Verify(queries[r], stored[r], 0.9f);
            }

            long ticks = Stopwatch.GetTimestamp() - start;
            allocated[i] = (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)rounds;
            ns[i] = ticks * 1e9 / Stopwatch.Frequency / rounds;
        }

        return (ns, allocated);
    }

    private static double Percentile(double[] values, double p)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];
    }
}
