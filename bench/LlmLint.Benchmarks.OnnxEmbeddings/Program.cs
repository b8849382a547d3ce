// Throughput and latency of ONNX embeddings on the CPU and on CUDA, for one model folder: a sentence-embedding export
// (OnnxEmbeddingGenerator) or USE-lite converted by eng/models/convert-use-lite.py (UseLiteOnnxBackend).
//   dotnet run -c Release --project bench/LlmLint.Benchmarks.OnnxEmbeddings -- [model-folder] [seconds-per-point]
// Prints sentences/s at batch 1, 32 and 256 for each execution provider, and the p50/p99 latency of one query.
// Where CUDA cannot start (no GPU build of ONNX Runtime, or no device) the CUDA rows run on the CPU and say why.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmLint.Embeddings.Onnx;

string folder = args.Length > 0 ? args[0] : Path.Combine(FindRoot(), "tests", "data", "tiny-bert");
double seconds = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
string[] words = "how do i reset my password refund order cancel account deploy production database error card payment transfer the a to of please help".Split(' ');
var random = new Random(42);
string[] sentences = Enumerable.Range(0, 2048)
    .Select(_ => string.Join(' ', Enumerable.Range(0, random.Next(4, 40)).Select(_ => words[random.Next(words.Length)])))
    .ToArray();

Console.WriteLine($"model: {folder}; {Environment.ProcessorCount} cores; {seconds:0.#} s per point");
Console.WriteLine($"{"provider",-8} {"runs on",-8} {"batch",6} {"sentences/s",12}");
foreach (OnnxExecutionProvider provider in new[] { OnnxExecutionProvider.Cpu, OnnxExecutionProvider.Cuda })
{
    using var generator = BenchedModel.Open(folder, provider);
    if (provider == OnnxExecutionProvider.Cuda && generator.ExecutionProvider != "CUDA")
    {
        Console.WriteLine($"(CUDA asked for: {generator.ExecutionProviderReason})");
    }

    foreach (int batch in new[] { 1, 32, 256 })
    {
        float[] output = new float[batch * generator.Dimensions];
        string[] texts = sentences.Take(batch).ToArray();
        generator.Embed(texts, output); // warm-up
        long done = 0;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            generator.Embed(texts, output);
            done += batch;
        }

        Console.WriteLine($"{provider,-8} {generator.ExecutionProvider,-8} {batch,6} {done / watch.Elapsed.TotalSeconds,12:0}");
    }

    var latencies = new List<double>();
    float[] one = new float[generator.Dimensions];
    for (int i = 0; i < 500; i++)
    {
        long start = Stopwatch.GetTimestamp();
        generator.Embed(new[] { sentences[i] }, one);
        latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    latencies.Sort();
    Console.WriteLine($"{provider,-8} {generator.ExecutionProvider,-8} one query: p50 {latencies[latencies.Count / 2]:0.000} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:0.000} ms");
}

static string FindRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "LlmLint.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Pass the model folder: LlmLint.sln was not found above the benchmark.");
}
