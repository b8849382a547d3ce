// Timed harness for the vector indexes and the semantic-cache guard.
//   dotnet run -c Release --project bench/LlmLint.Benchmarks.Vectors -- flat  [n=100000] [dims=512]
//   dotnet run -c Release --project bench/LlmLint.Benchmarks.Vectors -- hnsw  [n=200000] [dims=512] [m=16] [efc=100] [graph file: loaded if present, else built and saved] [efSearch list=16,32,64,128,256] [data=clustered|use-lite|isotropic] [walk=64[,32]] [queries=1000]
//     walk=k: after the full-code walk, the same graph is searched again with the projected walk of k dimensions
//     (EnableProjectedWalk, fitted on 10,000 stored vectors); the argument may come anywhere after the mode.
//   dotnet run -c Release --project bench/LlmLint.Benchmarks.Vectors -- guard [data=../shared/data]
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.SemanticCache;
using LlmLint.Vectors;

string mode = args.Length > 0 ? args[0] : "flat";
string walkList = "";
int queryCount = 1000;
{
    var positional = new List<string>();
    foreach (string a in args)
    {
        if (a.StartsWith("walk=", StringComparison.Ordinal))
        {
            walkList = a.Substring("walk=".Length);
        }
        else if (a.StartsWith("queries=", StringComparison.Ordinal))
        {
            queryCount = int.Parse(a.Substring("queries=".Length), CultureInfo.InvariantCulture);
        }
        else
        {
            positional.Add(a);
        }
    }

    args = positional.ToArray();
}

// ../shared/data beside the repository (or LLMLINT_SHARED_DATA).
static string DataRoot() => Environment.GetEnvironmentVariable("LLMLINT_SHARED_DATA")
    ?? RouteLlmData.FindDataRoot(Directory.GetCurrentDirectory())
    ?? RouteLlmData.FindDataRoot(AppContext.BaseDirectory)
    ?? throw new DirectoryNotFoundException("shared/data was not found beside the repository; pass its path or set LLMLINT_SHARED_DATA.");

int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], CultureInfo.InvariantCulture) : fallback;
switch (mode)
{
    case "flat":
        Flat(Arg(1, 100_000), Arg(2, 512));
        break;
    case "hnsw":
        Hnsw(Arg(1, 200_000), Arg(2, 512), Arg(3, 16), Arg(4, 100), args.Length > 5 && args[5] is not ("" or "-") ? args[5] : null, args.Length > 6 ? args[6] : "16,32,64,128,256", args.Length > 7 ? args[7] : "clustered", walkList, queryCount);
        break;
    case "hnswcheck":
        HnswCheck();
        break;
    case "guard":
        await Guard(args.Length > 1 ? args[1] : DataRoot());
        break;
    case "diag":
        Diagnose(args.Length > 1 ? args[1] : DataRoot(), args.Length > 2 ? args[2] : "mock");
        break;
    default:
        Console.Error.WriteLine("usage: flat|hnsw|guard ...");
        return 2;
}

return 0;

static void Diagnose(string dataRoot, string which)
{
    // Guard verdicts on known-right pairs (mock: similar vs its origin) and on near-miss wrong pairs (nearest other label by the proxy).
    CacheDataset dataset = CacheDataset.Load(which == "mock" ? Path.Combine(dataRoot, "gptcache", "mock_data.json") : Path.Combine(dataRoot, "banking77"));
    var guard = new LexicalGuard();
    foreach (LabelledText t in dataset.Store)
    {
        guard.Observe(t.Text);
    }

    var embedder = new ProxyEmbedder(dataset.Store);
    IReadOnlyList<float[]> storeVectors = embedder.EmbedAsync(Texts(dataset.Store), default).Result;
    IReadOnlyList<float[]> queryVectors = embedder.EmbedAsync(Texts(dataset.Queries), default).Result;
    using var index = new FlatVectorIndex(512, storeVectors.Count);
    for (int i = 0; i < storeVectors.Count; i++)
    {
        index.Add(i, storeVectors[i]);
    }

    var reasons = new Dictionary<string, int>();
    int rightAccepted = 0, rightTotal = 0, wrongRejected = 0, wrongTotal = 0;
    var hits = new VectorHit[10];
    for (int q = 0; q < dataset.Queries.Count; q++)
    {
        LabelledText query = dataset.Queries[q];
        int found = index.Search(queryVectors[q], hits);
        bool sawRight = false, sawWrong = false;
        for (int j = 0; j < found; j++)
        {
            LabelledText stored = dataset.Store[(int)hits[j].Id];
            bool right = stored.Label == query.Label;
            if ((right && sawRight) || (!right && sawWrong))
            {
                continue;
            }

            HitVerification v = guard.Verify(query.Text, stored.Text, 0.9f);
            if (right)
            {
                sawRight = true;
                rightTotal++;
                rightAccepted += v.IsAccepted ? 1 : 0;
                if (!v.IsAccepted)
                {
                    string key = v.Reason.Split(':', '(', '\'')[0].Trim();
                    reasons[key] = reasons.GetValueOrDefault(key) + 1;
                    if (reasons[key] <= 6)
                    {
                        Console.WriteLine($"RIGHT REJECTED [{v.Reason}]\n   Q: {query.Text}\n   S: {stored.Text}");
                    }
                }
            }
            else
            {
                sawWrong = true;
                wrongTotal++;
                wrongRejected += v.IsAccepted ? 0 : 1;
                if (v.IsAccepted && wrongTotal % 25 == 0)
                {
                    Console.WriteLine($"WRONG ACCEPTED [{v.Reason}] {query.Label} vs {stored.Label}\n   Q: {query.Text}\n   S: {stored.Text}");
                }
            }
        }
    }

    Console.WriteLine($"right pairs accepted {rightAccepted}/{rightTotal}; wrong pairs rejected {wrongRejected}/{wrongTotal}");
    foreach (KeyValuePair<string, int> r in reasons)
    {
        Console.WriteLine($"  rejected right because {r.Key}: {r.Value}");
    }
}

static List<string> Texts(IReadOnlyList<LabelledText> items)
{
    var list = new List<string>(items.Count);
    foreach (LabelledText t in items)
    {
        list.Add(t.Text);
    }

    return list;
}

static void Flat(int n, int dims)
{
    Console.WriteLine($"## exact flat (bounded int8 scan) vs float32 scan vs int8+rescore, n={n}, dims={dims}, {Environment.ProcessorCount} cores, top-10, load: {Load()}");
    float[][] queries = Data.Clustered(200, dims, 1000, 0.8f, seed: 2);
    using var bounded = new FlatVectorIndex(dims, n, FlatScan.BoundedInt8);
    using var float32 = new FlatVectorIndex(dims, n, FlatScan.Float32);
    using var int8 = new QuantizedFlatVectorIndex(dims, rescoreFactor: 8, initialCapacity: n);
    var random = new Random(1);
    var centres = Data.Centres(1000, dims, random);
    var v = new float[dims];
    for (int i = 0; i < n; i++)
    {
        Data.Sample(centres, 0.8f, random, v);
        bounded.Add(i, v);
        float32.Add(i, v);
        int8.Add(i, v);
    }

    var hits = new VectorHit[10];
    var other = new VectorHit[10];
    for (int round = 0; round < 2; round++)
    {
        Report("FlatVectorIndex bounded int8 scan (exact)", queries, q => bounded.Search(q, hits));
        Report("FlatVectorIndex float32 scan (exact)", queries, q => float32.Search(q, hits));
        Report("QuantizedFlatVectorIndex int8+rescore 80 (approximate)", queries, q => int8.Search(q, other));
    }

    int identical = 0, agree = 0;
    foreach (float[] q in queries)
    {
        float32.Search(q, hits);
        bounded.Search(q, other);
        bool same = true;
        for (int j = 0; j < hits.Length; j++)
        {
            same &= hits[j] == other[j];
        }

        identical += same ? 1 : 0;
        int8.Search(q, other);
        agree += hits[0].Id == other[0].Id ? 1 : 0;
    }

    Console.WriteLine($"bounded scan top-10 identical to float32 scan (ids and similarities): {identical}/{queries.Length}");
    Console.WriteLine($"int8+rescore recall@1 vs exact: {agree / (double)queries.Length:P1}");
    Console.WriteLine($"bytes per row: bounded {bounded.BytesPerRow}, float32 {float32.BytesPerRow}; load after: {Load()}");
}

static string Load()
{
    try
    {
        return File.ReadAllText("/proc/loadavg").Trim();
    }
    catch (IOException)
    {
        return "n/a";
    }
}

static void Hnsw(int n, int dims, int m, int efc, string? graphFile, string efList, string source, string walkList, int queryCount)
{
    var random = new Random(1);
    Action<float[]> draw;
    string described;
    if (source == "use-lite")
    {
        // Needs the USE-lite model (.assets/use-lite) and the shared data; the source embeddings are cached beside the graph file.
        EmbeddingLikeData like = EmbeddingLikeData.Create(DataRoot(), graphFile is null ? Path.Combine(Path.GetTempPath(), "llmlint-hnsw.source.f32") : graphFile + ".source.f32");
        if (dims != like.Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(dims), $"use-lite data has {like.Dimensions} dimensions");
        }

        draw = v => like.Sample(random, v);
        described = $"Gaussian with the mean and covariance of {like.SourceCount} USE-lite embeddings (effective dimensions {like.EffectiveDimensions():0.0})";
    }
    else if (source == "isotropic")
    {
        // No structure at all: every direction has the same variance (the worst case for the projected walk).
        var origin = new[] { new float[dims] };
        draw = v => Data.Sample(origin, 1f, random, v);
        described = "isotropic Gaussian";
    }
    else
    {
        var centres = Data.Centres(1000, dims, random);
        draw = v => Data.Sample(centres, 0.8f, random, v);
        described = "clustered data (1000 centres, noise 0.8)";
    }

    Console.WriteLine($"## HNSW vs exact flat, n={n}, dims={dims}, M={m}, efConstruction={efc}, {described}, {Environment.ProcessorCount} cores, load: {Load()}");
    var data = new float[(long)n * dims <= int.MaxValue ? n * dims : throw new ArgumentOutOfRangeException(nameof(n))];
    var ids = new long[n];
    var v = new float[dims];
    for (int i = 0; i < n; i++)
    {
        draw(v);
        v.CopyTo(data, i * dims);
        ids[i] = i;
    }

    float[][] queries = new float[queryCount][];
    for (int i = 0; i < queries.Length; i++)
    {
        queries[i] = new float[dims];
        draw(queries[i]);
    }

    HnswVectorIndex hnsw;
    long before = GC.GetTotalMemory(forceFullCollection: true);
    if (graphFile is not null && File.Exists(graphFile))
    {
        var load = Stopwatch.StartNew();
        hnsw = HnswVectorIndex.Load(graphFile);
        Console.WriteLine($"loaded {graphFile} ({new FileInfo(graphFile).Length / 1e6:0} MB) in {load.Elapsed.TotalSeconds:0.0}s; {hnsw.Count} nodes");
        if (hnsw.Count != n || hnsw.Dimensions != dims)
        {
            throw new InvalidOperationException($"{graphFile} holds {hnsw.Count} × {hnsw.Dimensions}, not {n} × {dims}");
        }
    }
    else
    {
        hnsw = new HnswVectorIndex(dims, new HnswOptions { M = m, EfConstruction = efc, EfSearch = 64 }, n);
        string loadBefore = Load();
        var build = Stopwatch.StartNew();
        hnsw.AddRange(ids, data);
        Console.WriteLine($"build (AddRange, {Environment.ProcessorCount} threads): {build.Elapsed.TotalSeconds:0.0}s ({n / build.Elapsed.TotalSeconds:0} inserts/s); load before {loadBefore}, after {Load()}");
        if (graphFile is not null)
        {
            var save = Stopwatch.StartNew();
            hnsw.Save(graphFile);
            Console.WriteLine($"saved {graphFile} ({new FileInfo(graphFile).Length / 1e6:0} MB) in {save.Elapsed.TotalSeconds:0.0}s");
        }
    }

    long after = GC.GetTotalMemory(forceFullCollection: true);
    Console.WriteLine($"HNSW managed memory: {(after - before) / 1e6:0} MB ({(after - before) / (double)n:0} bytes per vector; float32 vectors alone {4.0 * dims:0})");

    using var flat = new FlatVectorIndex(dims, n);
    for (int i = 0; i < n; i++)
    {
        flat.Add(i, data.AsSpan(i * dims, dims));
    }

    var truth = new VectorHit[10];
    var exactIds = new long[queries.Length][];
    for (int i = 0; i < queries.Length; i++)
    {
        flat.Search(queries[i], truth);
        exactIds[i] = Array.ConvertAll(truth, h => h.Id);
    }

    Report("exact flat (bounded int8, all cores) top-10", queries, q => flat.Search(q, truth), repeat: 1);
    var hits = new VectorHit[10];
    var walks = new List<int> { 0 };
    foreach (string w in walkList.Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        walks.Add(int.Parse(w, CultureInfo.InvariantCulture));
    }

    using (hnsw)
    {
        foreach (int walk in walks)
        {
            string walkLabel = walk == 0 ? "full-code walk" : $"projected walk k={walk}";
            if (walk > 0)
            {
                var fit = Stopwatch.StartNew();
                hnsw.EnableProjectedWalk(walk);
                Console.WriteLine($"EnableProjectedWalk({walk}): fit on 10,000 vectors and projected {n} nodes in {fit.Elapsed.TotalSeconds:0.00}s; load {Load()}");
            }
            else if (hnsw.WalkDimensions != 0)
            {
                hnsw.DisableProjectedWalk();
            }

            SearchEfs(walkLabel);
        }
    }

    void SearchEfs(string walkLabel)
    {
        foreach (int ef in Array.ConvertAll(efList.Split(','), e => int.Parse(e, CultureInfo.InvariantCulture)))
        {
            hnsw.EfSearch = ef;
            int r1 = 0, r10 = 0;
            for (int i = 0; i < queries.Length; i++)
            {
                hnsw.Search(queries[i], hits);
                r1 += hits[0].Id == exactIds[i][0] ? 1 : 0;
                foreach (VectorHit h in hits)
                {
                    r10 += Array.IndexOf(exactIds[i], h.Id) >= 0 ? 1 : 0;
                }
            }

            Report($"hnsw {walkLabel} ef={ef} top-10 (recall@1 {r1 / (double)queries.Length:P1}, recall@10 {r10 / (10.0 * queries.Length):P1})", queries, q => hnsw.Search(q, hits), repeat: 3);
        }
    }
}

static void HnswCheck()
{
    static float[][] Clustered(int count, int dims, int clusters, float spread, int seed)
    {
        var random = new Random(seed);
        float[][] centres = Data.Centres(clusters, dims, random);
        var vectors = new float[count][];
        for (int i = 0; i < count; i++)
        {
            var noise = new float[dims];
            Data.Sample(new[] { new float[dims] }, 1f, random, noise);
            TensorPrimitives.Divide(noise, TensorPrimitives.Norm(noise), noise);
            float[] centre = centres[random.Next(clusters)];
            vectors[i] = new float[dims];
            for (int d = 0; d < dims; d++)
            {
                vectors[i][d] = centre[d] + (spread * noise[d]);
            }
        }

        return vectors;
    }

    float[][] data = Clustered(4000, 64, 40, 0.5f, 51);
    float[][] queries = Clustered(300, 64, 40, 0.5f, 52);
    using var exact = new FlatVectorIndex(64, data.Length);
    var flatData = new float[data.Length * 64];
    var ids = new long[data.Length];
    for (int i = 0; i < data.Length; i++)
    {
        exact.Add(i, data[i]);
        data[i].CopyTo(flatData, i * 64);
        ids[i] = i;
    }

    foreach (int threads in new[] { 0, 1, 2, 4, 0, 4 })
    {
        using var h = new HnswVectorIndex(64, new HnswOptions { M = 16, EfConstruction = 100, EfSearch = 64 });
        if (threads == 0)
        {
            for (int i = 0; i < data.Length; i++)
            {
                h.Add(i, data[i]);
            }
        }
        else
        {
            h.AddRange(ids, flatData, threads);
        }

        h.EfSearch = 200;
        int miss = 0;
        var self = new VectorHit[1];
        for (int i = 0; i < data.Length; i++)
        {
            h.Search(data[i], self);
            miss += self[0].Id == i ? 0 : 1;
        }

        Console.WriteLine($"threads {threads}: {miss} of {data.Length} stored vectors do not find themselves at ef 200");
        foreach (int ef in new[] { 64, 200 })
        {
            h.EfSearch = ef;
            int ok = 0;
            var t = new VectorHit[1];
            var a = new VectorHit[10];
            foreach (float[] q in queries)
            {
                exact.Search(q, t);
                h.Search(q, a);
                ok += a[0].Id == t[0].Id ? 1 : 0;
            }

            Console.WriteLine($"threads {threads} ef {ef}: recall@1 {ok / 300.0:P1}");
        }
    }
}

static void Report(string label, float[][] queries, Action<float[]> search, int repeat = 2)
{
    foreach (float[] q in queries)
    {
        search(q); // warm-up
    }

    var times = new double[queries.Length * repeat];
    for (int i = 0; i < times.Length; i++)
    {
        long start = Stopwatch.GetTimestamp();
        search(queries[i % queries.Length]);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    Console.WriteLine($"{label}: p50 {times[times.Length / 2]:0.000} ms, p99 {times[(int)(times.Length * 0.99)]:0.000} ms; load {Load()}");
}

static async Task Guard(string dataRoot)
{
    // Proxy embedder (TF-IDF over hashed words and character trigrams); the real figures come from `llmlint eval cache`.
    foreach (string path in new[] { Path.Combine(dataRoot, "banking77"), Path.Combine(dataRoot, "gptcache", "mock_data.json") })
    {
        CacheDataset dataset = CacheDataset.Load(path);
        var embedder = new ProxyEmbedder(dataset.Store);
        CacheEvaluationResult result = await CacheEvaluation.RunAsync(embedder.EmbedAsync, dataset, new CacheEvaluationOptions());
        Console.WriteLine(result.ToTable());
        Console.WriteLine($"embed {result.EmbedTime.TotalSeconds:0.0}s, evaluate {result.EvaluateTime.TotalSeconds:0.0}s");
    }
}

internal static class Data
{
    public static float[][] Centres(int count, int dims, Random random)
    {
        var centres = new float[count][];
        for (int c = 0; c < count; c++)
        {
            centres[c] = Gaussian(random, dims);
            TensorPrimitives.Divide(centres[c], TensorPrimitives.Norm(centres[c]), centres[c]);
        }

        return centres;
    }

    public static void Sample(float[][] centres, float spread, Random random, float[] into)
    {
        float[] centre = centres[random.Next(centres.Length)];
        float scale = spread / MathF.Sqrt(into.Length);
        for (int d = 0; d < into.Length; d++)
        {
            into[d] = centre[d] + (scale * NextGaussian(random));
        }
    }

    public static float[][] Clustered(int count, int dims, int clusters, float spread, int seed)
    {
        var random = new Random(seed);
        float[][] centres = Centres(clusters, dims, random);
        var result = new float[count][];
        for (int i = 0; i < count; i++)
        {
            result[i] = new float[dims];
            Sample(centres, spread, random, result[i]);
        }

        return result;
    }

    private static float[] Gaussian(Random random, int dims)
    {
        var v = new float[dims];
        for (int d = 0; d < dims; d++)
        {
            v[d] = NextGaussian(random);
        }

        return v;
    }

    public static float NextGaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}

internal sealed class ProxyEmbedder
{
    private const int Dims = 512;
    private readonly Dictionary<string, double> _idf = new(StringComparer.Ordinal);
    private readonly int _documents;

    public ProxyEmbedder(IReadOnlyList<LabelledText> corpus)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (LabelledText t in corpus)
        {
            foreach (string f in new HashSet<string>(Features(t.Text)))
            {
                df[f] = df.GetValueOrDefault(f) + 1;
            }
        }

        _documents = corpus.Count;
        foreach (KeyValuePair<string, int> p in df)
        {
            _idf[p.Key] = Math.Log((_documents + 1.0) / (p.Value + 1.0)) + 1;
        }
    }

    public Task<IReadOnlyList<float[]>> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var result = new List<float[]>(texts.Count);
        foreach (string text in texts)
        {
            var v = new float[Dims];
            foreach (string f in Features(text))
            {
                double w = _idf.TryGetValue(f, out double idf) ? idf : Math.Log(_documents + 1.0) + 1;
                int h = f.GetHashCode(StringComparison.Ordinal) & int.MaxValue;
                v[h % Dims] += (float)(((h >> 20) & 1) == 0 ? w : -w);
            }

            v[0] += 1e-3f;
            result.Add(v);
        }

        return Task.FromResult<IReadOnlyList<float[]>>(result);
    }

    private static IEnumerable<string> Features(string text)
    {
        string lower = text.ToLowerInvariant();
        foreach (string word in lower.Split(new[] { ' ', ',', '.', '?', '!', '"', '(', ')' }, StringSplitOptions.RemoveEmptyEntries))
        {
            yield return "w:" + word;
            string padded = "#" + word + "#";
            for (int i = 0; i + 3 <= padded.Length; i++)
            {
                yield return "c:" + padded.Substring(i, 3);
            }
        }
    }
}
