using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Distillation;
using LlmLint.Distillation;
using LlmLint.Embeddings;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Cli.Commands;

/// <summary>
/// <c>llmlint distill</c>: <c>eval</c> (how much of a classification function a local student could answer, and how faithfully),
/// <c>train</c> (a student model file from captures) and <c>export</c> (fine-tuning JSONL from captures).
/// </summary>
internal static class DistillCommand
{
    /// <summary>Parsed arguments of <c>distill train</c>.</summary>
    public sealed record TrainArgs(string Function, string? Store, string? Csv, string? TemplateHash, string Out, double Target, int Seed);

    /// <summary>Parsed arguments of <c>distill gate</c>.</summary>
    public sealed record GateArgs(string Function, string Store, string Model, double Target, long MinSamples);

    /// <summary>Parsed arguments of <c>distill export</c>.</summary>
    public sealed record ExportArgs(string Function, string? Store, string? Csv, string? TemplateHash, string Out, double Validation, int Seed, string? System);

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
        eval.SetRun(result => new EvalArgs(result.GetValue(data)!, result.GetValue(dataRoot), result.GetValue(target), result.GetValue(teacherCost), result.GetValue(format)!, result.GetValue(seed), result.GetValue(noCache)), RunEvalAsync);
        return new Command("distill", "Local students for classification functions: replay on labelled data, train, export fine-tuning data") { eval, CreateTrain(), CreateExport(), CreateGate() };
    }

    public static async Task<int> RunTrainAsync(TrainArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!await CheckTargetAsync(args.Target, stderr))
        {
            return ExitCodes.BadInput;
        }

        if (args.Csv is not null && args.TemplateHash is null)
        {
            await stderr.WriteLineAsync("error: --csv needs --template-hash: a student answers only for the template it was trained under (the function's TemplateHash).");
            return ExitCodes.BadInput;
        }

        IReadOnlyList<DistillationCapture> captures;
        try
        {
            captures = await CaptureSource.LoadAsync(args.Store, args.Csv, args.Function, args.TemplateHash, null, ct);
        }
        catch (Exception e) when (InputErrors.IsBadInput(e))
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        if (await LoadGeneratorAsync(stderr) is not { } generator)
        {
            return ExitCodes.ToolError;
        }

        var store = new InMemoryDistillationStore(new DistillationRetention { MaxAge = null, MaxCapturesPerFunction = int.MaxValue });
        foreach (DistillationCapture capture in captures)
        {
            await store.AddAsync(capture, ct);
        }

        using var distiller = new Distiller(new DistillationOptions
        {
            Store = store,
            EmbeddingGenerator = generator,
            ModelDirectory = args.Out,
            Training = new StudentTrainingOptions { Seed = args.Seed },
        });
        StudentModel model;
        try
        {
            model = await distiller.TrainAndInstallAsync(args.Function, captures[0].TemplateHash, args.Target, ct);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            await stderr.WriteLineAsync($"error: {args.Function}: {e.Message}");
            return ExitCodes.BadInput;
        }

        StudentHeldOutResult heldOut = model.Student.HeldOut;
        string threshold = float.IsFinite(model.Student.Threshold) ? model.Student.Threshold.ToString("0.###", CultureInfo.InvariantCulture) : "never answers";
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"student {model.FunctionId} v{model.Version} (template {model.TemplateHash})"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"captures {model.Captures}, labels {model.Student.Classifier.Labels.Count}, threshold {threshold}, penalty {model.Student.Penalty:0e0}, target {model.TargetAgreement:P1}"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"held-out {heldOut.Captures}: answers {heldOut.Coverage:P1}, agreement {heldOut.Agreement:P2} (95% lower bound {heldOut.LowerBound:P2})"));
        await stdout.WriteLineAsync("wrote " + StudentModelFile.PathFor(args.Out, model.FunctionId));
        return ExitCodes.Ok;
    }

    public static async Task<int> RunExportAsync(ExportArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!(args.Validation >= 0 && args.Validation < 1))
        {
            await stderr.WriteLineAsync($"error: --validation must lie in [0, 1), not {args.Validation.ToString(CultureInfo.InvariantCulture)}.");
            return ExitCodes.BadInput;
        }

        try
        {
            IReadOnlyList<DistillationCapture> captures = await CaptureSource.LoadAsync(args.Store, args.Csv, args.Function, args.TemplateHash, args.System, ct);
            FineTuningExportResult result = FineTuningExport.Write(captures, args.Out, args.Validation, args.Seed);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{result.Captures} captures, {result.Unique} unique prompts: {result.Train} train, {result.Validation} validation"));
            foreach (string file in result.Files)
            {
                await stdout.WriteLineAsync("wrote " + file);
            }

            return ExitCodes.Ok;
        }
        catch (Exception e) when (InputErrors.IsBadInput(e))
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }
    }

    public static async Task<int> RunGateAsync(GateArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!await CheckTargetAsync(args.Target, stderr))
        {
            return ExitCodes.BadInput;
        }

        if (args.MinSamples < 1)
        {
            await stderr.WriteLineAsync("error: --min-samples must be at least 1.");
            return ExitCodes.BadInput;
        }

        StudentModel model;
        IReadOnlyList<DistillationCapture> captures;
        try
        {
            model = StudentModelFile.Read(args.Model);
            if (model.FunctionId != args.Function)
            {
                throw new FormatException($"'{args.Model}' is the student of '{model.FunctionId}', not '{args.Function}'.");
            }

            captures = await CaptureSource.LoadAsync(args.Store, null, args.Function, model.TemplateHash, null, ct);
        }
        catch (Exception e) when (InputErrors.IsBadInput(e))
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        if (await LoadGeneratorAsync(stderr) is not { } generator)
        {
            return ExitCodes.ToolError;
        }

        (LlmLint.Shadow.ShadowEvidenceResult evidence, int validation) = await StudentGate.JudgeAsync(model, captures, generator, args.Target, args.MinSamples, ct);
        LlmLint.Shadow.ShadowSummary summary = evidence.Summary;
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"student {model.FunctionId} v{model.Version} (template {model.TemplateHash}): {validation} captures made after it was trained"));
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"answered {summary.Samples}, agreed {summary.Agreements} ({summary.AgreementRate:P2}, 95% interval {evidence.Lower:P2} to {evidence.Upper:P2}), target {args.Target:P1}"));
        string verdict = evidence.Verdict switch
        {
            LlmLint.Shadow.ShadowVerdict.SafeToRoute => "may take over",
            LlmLint.Shadow.ShadowVerdict.KeepOnLargerTier => "keep the teacher: the agreement is below the target",
            _ => $"keep the teacher: need more evidence (at least {args.MinSamples} answers and a lower bound at the target)",
        };
        await stdout.WriteLineAsync("verdict: " + verdict);
        return evidence.Verdict == LlmLint.Shadow.ShadowVerdict.SafeToRoute ? ExitCodes.Ok : ExitCodes.GateFailed;
    }

    private static Command CreateGate()
    {
        var function = new Option<string>("--function") { Description = "The function id (Namespace.Type.Method)", Required = true };
        var store = new Option<string>("--store") { Description = "The distillation store holding the teacher's captures: a SQLite file, or a PostgreSQL connection string (Host=…;Database=…)", Required = true };
        var model = new Option<string>("--model") { Description = "The candidate student model file", Required = true };
        var target = new Option<double>("--target") { Description = "Agreement the student must reach (lower bound of the 95% interval)", DefaultValueFactory = _ => 0.97 };
        var minSamples = new Option<long>("--min-samples") { Description = "Fewest local answers to judge on", DefaultValueFactory = _ => 100 };
        var gate = new Command("gate", "Judge whether a candidate student may take over: its answers on captures made after it was trained, against the teacher's (exit 1 when it may not)")
        {
            function, store, model, target, minSamples,
        };
        gate.SetRun(result => new GateArgs(result.GetValue(function)!, result.GetValue(store)!, result.GetValue(model)!, result.GetValue(target), result.GetValue(minSamples)), RunGateAsync);
        return gate;
    }

    private static async Task<bool> CheckTargetAsync(double target, TextWriter stderr)
    {
        if (target > 0 && target < 1)
        {
            return true;
        }

        await stderr.WriteLineAsync($"error: --target must lie strictly between 0 and 1, not {target.ToString(CultureInfo.InvariantCulture)}.");
        return false;
    }

    /// <summary>The USE-lite generator, or <see langword="null"/> after writing why it cannot be loaded.</summary>
    private static async Task<LocalEmbeddingGenerator?> LoadGeneratorAsync(TextWriter stderr)
    {
        try
        {
            return LocalEmbeddingGenerator.Default;
        }
        catch (EmbeddingModelException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return null;
        }
    }

    private static Command CreateTrain()
    {
        var (function, store, csv, templateHash, output, seed) = SourceOptions("Folder of student model files (the runtime's DistillationOptions.ModelDirectory)");
        var target = new Option<double>("--target") { Description = "Agreement with the teacher the student must keep on what it answers", DefaultValueFactory = _ => 0.97 };
        var train = new Command("train", "Train a student on captured teacher answers and write its model file (versioned, written atomically)")
        {
            function, store, csv, templateHash, output, target, seed,
        };
        train.SetRun(result => new TrainArgs(result.GetValue(function)!, result.GetValue(store), result.GetValue(csv), result.GetValue(templateHash), result.GetValue(output)!, result.GetValue(target), result.GetValue(seed)), RunTrainAsync);
        return train;
    }

    private static Command CreateExport()
    {
        var (function, store, csv, templateHash, output, seed) = SourceOptions("Folder for openai.{train,validation}.jsonl and generic.{train,validation}.jsonl");
        var validation = new Option<double>("--validation") { Description = "Share of unique prompts in the validation split", DefaultValueFactory = _ => 0.1 };
        var system = new Option<string?>("--system") { Description = "System prompt for captures that have none (CSV rows)" };
        var export = new Command("export", "Write captured teacher answers as fine-tuning JSONL (OpenAI chat and generic), deduplicated, split into train and validation")
        {
            function, store, csv, templateHash, output, validation, system, seed,
        };
        export.SetRun(result => new ExportArgs(result.GetValue(function)!, result.GetValue(store), result.GetValue(csv), result.GetValue(templateHash), result.GetValue(output)!, result.GetValue(validation), result.GetValue(seed), result.GetValue(system)), RunExportAsync);
        return export;
    }

    private static (Option<string> Function, Option<string?> Store, Option<string?> Csv, Option<string?> TemplateHash, Option<string> Out, Option<int> Seed) SourceOptions(string outDescription) =>
        (new Option<string>("--function") { Description = "The function id (Namespace.Type.Method)", Required = true },
         new Option<string?>("--store") { Description = "The distillation store holding the captures: a SQLite file (SqliteDistillationStore) or a PostgreSQL connection string (PostgresDistillationStore, Host=…;Database=…)" },
         new Option<string?>("--csv") { Description = "A 'text,label' CSV standing for captures" },
         new Option<string?>("--template-hash") { Description = "The template hash whose captures to use (default: the newest capture's; required with --csv for train)" },
         new Option<string>("--out") { Description = outDescription, Required = true },
         new Option<int>("--seed") { Description = "Seed of the held-out or validation split", DefaultValueFactory = _ => 42 });

    public static async Task<int> RunEvalAsync(EvalArgs args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!await CheckTargetAsync(args.Target, stderr))
        {
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
        catch (Exception e) when (InputErrors.IsBadInput(e))
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.BadInput;
        }

        if (await LoadGeneratorAsync(stderr) is not { } generator)
        {
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

        ReportOutput.Write(args.Format, stdout, json => DistillReportWriter.WriteJson(report, json), text => DistillReportWriter.WriteText(report, text));

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
