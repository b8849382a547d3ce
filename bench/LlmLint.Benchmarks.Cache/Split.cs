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
