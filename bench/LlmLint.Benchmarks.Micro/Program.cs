using System;
using System.Linq;
using BenchmarkDotNet.Running;

// Micro-benchmarks of the hot paths, each against its peer in the same run (the ratio column):
//   CacheHitBenchmarks      an exact-cache hit and the stages around it, against calling the inner client directly
//   VectorSearchBenchmarks  one top-5 search in the int8-bounded flat, int8-rescored and HNSW indexes, against the float32 flat scan
//   EmbeddingBenchmarks     one text embedded by the local model on one thread, short and long, and a batch
// Usage: dotnet run -c Release --project bench/LlmLint.Benchmarks.Micro -- --filter '*' [--job short]
//
// The benchmarks run in this process: a project BenchmarkDotNet generated would sit inside the repository and inherit its
// central package pins (Roslyn 4.8, the analyzers' floor), which BenchmarkDotNet's own Roslyn cannot restore against.
string[] arguments = args.Contains("--inProcess", StringComparer.OrdinalIgnoreCase) ? args : [.. args, "--inProcess"];
BenchmarkSwitcher.FromAssembly(typeof(CacheHitBenchmarks).Assembly).Run(arguments);
