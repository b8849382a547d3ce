using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Benchmarks.Routing;

/// <summary>
/// Timed harness. <c>latency</c>: per-decision latency of the learned routers (excluding the embedding) on MMLU
/// training rows, against the group-baseline lookup in the same run. <c>eval &lt;dataset&gt;</c>: the route evaluation
/// (the same code as <c>llmlint eval route</c>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        string mode = args.Length > 0 ? args[0] : "latency";
        string? root = RouteLlmData.FindDataRoot(Directory.GetCurrentDirectory()) ?? RouteLlmData.FindDataRoot(AppContext.BaseDirectory);
        if (mode == "cascade")
        {
            var report = CascadeEvaluation.Run(RouteLlmData.Load("routellm-gsm8k", root));
            CascadeEvaluation.WriteText(report, Console.Out);
            return 0;
        }

        if (mode == "embed-profile")
        {
            var data = RouteLlmData.Load(args.Length > 1 ? args[1] : "routellm-mmlu", root);
            int take = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
            var texts = new string[data.Samples.Count];
            for (int i = 0; i < texts.Length; i++) texts[i] = data.Samples[i].Prompt;
            var full = new LlmLint.Embeddings.LocalEmbeddingGenerator();
            var sw = Stopwatch.StartNew();
            var lengths = new int[texts.Length];
            long total = 0;
            for (int i = 0; i < texts.Length; i++) { lengths[i] = full.Tokenizer.Encode(texts[i]).Length; total += lengths[i]; }
            Console.WriteLine($"tokenize {texts.Length} prompts: {sw.Elapsed.TotalSeconds:0.00}s, mean {total / (double)texts.Length:0.0} tokens");
            var sorted = (int[])lengths.Clone(); Array.Sort(sorted);
            Console.WriteLine($"tokens p10 {sorted[sorted.Length / 10]} p50 {sorted[sorted.Length / 2]} p90 {sorted[sorted.Length * 9 / 10]} max {sorted[^1]}; >128: {Array.FindAll(lengths, l => l > 128).Length}");
            var sample = new string[take];
            for (int i = 0; i < take; i++) sample[i] = texts[(int)((long)i * texts.Length / take)];
            foreach (int max in new[] { 32, 64, 128, 32 })
            {
                var g = new LlmLint.Embeddings.LocalEmbeddingGenerator(new LlmLint.Embeddings.LocalEmbeddingOptions { MaxTokens = max });
                var dest = new float[take * 512];
                g.Embed(sample.AsSpan(0, 16), dest);
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                sw.Restart();
                g.Embed(sample, dest);
                double s = sw.Elapsed.TotalSeconds;
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                Console.WriteLine($"max {max}: {take} prompts {s:0.00}s wall {cpu:0.00}s cpu -> {s * texts.Length / take:0.0}s for all {texts.Length}");
            }

            return 0;
        }

        if (mode == "eval")
        {
            var data = RouteLlmData.Load(args.Length > 1 ? args[1] : "routellm-mmlu", root);
            string embedderName = args.Length > 7 ? args[7] : "hashing";
            int maxTokens = args.Length > 8 ? int.Parse(args[8], CultureInfo.InvariantCulture) : RoutingEmbeddingOptions.DefaultMaxTokens;
            string? cacheDir = args.Length > 9 ? (args[9] == "none" ? null : args[9]) : RoutingEmbeddingOptions.DefaultCacheDirectory;
            BatchEmbedder Create(string name)
            {
                EmbedderRegistry.TryCreate(name, out var generator);
                return RoutingEmbeddings.Create(generator!, new RoutingEmbeddingOptions { MaxTokens = maxTokens, CacheDirectory = cacheDir }, out _);
            }

            // "a+b" concatenates the unit vectors of two embedders, each scaled by 1/√2 (the result is a unit vector).
            string[] parts = embedderName.Split('+');
            BatchEmbedder batch = parts.Length == 1 ? Create(embedderName) : Concatenate(Create(parts[0]), Create(parts[1]));
            var report = await RouteEvaluation.RunAsync(data, batch, embedderName, new RouteEvaluationOptions
            {
                CalibrationFolds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5,
                K = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 64,
                GroupWeight = args.Length > 4 ? float.Parse(args[4], CultureInfo.InvariantCulture) : 1f,
                Seed = args.Length > 6 ? int.Parse(args[6], CultureInfo.InvariantCulture) : 42,
            }, CancellationToken.None);
            RouteEvaluation.WriteText(report, Console.Out);
            return 0;
        }

        var mmlu = RouteLlmData.Load("routellm-mmlu", root);
        var embedder = new HashingTextEmbedder();
        int n = mmlu.Samples.Count;
        var rows = new float[n][];
        var weak = new double[n];
        var strong = new double[n];
        var groups = new string[n];
        for (int i = 0; i < n; i++)
        {
            rows[i] = embedder.Embed(mmlu.Samples[i].Prompt);
            weak[i] = mmlu.Samples[i].WeakQuality;
            strong[i] = mmlu.Samples[i].StrongQuality;
            groups[i] = mmlu.Samples[i].Group!;
        }

        // Train on the first 7,000 rows (the size of a 50% split), query with the rest.
        const int trainRows = 7000;
        var train = RouteOutcomes.FromRows(rows[..trainRows], weak[..trainRows], strong[..trainRows]);
        var knn = new KnnRoutePredictor(train, 64);
        var logistic = LogisticRoutePredictor.Train(train);
        var subject = new GroupWinRatePredictor(groups[..trainRows], weak[..trainRows], strong[..trainRows]);
        Console.WriteLine($"MMLU rows {n}, kNN over {trainRows} x {train.Dimensions}; {Environment.ProcessorCount} cores; {RuntimeInformationText()}");
        Measure("knn (k=64, exact SIMD scan)", i => knn.PredictQualityGap(rows[trainRows + (i % (n - trainRows))]));
        Measure("logistic", i => logistic.PredictQualityGap(rows[trainRows + (i % (n - trainRows))]));
        // The group-feature routers of the evaluation: embedding + one-hot subject (569-d), and the stacked router
        // (logistic+group, knn+group and the subject lookup combined with fixed weights), as one decision each.
        var groupNames = new System.Collections.Generic.List<string>();
        var groupIndex = new System.Collections.Generic.Dictionary<string, int>(StringComparer.Ordinal);
        var groupOf = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (!groupIndex.TryGetValue(groups[i], out int g))
            {
                g = groupNames.Count;
                groupIndex[groups[i]] = g;
                groupNames.Add(groups[i]);
            }

            groupOf[i] = g;
        }

        int gd = rows[0].Length + groupNames.Count;
        var withGroups = new float[trainRows][];
        for (int i = 0; i < trainRows; i++)
        {
            withGroups[i] = new float[gd];
            RouteFeatures.Write(rows[i], groupOf[i], groupNames.Count, 1f, withGroups[i]);
        }

        var trainGroups = RouteOutcomes.FromRows(withGroups, weak[..trainRows], strong[..trainRows]);
        var logisticGroup = LogisticRoutePredictor.Train(trainGroups);
        var knnGroup = new KnnRoutePredictor(trainGroups, 64);
        var feature = new float[gd];
        Measure("logistic+group (feature build + 2 dots)", i =>
        {
            int q = trainRows + (i % (n - trainRows));
            RouteFeatures.Write(rows[q], groupOf[q], groupNames.Count, 1f, feature);
            return logisticGroup.PredictQualityGap(feature);
        });
        GroupLogisticRoutePredictor? perGroup = null;

        // Training time on the same 7,000 × 569 rows (median of 5 fits each, the two trainers alternating).
        var adamFits = new double[5];
        var lbfgsFits = new double[5];
        for (int r = 0; r < 5; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            LogisticRoutePredictor.Train(trainGroups);
            adamFits[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            t0 = Stopwatch.GetTimestamp();
            perGroup = GroupLogisticRoutePredictor.Train(trainGroups, groupNames.Count);
            lbfgsFits[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        Array.Sort(adamFits);
        Array.Sort(lbfgsFits);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "train logistic+group (Adam, 20 epochs): {0:0} ms; logistic-per-group (L-BFGS, {1}/{2} iterations): {3:0} ms (medians of 5)", adamFits[2], perGroup!.Iterations.Weak, perGroup.Iterations.Strong, lbfgsFits[2]));
        Measure("logistic-per-group (feature build + 4 dots)", i =>
        {
            int q = trainRows + (i % (n - trainRows));
            RouteFeatures.Write(rows[q], groupOf[q], groupNames.Count, 1f, feature);
            return perGroup!.PredictQualityGap(feature);
        });
        Measure("stacked (logistic+group, knn+group, lookup)", i =>
        {
            int q = trainRows + (i % (n - trainRows));
            RouteFeatures.Write(rows[q], groupOf[q], groupNames.Count, 1f, feature);
            return (0.5 * logisticGroup.PredictQualityGap(feature)) + (0.3 * knnGroup.PredictQualityGap(feature)) + (0.2 * subject.PredictQualityGap(groups[q]));
        });
        Measure("group-baseline (dictionary)", i => subject.PredictQualityGap(groups[trainRows + (i % (n - trainRows))]));
        Measure("hashing embedder (embedding itself)", i => embedder.Embed(mmlu.Samples[trainRows + (i % (n - trainRows))].Prompt)[0]);
        return 0;
    }

    private static string RuntimeInformationText() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

    private static void Measure(string name, Func<int, double> decide)
    {
        const int warmup = 300, iterations = 3000;
        double sink = 0;
        for (int i = 0; i < warmup; i++)
        {
            sink += decide(i);
        }

        var samples = new double[iterations];
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            sink += decide(i);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        Array.Sort(samples);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-38} p50 {1,9:0.0} us  p90 {2,9:0.0} us  p99 {3,9:0.0} us  (checksum {4:0.00})", name, samples[iterations / 2], samples[iterations * 9 / 10], samples[iterations * 99 / 100], sink));
    }

    private static BatchEmbedder Concatenate(BatchEmbedder first, BatchEmbedder second) => async (texts, ct) =>
    {
        float[][] a = await first(texts, ct);
        float[][] b = await second(texts, ct);
        var rows = new float[a.Length][];
        float w = 1f / MathF.Sqrt(2f);
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[a[i].Length + b[i].Length];
            for (int j = 0; j < a[i].Length; j++)
            {
                rows[i][j] = w * a[i][j];
            }

            for (int j = 0; j < b[i].Length; j++)
            {
                rows[i][a[i].Length + j] = w * b[i][j];
            }
        }

        return rows;
    };
}
