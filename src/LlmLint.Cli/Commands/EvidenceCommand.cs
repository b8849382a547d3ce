using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Shadow;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint evidence</c>: per-function agreement of the cheap tier with the baseline, from shadow results.</summary>
internal static class EvidenceCommand
{
    /// <summary>Parsed arguments.</summary>
    public sealed record Args(string Store, long MinSamples, double Target, string Format);

    /// <summary>The default store file.</summary>
    public const string DefaultStore = "llmlint-shadow.db";

    public static Command Create()
    {
        var store = new Option<string>("--store") { Description = "SQLite file written by the shadow validation client", DefaultValueFactory = _ => DefaultStore };
        var minSamples = new Option<long>("--min-samples") { Description = "Samples needed before a verdict", DefaultValueFactory = _ => 100 };
        var target = new Option<double>("--target") { Description = "Agreement rate needed to route to the cheap tier", DefaultValueFactory = _ => 0.95 };
        var format = new Option<string>("--format") { Description = "text | json", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("evidence", "Show per-function agreement of the cheap tier with the baseline (Wilson 95% interval) and the verdict")
        {
            store, minSamples, target, format,
        };
        command.SetRun(result => new Args(result.GetValue(store)!, result.GetValue(minSamples), result.GetValue(target), result.GetValue(format)!), RunAsync);
        return command;
    }

    public static async Task<int> RunAsync(Args args, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);

        if (!(args.Target > 0 && args.Target <= 1))
        {
            stderr.WriteLine($"error: --target must be in (0, 1], not {args.Target.ToString(CultureInfo.InvariantCulture)}.");
            return ExitCodes.BadInput;
        }

        if (args.MinSamples < 1)
        {
            stderr.WriteLine("error: --min-samples must be at least 1.");
            return ExitCodes.BadInput;
        }

        if (!File.Exists(args.Store))
        {
            stderr.WriteLine($"error: shadow store '{args.Store}' does not exist; run with the shadow validation client first or pass --store.");
            return ExitCodes.BadInput;
        }

        try
        {
            var summaries = await ReadOnlyCopy.UseAsync(args.Store, copy => new SqliteShadowResultStore(copy).SummarizeAsync(ct).AsTask());
            var ci = CultureInfo.InvariantCulture;
            if (args.Format == "json")
            {
                using var buffer = new MemoryStream();
                using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Indented = true }))
                {
                    w.WriteStartObject();
                    w.WriteNumber("target", args.Target);
                    w.WriteNumber("minSamples", args.MinSamples);
                    w.WriteStartArray("functions");
                    foreach (var s in summaries)
                    {
                        var e = ShadowEvidence.Judge(s, args.Target, args.MinSamples);
                        w.WriteStartObject();
                        w.WriteString("function", s.Function);
                        w.WriteString("tier", s.Tier);
                        w.WriteNumber("samples", s.Samples);
                        w.WriteNumber("agreement", Math.Round(s.AgreementRate, 6));
                        w.WriteNumber("lower", Math.Round(e.Lower, 6));
                        w.WriteNumber("upper", Math.Round(e.Upper, 6));
                        w.WriteString("verdict", Verdict(e.Verdict));
                        w.WriteNumber("calls", Math.Max(s.Calls, s.Samples));
                        w.WriteNumber("savingUsd", Math.Round(e.SavingAtVolumeUsd, 6));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
                return 0;
            }

            if (summaries.Count == 0)
            {
                stdout.WriteLine("no shadow results yet.");
                return 0;
            }

            stdout.WriteLine(string.Format(ci, "{0,-28} {1,-8} {2,8} {3,10} {4,17} {5,-26} {6,10} {7,12}", "function", "tier", "samples", "agreement", "95% CI", "verdict", "calls", "saving $"));
            foreach (var s in summaries)
            {
                var e = ShadowEvidence.Judge(s, args.Target, args.MinSamples);
                stdout.WriteLine(string.Format(ci, "{0,-28} {1,-8} {2,8} {3,9:0.0}% {4,17} {5,-26} {6,10} {7,12:0.0000}", s.Function, s.Tier, s.Samples, s.AgreementRate * 100, string.Format(ci, "[{0:0.0}%, {1:0.0}%]", e.Lower * 100, e.Upper * 100), Verdict(e.Verdict), Math.Max(s.Calls, s.Samples), e.SavingAtVolumeUsd));
            }

            return 0;
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            stderr.WriteLine($"error: cannot read shadow store '{args.Store}': {e.Message}");
            return ExitCodes.BadInput;
        }
    }

    /// <summary>The verdict's display text.</summary>
    public static string Verdict(ShadowVerdict verdict) => verdict switch
    {
        ShadowVerdict.SafeToRoute => "safe to route",
        ShadowVerdict.KeepOnLargerTier => "keep on the larger tier",
        _ => "need more samples",
    };
}
