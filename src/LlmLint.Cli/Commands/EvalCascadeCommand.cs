using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint eval cascade</c>: replays a weak-first cascade on recorded responses.</summary>
internal static class EvalCascadeCommand
{
    /// <summary>Parsed arguments.</summary>
    public sealed record Args(string Data, string? DataRoot, string Format, int Seed, double Target, int OutputTokens);

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "routellm-gsm8k (a data set with recorded weak responses)", DefaultValueFactory = _ => "routellm-gsm8k" };
        var dataRoot = new Option<string?>("--data-root") { Description = "Folder holding routellm/ (default: shared/data found above the current directory)" };
        var format = new Option<string>("--format") { Description = "text | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var seed = new Option<int>("--seed") { Description = "Seed of the split", DefaultValueFactory = _ => 42 };
        var target = new Option<double>("--target") { Description = "Accuracy target as a share of the strong model's", DefaultValueFactory = _ => 0.95 };
        var outputTokens = new Option<int>("--output-tokens") { Description = "Assumed output tokens per call when costing from the catalog", DefaultValueFactory = _ => 256 };
        var command = new Command("cascade", "Replay a weak-first cascade (escalate when the scorer doubts the weak answer) on recorded responses")
        {
            data, dataRoot, format, seed, target, outputTokens,
        };
        command.SetRun(result => new Args(result.GetValue(data)!, result.GetValue(dataRoot), result.GetValue(format)!, result.GetValue(seed), result.GetValue(target), result.GetValue(outputTokens)), RunAsync);
        return command;
    }

    public static Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);

        try
        {
            ct.ThrowIfCancellationRequested();
            var report = CascadeEvaluation.Run(RouteLlmData.Load(args.Data, args.DataRoot), args.Target, args.Seed, args.OutputTokens);
            ReportOutput.Write(args.Format, stdout, json => CascadeEvaluation.WriteJson(report, json), text => CascadeEvaluation.WriteText(report, text));

            return Task.FromResult(ExitCodes.Ok);
        }
        catch (Exception e) when (e is FormatException or IOException or ArgumentException or InvalidOperationException)
        {
            stderr.WriteLine("error: " + e.Message);
            return Task.FromResult(ExitCodes.BadInput);
        }
    }
}
