using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Linq;
using LlmLint.Embeddings;
using LlmLint.Embeddings.Onnx;

namespace LlmLint.Benchmarks.Embeddings;

/// <summary>
/// Timed harness: USE-lite in LlmLint (managed SIMD) against the reference JavaScript implementation
/// (@energetic-ai/embeddings 0.2.0 on the TF.js wasm backend), on the same banking77 queries, in the same run.
/// </summary>
/// <remarks>
/// Usage: <c>LlmLint.Benchmarks.Embeddings --data test.csv [--model dir] [--sentences 1024] [--reference node-dir]</c>.
/// With <c>--reference</c>, runs <c>node reference-bench.mjs</c> from that folder (see run.sh).
/// </remarks>
internal static class Program
{
    private static int Main(string[] args)
    {
        string? data = Arg(args, "--data");
        string? model = Arg(args, "--model");
        string? reference = Arg(args, "--reference");
        string? onnx = Arg(args, "--onnx");
        int sentences = int.Parse(Arg(args, "--sentences") ?? "1024", CultureInfo.InvariantCulture);
        int latencyRuns = int.Parse(Arg(args, "--latency-runs") ?? "300", CultureInfo.InvariantCulture);
        if (data is null)
        {
            Console.Error.WriteLine("usage: --data <banking77 test.csv> [--model <dir>] [--sentences N] [--reference <folder with reference-bench.mjs>] [--onnx <USE-lite converted by eng/models/convert-use-lite.py>]");
            return 2;
        }

        List<string> texts = ReadTexts(data, sentences);
        string modelDir = model ?? EmbeddingModelLocator.Locate();
        Console.WriteLine($"# {texts.Count} banking77 queries from {data}; model {modelDir}; {Environment.ProcessorCount} cores; {RuntimeInfo()}");

        var results = new List<Result>();
        results.Add(RunOurs("LlmLint LocalEmbeddingGenerator (C#, managed SIMD)", parallelism => new LocalEmbeddingGenerator(
            new LocalEmbeddingOptions { ModelDirectory = modelDir, DegreeOfParallelism = parallelism }), texts, latencyRuns));
        if (onnx is not null)
        {
            results.Add(RunOurs("USE-lite on ONNX Runtime 1.32 (CPU), same tokenizer", parallelism => UseLiteOnnxBackend.CreateGenerator(
                onnx, new OnnxEmbeddingOptions { ExecutionProvider = OnnxExecutionProvider.Cpu }, new LocalEmbeddingOptions { DegreeOfParallelism = parallelism }), texts, latencyRuns));
        }

        if (reference is not null) results.Add(RunReference(reference, modelDir, data, texts.Count, latencyRuns));

        Console.WriteLine();
        Console.WriteLine("| engine | load (ms) | batch 32 (sentences/s) | batch 64 (sentences/s) | one query p50 (ms) | one query p99 (ms) | working set after load (MB) |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (Result r in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Engine} | {r.LoadMs:F0} | {r.Batch32:F0} | {r.Batch64:F0} | {r.P50:F2} | {r.P99:F2} | {r.WorkingSetMb:F0} |"));
        }

        Console.WriteLine();
        foreach (Result other in results.Skip(1))
        {
            Result ours = results[0];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed vs {other.Engine}: throughput ratio (batch 32) {ours.Batch32 / other.Batch32:F2}x; batch 64 {ours.Batch64 / other.Batch64:F2}x; one-query latency ratio (p50) {other.P50 / ours.P50:F2}x; p99 {other.P99 / ours.P99:F2}x"));
        }

        return 0;
    }

    private static Result RunOurs(string engine, Func<int, LocalEmbeddingGenerator> create, List<string> texts, int latencyRuns)
    {
        var sw = Stopwatch.StartNew();
        using LocalEmbeddingGenerator generator = create(0);
        double loadMs = sw.Elapsed.TotalMilliseconds;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        double workingSet = Process.GetCurrentProcess().WorkingSet64 / (1024.0 * 1024.0);

        // Warm-up (JIT tiers, workspaces).
        var buffer = new float[64 * LocalEmbeddingGenerator.Dimensions];
        for (int i = 0; i < 3; i++) generator.Embed(texts.GetRange(0, 64).ToArray(), buffer);
        for (int i = 0; i < 50; i++) generator.Embed(texts[i % texts.Count]);

        double batch32 = Throughput(generator, texts, 32, buffer);
        double batch64 = Throughput(generator, texts, 64, buffer);
        double[] latencies = Latencies(generator, texts, latencyRuns);
        using (LocalEmbeddingGenerator serial = create(1))
        {
            for (int i = 0; i < 50; i++) serial.Embed(texts[i % texts.Count]);
            double[] serialLatencies = Latencies(serial, texts, latencyRuns);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{engine}, one query on one thread (DegreeOfParallelism = 1): p50 {Percentile(serialLatencies, 0.5):F2} ms, p99 {Percentile(serialLatencies, 0.99):F2} ms; " +
                $"split over {Environment.ProcessorCount} threads: p50 {Percentile(latencies, 0.5):F2} ms, p99 {Percentile(latencies, 0.99):F2} ms"));
        }

        return new Result(engine, loadMs, batch32, batch64,
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), workingSet);
    }

    private static double Throughput(LocalEmbeddingGenerator generator, List<string> texts, int batch, float[] buffer)
    {
        string[] all = texts.ToArray();
        TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        int done = 0;
        for (int start = 0; start + batch <= all.Length; start += batch)
        {
            generator.Embed(all.AsSpan(start, batch), buffer);
            done += batch;
        }

        double seconds = sw.Elapsed.TotalSeconds;
        double cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ours, batch {batch}: {done / seconds:F0} sentences/s, {cpuMs / done:F2} CPU ms per sentence"));
        return done / seconds;
    }

    private static double[] Latencies(LocalEmbeddingGenerator generator, List<string> texts, int runs)
    {
        var result = new double[runs];
        var one = new float[LocalEmbeddingGenerator.Dimensions];
        var text = new string[1];
        for (int i = 0; i < runs; i++)
        {
            text[0] = ShortQuery(texts, i);
            long t0 = Stopwatch.GetTimestamp();
            generator.Embed(text, one);
            result[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        return result;
    }

    /// <summary>The i-th query of at most 10 words (the "one short query" case).</summary>
    internal static string ShortQuery(List<string> texts, int i)
    {
        int seen = 0;
        for (int k = 0; ; k++)
        {
            string t = texts[k % texts.Count];
            if (t.Split(' ').Length <= 10 && seen++ == i % 200) return t;
        }
    }

    private static Result RunReference(string folder, string modelDir, string data, int sentences, int latencyRuns)
    {
        var psi = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder,
        };
        psi.ArgumentList.Add(Path.Combine(folder, "reference-bench.mjs"));
        psi.ArgumentList.Add(modelDir);
        psi.ArgumentList.Add(data);
        psi.ArgumentList.Add(sentences.ToString(CultureInfo.InvariantCulture));
        psi.ArgumentList.Add(latencyRuns.ToString(CultureInfo.InvariantCulture));
        using Process p = Process.Start(psi) ?? throw new InvalidOperationException("node could not be started");
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"reference-bench.mjs failed ({p.ExitCode}): {stderr}");
        string json = stdout.Trim().Split('\n')[^1];
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement r = doc.RootElement;
        return new Result("reference @energetic-ai/embeddings 0.2.0 (TF.js wasm, node " + r.GetProperty("node").GetString() + ")",
            r.GetProperty("loadMs").GetDouble(), r.GetProperty("batch32").GetDouble(), r.GetProperty("batch64").GetDouble(),
            r.GetProperty("p50").GetDouble(), r.GetProperty("p99").GetDouble(), r.GetProperty("rssMb").GetDouble());
    }

    /// <summary>The first <paramref name="max"/> texts of a <c>text,label</c> CSV (banking77's quoted rows may span lines).</summary>
    private static List<string> ReadTexts(string csv, int max) =>
        LlmLint.Evaluation.CacheDataset.ReadCsv(csv).Take(max).Select(row => row.Text).ToList();

    private static double Percentile(double[] values, double q)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    private static string? Arg(string[] args, string name)
    {
        for (int i = 0; i < args.Length - 1; i++) if (args[i] == name) return args[i + 1];
        return null;
    }

    private static string RuntimeInfo() =>
        $".NET {Environment.Version}, AVX2={System.Runtime.Intrinsics.X86.Avx2.IsSupported}, FMA={System.Runtime.Intrinsics.X86.Fma.IsSupported}";

    private sealed record Result(string Engine, double LoadMs, double Batch32, double Batch64, double P50, double P99, double WorkingSetMb);
}
