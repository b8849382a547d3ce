using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;

/// <summary>
/// Scores the library's default configuration (CacheEvaluation with default options) on the tuning half, the held-out
/// half and the full set of queries of both datasets. The halves come from a fixed-seed shuffle (seed 7) of the queries.
/// </summary>
static class Split
{
    public static void Run(string root, string vecDir)
    {
        float def = new SemanticCacheOptions().Threshold;
        Console.WriteLine($"default threshold {def:0.00}; consensus margins {SemanticConsensus.DefaultMargin} (answers repeat) / {SemanticConsensus.DefaultDistinctMargin} (distinct answers)");
        Console.WriteLine("| dataset | queries | threshold | guards | hits | right | wrong | misses | hit rate | wrong-hit rate | target |");
        Console.WriteLine("|---|---|---:|:---:|---:|---:|---:|---:|---:|---:|:---:|");
        foreach (var (name, path) in new[] { ("banking77", Path.Combine(root, "banking77")), ("mock_data", Path.Combine(root, "gptcache", "mock_data.json")) })
        {
            CacheDataset ds = CacheDataset.Load(path);
            float[][] store = Load(vecDir, ds.Name + ".store", ds.Store.Count);
            float[][] query = Load(vecDir, ds.Name + ".query", ds.Queries.Count);
            var rng = new Random(7);
            int[] perm = Enumerable.Range(0, ds.Queries.Count).OrderBy(_ => rng.Next()).ToArray();
            var tune = new HashSet<int>(perm.Take(perm.Length / 2));
            foreach (string part in new[] { "tuning half", "held-out half", "all" })
            {
                var idx = Enumerable.Range(0, ds.Queries.Count).Where(i => part == "all" || (part == "tuning half") == tune.Contains(i)).ToArray();
                var sub = new CacheDataset(ds.Name, ds.Store, idx.Select(i => ds.Queries[i]).ToArray());
                var options = new CacheEvaluationOptions { Thresholds = new[] { def } };
                CacheEvaluationResult r = CacheEvaluation.Evaluate(sub, store, idx.Select(i => query[i]).ToArray(), options);
                foreach (CacheEvaluationRow row in r.Rows.OrderByDescending(x => x.Guard))
                {
                    bool ok = name == "banking77"
                        ? row.WrongHitRate <= 0.01 && row.HitRate >= 0.40
                        : row.RightHits >= 850.0 / 999 * row.Queries && row.WrongHits <= 40.0 / 999 * row.Queries;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {name} | {part} ({row.Queries}) | {row.Threshold:0.00} | {(row.Guard ? "on" : "off")} | {row.Hits} | {row.RightHits} | {row.WrongHits} | {row.Misses} | {row.HitRate:P1} | {row.WrongHitRate:P2} | {(ok ? "met" : "not met")} |"));
                }
            }
        }
    }

    /// <summary>
    /// One cache holding both stores (banking77 train and the mock_data origins, labels kept apart by a prefix); each
    /// dataset's queries are scored against the combined cache, and the share of queries whose neighbours within reach
    /// repeat an answer is reported.
    /// </summary>
    public static void Mixed(string root, string vecDir)
    {
        var parts = new[] { ("banking77", Path.Combine(root, "banking77")), ("mock_data", Path.Combine(root, "gptcache", "mock_data.json")) };
        var store = new List<LabelledText>();
        var storeVectors = new List<float[]>();
        var queries = new List<(string Source, LabelledText Text, float[] Vector)>();
        foreach (var (name, path) in parts)
        {
            CacheDataset ds = CacheDataset.Load(path);
            float[][] s = Load(vecDir, ds.Name + ".store", ds.Store.Count);
            float[][] q = Load(vecDir, ds.Name + ".query", ds.Queries.Count);
            for (int i = 0; i < s.Length; i++) { store.Add(new LabelledText(ds.Store[i].Text, name + ":" + ds.Store[i].Label)); storeVectors.Add(s[i]); }
            for (int i = 0; i < q.Length; i++) queries.Add((name, new LabelledText(ds.Queries[i].Text, name + ":" + ds.Queries[i].Label), q[i]));
        }

        float def = new SemanticCacheOptions().Threshold;
        Console.WriteLine($"| queries (one cache of {store.Count} entries) | threshold | guards | hits | right | wrong | misses | hit rate | wrong-hit rate |");
        Console.WriteLine("|---|---:|:---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, _) in parts)
        {
            var mine = queries.Where(x => x.Source == name).ToArray();
            var ds = new CacheDataset("mixed", store, mine.Select(x => x.Text).ToArray());
            CacheEvaluationResult r = CacheEvaluation.Evaluate(ds, storeVectors, mine.Select(x => x.Vector).ToArray(), new CacheEvaluationOptions { Thresholds = new[] { def } });
            foreach (CacheEvaluationRow row in r.Rows.OrderByDescending(x => x.Guard))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} ({row.Queries}) | {row.Threshold:0.00} | {(row.Guard ? "on" : "off")} | {row.Hits} | {row.RightHits} | {row.WrongHits} | {row.Misses} | {row.HitRate:P1} | {row.WrongHitRate:P2} |"));
            }
        }
    }

    /// <summary>Share of queries whose stored neighbours within reach (the 10 nearest at or above threshold − 0.06) repeat an answer.</summary>
    public static void Repeats(string root, string vecDir)
    {
        float def = new SemanticCacheOptions().Threshold;
        float reach = def - SemanticConsensus.DefaultMargin;
        foreach (var (name, path) in new[] { ("banking77", Path.Combine(root, "banking77")), ("mock_data", Path.Combine(root, "gptcache", "mock_data.json")) })
        {
            CacheDataset ds = CacheDataset.Load(path);
            float[][] s = Load(vecDir, ds.Name + ".store", ds.Store.Count);
            float[][] q = Load(vecDir, ds.Name + ".query", ds.Queries.Count);
            int repeated = 0, withNeighbours = 0;
            var sims = new float[s.Length];
            foreach (float[] v in q)
            {
                for (int i = 0; i < s.Length; i++) sims[i] = System.Numerics.Tensors.TensorPrimitives.Dot(v, s[i]);
                int[] top = Enumerable.Range(0, s.Length).OrderByDescending(i => sims[i]).Take(10).Where(i => sims[i] >= reach).ToArray();
                if (top.Length == 0) continue;
                withNeighbours++;
                if (top.Select(i => ds.Store[i].Label).Distinct().Count() < top.Length) repeated++;
            }
            Console.WriteLine($"{name}: {repeated} of {withNeighbours} queries with neighbours at or above {reach:0.00} see a repeated answer ({100.0 * repeated / withNeighbours:0.0} %)");
        }
    }

    static float[][] Load(string dir, string prefix, int count)
    {
        string file = Directory.GetFiles(dir, prefix + ".*.f32").Single();
        byte[] bytes = File.ReadAllBytes(file);
        var all = MemoryMarshal.Cast<byte, float>(bytes);
        int d = all.Length / count;
        var r = new float[count][];
        for (int i = 0; i < count; i++) r[i] = all.Slice(i * d, d).ToArray();
        return r;
    }
}
