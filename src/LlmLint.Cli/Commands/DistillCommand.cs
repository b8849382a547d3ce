using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Distillation;
using LlmLint.Distillation;
using LlmLint.Embeddings;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint distill eval</c>: how much of a classification function a local student could answer, and how faithfully.</summary>
internal static class DistillCommand
{
    /// <summary>Parsed arguments of <c>distill eval</c>.</summary>
    public sealed record EvalArgs(string Data, string? DataRoot, double Target, decimal TeacherCost, string Format, int Seed, bool NoEmbeddingCache);

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "A folder holding store.csv (captured teacher answers) and query.csv (later traffic), both 'text,label' with a header; or banking77 (train → store, test → query)",
            Required = true,
        };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding banking77/ (default: shared/data found above the current directory)" };
        var target = new Option<double>("--target") { Description = "Agreement with the teacher the student must keep on what it answers", DefaultValueFactory = _ => 0.97 };
        var teacherCost = new Option<decimal>("--teacher-cost") { Description = "USD per teacher call, for the saving", DefaultValueFactory = _ => 0.0025m };
        var format = new Option<string>("--format") { Description = "text | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split", DefaultValueFactory = _ => 42 };
        var noCache = new Option<bool>("--no-embedding-cache") { Description = "Do not read or write the embedding cache" };
        var eval = new Command("eval", "Train a local student on captured answers and measure its coverage and agreement on later traffic")
        {
            data, dataRoot, target, teacherCost, format, seed, noCache,
        };
        eval.SetAction((result, ct) => RunEvalAsync(
            new EvalArgs(result.GetValue(data)!, result.GetValue(dataRoot), result.GetValue(target), result.GetValue(teacherCost), result.GetValue(format)!, result.GetValue(seed), result.GetValue(noCache)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            ct));
        return new Command("distill", "Local students for classification functions: replay on labelled data") { eval };
    }

    public static async Task<int> RunEvalAsync(EvalArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!(args.Target > 0 && args.Target < 1))
        {
            await stderr.WriteLineAsync($"error: --target must lie strictly between 0 and 1, not {args.Target.ToString(CultureInfo.InvariantCulture)}.");
            return ExitCodes.BadInput;
        }

        if (args.TeacherCost < 0)
        {
            await stderr.WriteLineAsync("error: --teacher-cost must be zero or more US dollars per call.");
            return ExitCodes.BadInput;
        }

        IReadOnlyList<LabelledText> store, queries;
        string name;
        try
        {
            (name, store, queries) = Load(args.Data, args.DataRoot);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        LocalEmbeddingGenerator generator;
        try
        {
            generator = LocalEmbeddingGenerator.Default;
        }
        catch (EmbeddingModelException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.ToolError;
        }

        var embeddingOptions = new RoutingEmbeddingOptions { CacheDirectory = args.NoEmbeddingCache ? null : RoutingEmbeddingOptions.DefaultCacheDirectory };
        BatchEmbedder embed = RoutingEmbeddings.Create(generator, embeddingOptions, out _);
        var options = new StudentTrainingOptions { TargetAgreement = args.Target, Seed = args.Seed };
        DistillReport report;
        try
        {
            report = await DistillEvaluation.RunAsync(name, store, queries, embed, LocalEmbeddingGenerator.Dimensions, options, args.TeacherCost, EmbedOne, ct);
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync($"error: {args.Data}: {e.Message}");
            return ExitCodes.BadInput;
        }

        float[] EmbedOne(string text)
        {
            float[] vector = new float[LocalEmbeddingGenerator.Dimensions];
            generator.Embed(new[] { text }, vector);
            return vector;
        }

        if (args.Format == "json")
        {
            using var buffer = new MemoryStream();
            DistillReportWriter.WriteJson(report, buffer);
            await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            DistillReportWriter.WriteText(report, stdout);
        }

        return ExitCodes.Ok;
    }

    private static (string Name, IReadOnlyList<LabelledText> Store, IReadOnlyList<LabelledText> Queries) Load(string data, string? dataRoot)
    {
        string folder = data;
        if (data == "banking77")
        {
            string root = dataRoot ?? EvalCacheCommand.FindDataRoot()
                ?? throw new DirectoryNotFoundException("--data banking77: no shared/data folder was found above the current folder; pass --data-root <dir>.");
            folder = Path.Combine(root, "banking77");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"--data: '{folder}' is not a folder holding store.csv and query.csv (or train.csv and test.csv).");
        }

        CacheDataset dataset = CacheDataset.Load(folder);
        if (dataset.Store.Count == 0 || dataset.Queries.Count == 0)
        {
            throw new FormatException($"--data: '{folder}' holds {dataset.Store.Count} captures and {dataset.Queries.Count} queries; both files need rows under a 'text,label' header.");
        }

        return (dataset.Name, dataset.Store, dataset.Queries);
    }
}
