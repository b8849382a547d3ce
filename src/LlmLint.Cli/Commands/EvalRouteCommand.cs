using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint eval route</c>: replays recorded outcomes and scores learned routers with RouteLLM's metrics.</summary>
internal static class EvalRouteCommand
{
    /// <summary>Parsed arguments.</summary>
    public sealed record Args(string Data, string? DataRoot, string Embedder, string Format, int Seed, double Target, int OutputTokens, double TestFraction, int MaxTokens = RoutingEmbeddingOptions.DefaultMaxTokens, string? EmbeddingCache = null, bool NoEmbeddingCache = false);

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "routellm-mmlu | routellm-gsm8k | routellm-mtbench | <csv with prompt,weak_correct,strong_correct[,weak_cost,strong_cost,group]>", Required = true };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding routellm/ (default: shared/data found above the current directory)" };
        var embedder = new Option<string>("--embedder") { Description = "Embedder: auto (use-lite when its model files are found, else hashing) | use-lite | hashing", DefaultValueFactory = _ => "auto" };
        var format = new Option<string>("--format") { Description = "text | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var seed = new Option<int>("--seed") { Description = "Seed of the split and of training", DefaultValueFactory = _ => 42 };
        var target = new Option<double>("--target") { Description = "Quality target as a share of the strong model's quality", DefaultValueFactory = _ => 0.95 };
        var outputTokens = new Option<int>("--output-tokens") { Description = "Assumed output tokens per call when costing from the catalog", DefaultValueFactory = _ => 256 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of samples in the test split", DefaultValueFactory = _ => 0.5 };
        var maxTokens = new Option<int>("--max-tokens") { Description = "use-lite only: embed the first N SentencePiece tokens of each prompt for the routing feature (1-128; longer prompts are truncated)", DefaultValueFactory = _ => RoutingEmbeddingOptions.DefaultMaxTokens };
        var cache = new Option<string?>("--embedding-cache") { Description = "use-lite only: folder of the on-disk embedding cache (default: $LLMLINT_EMBEDDING_CACHE, else <local app data>/llmlint/embedding-cache)" };
        var noCache = new Option<bool>("--no-embedding-cache") { Description = "Do not read or write the embedding cache" };
        var command = new Command("route", "Replay recorded weak/strong outcomes and score learned routers (APGR, CPT, saving at 95% quality)")
        {
            data, dataRoot, embedder, format, seed, target, outputTokens, testFraction, maxTokens, cache, noCache,
        };
        command.SetRun(result => new Args(result.GetValue(data)!, result.GetValue(dataRoot), result.GetValue(embedder)!, result.GetValue(format)!, result.GetValue(seed), result.GetValue(target), result.GetValue(outputTokens), result.GetValue(testFraction), result.GetValue(maxTokens), result.GetValue(cache), result.GetValue(noCache)), RunAsync);
        return command;
    }

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);

        Microsoft.Extensions.AI.IEmbeddingGenerator<string, Microsoft.Extensions.AI.Embedding<float>>? generator;
        string embedderName = args.Embedder;
        try
        {
            if (string.Equals(args.Embedder, "auto", StringComparison.OrdinalIgnoreCase))
            {
                generator = EmbedderRegistry.CreateDefaultEmbedder(out embedderName);
            }
            else if (!EmbedderRegistry.TryCreate(args.Embedder, out generator))
            {
                stderr.WriteLine($"error: unknown embedder '{args.Embedder}'; known: auto, {string.Join(", ", EmbedderRegistry.Names)}.");
                return ExitCodes.BadInput;
            }
        }
        catch (LlmLint.Embeddings.EmbeddingModelException e)
        {
            stderr.WriteLine($"error: the '{args.Embedder}' embedder cannot load its model: {e.Message}");
            return ExitCodes.BadInput;
        }

        if (args.MaxTokens is < 1 or > 128)
        {
            generator?.Dispose();
            stderr.WriteLine($"error: --max-tokens must be between 1 and 128 (got {args.MaxTokens}).");
            return ExitCodes.BadInput;
        }

        try
        {
            RouteDataSet dataSet = RouteLlmData.Load(args.Data, args.DataRoot);
            var options = new RouteEvaluationOptions { Seed = args.Seed, Target = args.Target, OutputTokens = args.OutputTokens, TestFraction = args.TestFraction };
            using (generator)
            {
                var embeddingOptions = new RoutingEmbeddingOptions
                {
                    MaxTokens = args.MaxTokens,
                    CacheDirectory = args.NoEmbeddingCache ? null : args.EmbeddingCache ?? RoutingEmbeddingOptions.DefaultCacheDirectory,
                };
                var batch = RoutingEmbeddings.Create(generator!, embeddingOptions, out EmbeddingDiskCache? embeddingCache);
                if (generator is LlmLint.Embeddings.LocalEmbeddingGenerator)
                {
                    embedderName += $" (first {args.MaxTokens} tokens)";
                }

                var report = await RouteEvaluation.RunAsync(dataSet, batch, embedderName, options, ct);
                if (embeddingCache is not null)
                {
                    stderr.WriteLine($"embedding cache {embeddingCache.FilePath}: {embeddingCache.Hits} hits, {embeddingCache.Misses} misses{(embeddingCache.Failures > 0 ? $", {embeddingCache.Failures} unreadable or unwritable (ignored)" : string.Empty)}");
                }

                ReportOutput.Write(args.Format, stdout, json => RouteEvaluation.WriteJson(report, json), text => RouteEvaluation.WriteText(report, text));
            }

            return 0;
        }
        catch (Exception e) when (e is FormatException or IOException or ArgumentException or InvalidOperationException)
        {
            stderr.WriteLine("error: " + e.Message);
            return ExitCodes.BadInput;
        }
    }
}
