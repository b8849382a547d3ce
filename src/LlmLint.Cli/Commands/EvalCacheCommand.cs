using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Embeddings;
using LlmLint.Evaluation;

namespace LlmLint.Cli.Commands;

/// <summary>
/// <c>llmlint eval cache --data &lt;gptcache|banking77|path&gt; [--format text|json] [--data-root &lt;dir&gt;] [--no-guards] [--ablate-guards]</c>:
/// embeds a labelled dataset once with the local USE-lite model, stores one side, queries the other and prints hit rate,
/// wrong-hit rate and precision per threshold, with and without the guards, the recommended threshold and the shipped
/// default configuration's result. A <c>.csv</c> pairs file (<c>stored,query,same_meaning</c>) evaluates each query
/// against its own stored text. Exit codes: 0 done, 2 bad input (options, dataset, model).
/// </summary>
internal static class EvalCacheCommand
{
    private const int BatchSize = 64;

    /// <summary>The exit code of bad input: options, a dataset that cannot be read or has the wrong columns, a missing model.</summary>
    internal const int BadInput = 2;

    public static Command Create()
    {
        var data = new Option<string>("--data", "-d")
        {
            Description = "gptcache (mock_data.json: store every origin, query every similar), banking77 (store train, query test), a folder with store.csv and query.csv (header text,label), or a pairs file *.csv (header stored,query,same_meaning).",
            Required = true,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "text (a table) or json (one JSON object per threshold and line).",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var dataRoot = new Option<string?>("--data-root")
        {
            Description = "The folder holding gptcache/ and banking77/. Default: LLMLINT_DATA_ROOT, else shared/data found above the current folder or the tool.",
        };
        var noGuards = new Option<bool>("--no-guards")
        {
            Description = "Evaluate plain cosine only (no lexical guard, no answer consensus).",
        };
        var model = new Option<string?>("--model")
        {
            Description = "The USE-lite model folder. Default: LLMLINT_EMBEDDING_MODEL, or the model shipped with llmlint (llmlint-models/use-lite next to it).",
        };
        var vectors = new Option<string?>("--vectors-cache")
        {
            Description = "A folder where the embeddings are kept between runs (reused when the texts are unchanged).",
        };

        var guards = new Option<string?>("--guards")
        {
            Description = "The guards of the guard-on rows, comma-separated among lexical, consensus, floors. Default: the runtime's default set.",
        };
        var margin = new Option<float?>("--consensus-margin")
        {
            Description = "The answer-consensus margin where cached answers repeat among the neighbours (similarity). Default 0.06.",
        };
        var distinctMargin = new Option<float?>("--distinct-margin")
        {
            Description = "The answer-consensus margin where every neighbour has its own cached answer (similarity). Default 0.01; give the --consensus-margin value for one fixed margin.",
        };

        var ablate = new Option<bool>("--ablate-guards")
        {
            Description = "Also evaluate the shipped defaults with each check of the default verifier turned off, one at a time, and print what each check contributes (right hits it costs, wrong hits it removes).",
        };

        var command = new Command("cache", "Evaluates the semantic cache on a labelled dataset with the local embedding model.") { data, format, dataRoot, noGuards, model, vectors, guards, margin, distinctMargin, ablate };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetRequiredValue(data),
            parseResult.GetValue(format) ?? "text",
            parseResult.GetValue(dataRoot),
            parseResult.GetValue(noGuards),
            parseResult.GetValue(model),
            parseResult.GetValue(vectors),
            parseResult.GetValue(guards),
            parseResult.GetValue(margin),
            parseResult.GetValue(distinctMargin),
            parseResult.GetValue(ablate),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Runs the command without ablation.</summary>
    public static Task<int> RunAsync(string data, string format, string? dataRoot, bool noGuards, string? modelDir, string? vectorsCache, string? guards, float? margin, float? distinctMargin, TextWriter stdout, TextWriter stderr, CancellationToken ct)
        => RunAsync(data, format, dataRoot, noGuards, modelDir, vectorsCache, guards, margin, distinctMargin, ablateGuards: false, stdout, stderr, ct);

    /// <summary>Runs the command; returns 0 on success, 2 on bad input or a missing model or dataset (the reason goes to <paramref name="stderr"/>).</summary>
    public static async Task<int> RunAsync(string data, string format, string? dataRoot, bool noGuards, string? modelDir, string? vectorsCache, string? guards, float? margin, float? distinctMargin, bool ablateGuards, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (format is not ("text" or "json"))
        {
            await stderr.WriteLineAsync($"error: --format must be text or json (was '{format}').");
            return BadInput;
        }

        if (margin is { } badShared && !(badShared is >= 0f and < 1f))
        {
            await stderr.WriteLineAsync($"error: --consensus-margin must be within [0, 1) (was {badShared.ToString(CultureInfo.InvariantCulture)}).");
            return BadInput;
        }

        if (distinctMargin is { } badDistinct && !(badDistinct is >= 0f and < 1f))
        {
            await stderr.WriteLineAsync($"error: --distinct-margin must be within [0, 1) (was {badDistinct.ToString(CultureInfo.InvariantCulture)}).");
            return BadInput;
        }

        CacheDataset dataset;
        try
        {
            string path = ResolveDataset(data, dataRoot);
            dataset = CacheDataset.Load(path);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return BadInput;
        }

        LocalEmbeddingGenerator generator;
        try
        {
            generator = modelDir is null ? LocalEmbeddingGenerator.Default : LocalEmbeddingGenerator.FromDirectory(modelDir);
        }
        catch (EmbeddingModelException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return BadInput;
        }

        CacheEvaluationResult result;
        GuardAblation? ablation;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Long texts are keyed as the middleware keys them with this model: the embedded part is one it reads whole.
            float[][] store = EmbedAll(generator, CacheEvaluation.TextsToEmbed(dataset.Store, generator.FitsWindow), vectorsCache, dataset.Name + ".store", ct);
            float[][] queries = EmbedAll(generator, CacheEvaluation.TextsToEmbed(dataset.Queries, generator.FitsWindow), vectorsCache, dataset.Name + ".query", ct);
            var options = new CacheEvaluationOptions { FitsWindow = generator.FitsWindow };
            if (margin is { } m)
            {
                options.ConsensusMargin = m;
            }

            if (distinctMargin is { } dm)
            {
                options.DistinctAnswersMargin = dm;
            }

            if (guards is not null)
            {
                var set = new HashSet<string>(guards.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
                foreach (string g in set)
                {
                    if (g is not ("lexical" or "consensus" or "floors"))
                    {
                        await stderr.WriteLineAsync($"error: --guards: unknown guard '{g}' (expected lexical, consensus, floors).");
                        return BadInput;
                    }
                }

                if (!set.Contains("lexical")) options.Verifier = null;
                options.AnswerConsensus = set.Contains("consensus");
                options.EntryFloors = set.Contains("floors");
            }

            if (noGuards)
            {
                options.Verifier = null;
                options.AnswerConsensus = false;
                options.EntryFloors = false;
            }

            result = CacheEvaluation.Evaluate(dataset, store, queries, options, clock.Elapsed);
            ablation = ablateGuards ? GuardAblation.Run(dataset, store, queries) : null;
            if (Environment.GetEnvironmentVariable("LLMLINT_EVAL_EXPLAIN") is { Length: > 0 } explainFile)
            {
                Output.AtomicFile.WriteAllText(explainFile, CacheExplanation.Explain(dataset, store, queries, new LlmLint.SemanticCache.SemanticCacheOptions()));
            }
        }
        finally
        {
            if (modelDir is not null) generator.Dispose();
        }

        if (format == "json")
        {
            await stdout.WriteAsync(result.ToJsonLines());
            if (ablation is not null)
            {
                await stdout.WriteAsync(ablation.ToJsonLine());
            }
        }
        else
        {
            await stdout.WriteAsync(result.ToTable());
            if (ablation is not null)
            {
                await stdout.WriteAsync(ablation.ToTable());
            }
        }

        await stdout.FlushAsync(ct);
        return 0;
    }

    /// <summary>Maps a dataset name or path to a file or folder <see cref="CacheDataset.Load"/> understands.</summary>
    internal static string ResolveDataset(string data, string? dataRoot)
    {
        if (data is "gptcache" or "banking77")
        {
            string root = dataRoot ?? NonEmpty(Environment.GetEnvironmentVariable("LLMLINT_DATA_ROOT")) ?? FindDataRoot() ?? throw new DirectoryNotFoundException(
                $"--data {data}: no shared/data folder was found above '{Directory.GetCurrentDirectory()}' or '{AppContext.BaseDirectory}'; pass --data-root <dir>.");
            string path = data == "gptcache" ? Path.Combine(root, "gptcache", "mock_data.json") : Path.Combine(root, "banking77");
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"--data {data}: '{path}' does not exist (data root '{root}').", path);
            }

            return path;
        }

        if (!File.Exists(data) && !Directory.Exists(data))
        {
            throw new FileNotFoundException($"--data: '{data}' is neither gptcache, banking77, nor an existing file or folder.", data);
        }

        return data;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Finds <c>shared/data</c> above the current folder or the tool, or beside the folder holding LlmLint.sln.</summary>
    internal static string? FindDataRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                if (File.Exists(Path.Combine(dir.FullName, "LlmLint.sln")) && dir.Parent is { } parent)
                {
                    string sibling = Path.Combine(parent.FullName, "shared", "data");
                    if (Directory.Exists(sibling))
                    {
                        return sibling;
                    }
                }
            }
        }

        return null;
    }

    private static float[][] EmbedAll(LocalEmbeddingGenerator generator, IReadOnlyList<LabelledText> texts, string? cacheDir, string name, CancellationToken ct)
    {
        const int dims = LocalEmbeddingGenerator.Dimensions;
        string? cacheFile = null;
        if (cacheDir is not null)
        {
            Directory.CreateDirectory(cacheDir);
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (LabelledText t in texts)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(t.Text + "\0"));
            }

            cacheFile = Path.Combine(cacheDir, $"{name}.{Convert.ToHexString(hash.GetHashAndReset(), 0, 8)}.f32");
            if (File.Exists(cacheFile) && new FileInfo(cacheFile).Length == (long)texts.Count * dims * sizeof(float))
            {
                byte[] bytes = File.ReadAllBytes(cacheFile);
                ReadOnlySpan<float> all = MemoryMarshal.Cast<byte, float>(bytes);
                var cached = new float[texts.Count][];
                for (int i = 0; i < cached.Length; i++)
                {
                    cached[i] = all.Slice(i * dims, dims).ToArray();
                }

                return cached;
            }
        }

        var result = new float[texts.Count][];
        var batch = new string[BatchSize];
        var buffer = new float[BatchSize * dims];
        for (int start = 0; start < texts.Count; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            int n = Math.Min(BatchSize, texts.Count - start);
            for (int i = 0; i < n; i++)
            {
                batch[i] = texts[start + i].Text;
            }

            generator.Embed(batch.AsSpan(0, n), buffer);
            for (int i = 0; i < n; i++)
            {
                result[start + i] = buffer.AsSpan(i * dims, dims).ToArray();
            }
        }

        if (cacheFile is not null)
        {
            Output.AtomicFile.WriteAsync(cacheFile, file =>
            {
                foreach (float[] v in result)
                {
                    file.Write(MemoryMarshal.AsBytes(v.AsSpan()));
                }

                return System.Threading.Tasks.Task.CompletedTask;
            }).GetAwaiter().GetResult();
        }

        return result;
    }
}
