using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Numerics.Tensors;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;

// Semantic-cache guard harness on precomputed USE-lite vectors (the files `llmlint eval cache --vectors-cache <dir>` writes).
// Usage: LlmLint.Benchmarks.Cache <data-root> <vectors-dir> [mode]
//   split    the library's default configuration (CacheEvaluation) on the tuning half, the held-out half and all queries
//   mixed    both stores in one cache, each dataset's queries scored against it
//   repeats  share of queries whose neighbours within reach repeat an answer
//   features neighbour statistics of right and wrong nearest hits (lead over the next answer, support, stored similarity)
//   lex      lexical-guard verdict kinds on right and wrong nearest hits
//   ex       examples of one verdict kind (KIND=1..6, SAME=0|1)
//   sweep    rule families on the tuning half (ONLY=rep|plural for the repeated-answer and plurality families)
//   detail   the repeated-answer rule per threshold on tuning / held-out / all (LO, HI, FLOOR=1, LEX=all|noswap|dec|none;
//            SWAPMAX, SWAPFRAC, OVERRIDE set LexicalGuardOptions)
//   verify   the per-call cost of LexicalGuard.Verify on the adversarial sets' candidate hits against one USE-lite
//            embedding (usage: LlmLint.Benchmarks.Cache verify <repository root>)
// The halves come from a fixed-seed shuffle (seed 7) of each dataset's queries.
if (args is ["verify", var repoRoot])
{
    VerifyCost.Run(repoRoot);
    return;
}

string root = args[0], vecDir = args[1], mode = args.Length > 2 ? args[2] : "features";
if (mode is "split" or "mixed" or "repeats")
{
    if (mode == "split") Split.Run(root, vecDir);
    else if (mode == "mixed") Split.Mixed(root, vecDir);
    else Split.Repeats(root, vecDir);
    return;
}

var sets = new[] { ("banking77", Path.Combine(root, "banking77")), ("mock_data", Path.Combine(root, "gptcache", "mock_data.json")) };
const int K = 10;
var prepared = new List<Prepared>();
foreach (var (name, path) in sets)
{
    CacheDataset ds = CacheDataset.Load(path);
    float[][] store = Load(vecDir, ds.Name + ".store", ds.Store.Count);
    float[][] query = Load(vecDir, ds.Name + ".query", ds.Queries.Count);
    var go = new LexicalGuardOptions();
    if (Environment.GetEnvironmentVariable("SWAPMAX") is { } sm) go.MaxSwappedTerms = int.Parse(sm);
    if (Environment.GetEnvironmentVariable("SWAPFRAC") is { } sf) go.MinSwapFraction = double.Parse(sf, CultureInfo.InvariantCulture);
    if (Environment.GetEnvironmentVariable("OVERRIDE") is { } ov) go.OverrideSimilarity = float.Parse(ov, CultureInfo.InvariantCulture);
    var guard = new LexicalGuard(go);
    foreach (var t in ds.Store) guard.Observe(t.Text);
    var answerIds = new Dictionary<string, int>();
    int[] ans = ds.Store.Select(t => answerIds.TryGetValue(t.Label, out int a) ? a : answerIds[t.Label] = answerIds.Count).ToArray();
    var qs = new Q[ds.Queries.Count];
    var sims = new float[store.Length];
    for (int q = 0; q < qs.Length; q++)
    {
        for (int s = 0; s < store.Length; s++) sims[s] = TensorPrimitives.Dot(query[q], store[s]);
        int[] top = Enumerable.Range(0, store.Length).OrderByDescending(i => sims[i]).Take(K).ToArray();
        var ns = new N[K];
        for (int j = 0; j < K; j++)
        {
            int s = top[j];
            ns[j] = new N(sims[s], ans[s], ds.Store[s].Label == ds.Queries[q].Label, Kind(guard.Verify(ds.Queries[q].Text, ds.Store[s].Text, sims[s])), s);
        }
        // pairwise stored sims among the neighbours
        var pair = new float[K, K];
        for (int a = 0; a < K; a++) for (int b = 0; b < K; b++) pair[a, b] = TensorPrimitives.Dot(store[top[a]], store[top[b]]);
        qs[q] = new Q(ns, pair);
    }
    var rng = new Random(7);
    int[] perm = Enumerable.Range(0, qs.Length).OrderBy(_ => rng.Next()).ToArray();
    var half = new bool[qs.Length];
    for (int i = 0; i < perm.Length / 2; i++) half[perm[i]] = true; // true = tuning half
    prepared.Add(new Prepared(name, qs, half, ans, store, ds, guard));
    Console.Error.WriteLine($"{name}: prepared {qs.Length}");
}

Rules.Run(mode, prepared);

static int Kind(HitVerification v)
{
    if (v.IsAccepted) return 0;
    string r = v.Reason;
    if (r.StartsWith("numbers")) return 1;
    if (r.Contains("appears only")) return 2;
    if (r.Contains("negated")) return 3;
    if (r.StartsWith("key terms")) return 4;
    if (r.StartsWith("too few")) return 5;
    return 6;
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

record struct N(float Sim, int Answer, bool Same, int LexKind, int Store)
{
    public bool Lex => LexKind == 0;
}
record Q(N[] Ns, float[,] Pair);
record Prepared(string Name, Q[] Qs, bool[] Tune, int[] Answers, float[][] Store, CacheDataset Ds, LexicalGuard Guard);
