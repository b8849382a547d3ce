using System.CommandLine;
using System.Text.Json.Nodes;
using System.Threading;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using LlmLint.Cli.Output;
using LlmLint.Cli.Pricing;
using LlmLint.Cli.Scanning;
using Spectre.Console;

namespace LlmLint.Cli.Commands;

/// <summary>Options shared by scan and diff.</summary>
internal static class CommonOptions
{
    public static Option<string> Format(params string[] allowed)
    {
        var option = new Option<string>("--format", "-f")
        {
            Description = "Output on stdout: " + string.Join(", ", allowed) + ".",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong(allowed);
        return option;
    }

    public static Option<decimal?> Budget() => new("--budget")
    {
        Description = "Fail (exit code 1) when the estimated monthly spend in US dollars is above this.",
        HelpName = "usd-per-month",
    };

    public static Option<bool> FailOnUnpriced() => new(Gates.FailOnUnpricedOption)
    {
        Description = "Fail (exit code 1) when a call site is not priced (its model is unknown or unresolved), so the spend --budget checks is complete.",
    };

    public static Option<string[]> FailOn() => new("--fail-on")
    {
        Description = "Fail (exit code 1) on findings of these rule ids (LLM2001,LLM2003) or at or above this severity (error, warning, note).",
        AllowMultipleArgumentsPerToken = true,
        HelpName = "rules|severity",
    };

    public static Option<string?> Catalog() => new("--catalog")
    {
        Description = "A model catalog file whose prices replace the built-in ones (default: llmlint.models.json beside the scanned project, if present).",
        HelpName = "file",
    };

    public static decimal? CheckAmount(decimal? value, string name)
    {
        if (value is < 0)
        {
            throw new CliException(ExitCodes.BadInput, $"{name} must be zero or more US dollars per month; got {value.Value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    public static void WriteGateFailures(CliIO io, List<string> failures, string format, string? warning = null)
    {
        if (warning is not null)
        {
            io.Err.WriteLine(warning);
        }

        foreach (var failure in failures)
        {
            if (format == "github")
            {
                io.Out.WriteLine(GitHubAnnotations.Error(failure));
            }

            io.Err.WriteLine("error: " + failure);
        }
    }
}

/// <summary>The scan itself, usable by scan and by diff (which may scan the current tree).</summary>
internal sealed record ScanSettings(
    string Path,
    string? Catalog,
    string? Configuration,
    double? CallsPerDay,
    string? Analyzer,
    string[]? FromSarif,
    string? Usage = null);

internal sealed record ScanOutcome(Report Report, string MergedSarif);

/// <summary><c>llmlint scan</c>.</summary>
internal static class ScanCommand
{
    public static Command Create(CliIO io)
    {
        var path = new Argument<string>("path") { Description = "The solution, project or directory to scan.", DefaultValueFactory = _ => "." };
        var output = new Option<string>("--output", "-o") { Description = "Directory for report.json, report.md, report.html and report.sarif.", DefaultValueFactory = _ => "llmlint-report", HelpName = "dir" };
        var format = CommonOptions.Format("text", "json", "markdown", "github", "sarif");
        var budget = CommonOptions.Budget();
        var failOnUnpriced = CommonOptions.FailOnUnpriced();
        var failOn = CommonOptions.FailOn();
        var catalog = CommonOptions.Catalog();
        var requireCalls = new Option<bool>("--require-calls") { Description = "Fail (exit code 4) when no LLM call site is found." };
        var configuration = new Option<string?>("--configuration", "-c") { Description = "The build configuration (default: the project's default, Debug)." };
        var callsPerDay = new Option<double?>("--calls-per-day") { Description = "The call volume assumed where code states none with [CallVolume] (default 1,000/day)." };
        var analyzer = new Option<string?>("--analyzer") { Description = "Use this LlmLint.Analyzers.dll instead of the one shipped with llmlint.", HelpName = "dll" };
        var usage = new Option<string?>("--usage") { Description = "Price each call site from the traffic a cost ledger recorded (written by 'llmlint usage export'): calls per day, models and tokens are measured, not assumed.", HelpName = "usage.json" };
        var fromSarif = new Option<string[]>("--from-sarif") { Description = "Report from existing SARIF v2.1 logs instead of building (the logs must include LLM2000 results).", AllowMultipleArgumentsPerToken = true, HelpName = "files" };

        var command = new Command("scan", "Build a solution with the LlmLint analyzers and report its LLM call sites, their estimated monthly spend and the findings.")
        {
            path, output, format, budget, failOnUnpriced, failOn, catalog, requireCalls, configuration, callsPerDay, analyzer, fromSarif, usage,
        };

        command.SetAction((parse, cancellationToken) => CliApp.Guard(io, () =>
        {
            var fmt = parse.GetValue(format)!;
            var budgetValue = CommonOptions.CheckAmount(parse.GetValue(budget), "--budget");
            var failOnValue = FailOn.Parse(parse.GetValue(failOn));
            var settings = new ScanSettings(
                parse.GetValue(path)!,
                parse.GetValue(catalog),
                parse.GetValue(configuration),
                parse.GetValue(callsPerDay),
                parse.GetValue(analyzer),
                parse.GetValue(fromSarif),
                parse.GetValue(usage));

            var outcome = Scan(io, settings, cancellationToken);
            var report = outcome.Report;
            var outputDir = parse.GetValue(output)!;
            WriteReportFiles(outputDir, report, outcome.MergedSarif);

            switch (fmt)
            {
                case "json":
                    io.Out.WriteLine(ReportJson.Serialize(report));
                    break;
                case "markdown":
                    io.Out.Write(MarkdownReport.Render(report));
                    break;
                case "github":
                    GitHubAnnotations.Write(io.Out, report);
                    AppendStepSummary(MarkdownReport.Render(report));
                    break;
                case "sarif":
                    io.Out.WriteLine(outcome.MergedSarif);
                    break;
                default:
                    TextOutput.Write(io.OutConsole, report);
                    io.OutConsole.MarkupLine($"[grey]Reports written to {Markup.Escape(Path.GetFullPath(outputDir))}[/]");
                    break;
            }

            if (report.CallSites.Count == 0)
            {
                if (fmt != "text")
                {
                    io.Err.WriteLine($"No LLM call sites found in '{settings.Path}'.");
                }

                if (parse.GetValue(requireCalls))
                {
                    io.Err.WriteLine($"error: no LLM call sites found in '{settings.Path}' and --require-calls was given.");
                    return ExitCodes.NoCallSites;
                }
            }

            var failOnUnpricedValue = parse.GetValue(failOnUnpriced);
            var failures = Gates.Check(report, budgetValue, failOnValue, failOnUnpricedValue);
            CommonOptions.WriteGateFailures(io, failures, fmt,
                Gates.BudgetWarning(report.Totals.MonthlyUsd, report.Totals.UnpricedCallSites, budgetValue, failOnUnpricedValue));
            return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.GateFailed;
        }));

        return command;
    }

    /// <summary>Builds (or reads the given SARIF logs) and computes the report.</summary>
    public static ScanOutcome Scan(CliIO io, ScanSettings settings, CancellationToken cancellationToken)
    {
        if (settings.CallsPerDay is { } perDay && (!(perDay >= 0) || double.IsInfinity(perDay)))
        {
            throw new CliException(ExitCodes.BadInput, "--calls-per-day must be a finite number of calls per day, zero or more.");
        }

        // A bad usage file is reported before a build of minutes.
        var usage = settings.Usage is { } usagePath ? Usage.UsageJson.Load(usagePath) : null;
        List<string> sarifFiles;
        string catalogBase;
        string? workDirectory = null;
        string? sourceRoot = null;
        try
        {
            if (settings.FromSarif is { Length: > 0 } given)
            {
                foreach (var file in given.Where(f => !File.Exists(f)))
                {
                    throw new CliException(ExitCodes.BadInput, $"The SARIF log '{file}' does not exist.");
                }

                sarifFiles = given.ToList();
                catalogBase = Directory.Exists(settings.Path) ? settings.Path : Directory.GetCurrentDirectory();
            }
            else
            {
                workDirectory = Path.Combine(Path.GetTempPath(), "llmlint-" + Guid.NewGuid().ToString("N")[..12]);
                var target = ScanTarget.Resolve(settings.Path, workDirectory);
                catalogBase = target.Directory;
                sourceRoot = target.Directory;
                var analyzerPath = AnalyzerLocator.Locate(settings.Analyzer);
                var request = new BuildRequest(target, analyzerPath, workDirectory, settings.Configuration, settings.CallsPerDay);
                BuildResult result;
                if (io.Interactive)
                {
                    result = io.ErrorConsole.Status().Spinner(Spinner.Known.Dots).Start(
                        $"Building {Markup.Escape(settings.Path)} with the LlmLint analyzers…",
                        ctx => ProjectBuilder.Build(request, line => ctx.Status(Markup.Escape(line)), cancellationToken));
                }
                else
                {
                    result = ProjectBuilder.Build(request, line => io.Err.WriteLine(line), cancellationToken);
                }

                sarifFiles = result.SarifFiles.ToList();
            }

            var prices = LoadPrices(settings.Catalog, catalogBase, io.Err);
            var results = new List<SarifResult>();
            foreach (var file in sarifFiles)
            {
                results.AddRange(SarifReader.ReadFile(file));
            }

            // Projects outside the target (a library referenced from ../src) are built too; the report covers the
            // target's own sources.
            if (sourceRoot is not null)
            {
                var root = Path.GetFullPath(sourceRoot).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
                results.RemoveAll(r => r.File is not null && Path.IsPathRooted(r.File) && !Path.GetFullPath(r.File).StartsWith(root, StringComparison.Ordinal));
            }

            var report = ReportBuilder.Build(results, settings.Path, prices, settings.CallsPerDay ?? ReportBuilder.DefaultCallsPerDay);
            if (usage is not null)
            {
                Usage.UsagePricing.Apply(report, usage, settings.Usage!, prices);
            }

            return new ScanOutcome(report, MergeSarif(sarifFiles, report.Totals));
        }
        finally
        {
            if (workDirectory is not null)
            {
                try { Directory.Delete(workDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    /// <summary>
    /// The price overrides: <paramref name="catalog"/> (a bad file is an error), else an llmlint.models.json beside
    /// the target or in the current directory (a bad file is a warning, and the built-in prices are used).
    /// </summary>
    public static PriceOverrides? LoadPrices(string? catalog, string baseDirectory, TextWriter warnings)
    {
        if (catalog is not null)
        {
            return PriceOverrides.Load(catalog);
        }

        foreach (var dir in new[] { baseDirectory, Directory.GetCurrentDirectory() })
        {
            var candidate = Path.Combine(dir, PriceOverrides.DefaultFileName);
            if (File.Exists(candidate))
            {
                try
                {
                    return PriceOverrides.Load(candidate);
                }
                catch (CliException ex) when (ex.ExitCode == ExitCodes.BadInput)
                {
                    warnings.WriteLine("warning: " + ex.Message + " The built-in prices are used.");
                    return null;
                }
            }
        }

        return null;
    }

    public static void WriteReportFiles(string outputDir, Report report, string? mergedSarif)
    {
        try
        {
            Directory.CreateDirectory(outputDir);
            // Reports quote code and prompts: owner-only files (0600 on Unix).
            AtomicFile.WriteAllText(Path.Combine(outputDir, "report.json"), ReportJson.Serialize(report));
            AtomicFile.WriteAllText(Path.Combine(outputDir, "report.md"), MarkdownReport.Render(report));
            AtomicFile.WriteAllText(Path.Combine(outputDir, "report.html"), HtmlReport.Render(report));
            if (mergedSarif is not null)
            {
                AtomicFile.WriteAllText(Path.Combine(outputDir, "report.sarif"), mergedSarif);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"Cannot write the report to '{outputDir}': {ex.Message}");
        }
    }

    /// <summary>
    /// One SARIF v2.1 log with the runs of every compilation, each run keeping only the LlmLint results (LLM*),
    /// so code scanning shows LlmLint's findings and not every compiler warning. Rules are kept, so ruleIndex stays valid.
    /// With <paramref name="totals"/>, the log's property bag carries the priced spend and the count of unpriced call sites.
    /// </summary>
    public static string MergeSarif(IEnumerable<string> sarifFiles, ReportTotals? totals = null)
    {
        var runs = new JsonArray();
        foreach (var file in sarifFiles)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(InputText.Read(file, "SARIF log"));
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new CliException(ExitCodes.BadInput, $"The SARIF log '{file}' is not valid JSON: {ex.Message}");
            }

            if (node?["runs"] is not JsonArray fileRuns)
            {
                continue;
            }

            foreach (var run in fileRuns.ToList())
            {
                if (run is null)
                {
                    continue;
                }

                fileRuns.Remove(run);
                if (run["results"] is JsonArray results)
                {
                    foreach (var r in results.ToList())
                    {
                        if (r?["ruleId"]?.GetValue<string>() is not { } id || !id.StartsWith("LLM", StringComparison.Ordinal))
                        {
                            results.Remove(r);
                        }
                    }
                }

                runs.Add(run);
            }
        }

        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = runs,
        };
        if (totals is not null)
        {
            log["properties"] = new JsonObject
            {
                ["llmlint"] = new JsonObject
                {
                    ["callSites"] = totals.CallSites,
                    ["unpricedCallSites"] = totals.UnpricedCallSites,
                    ["monthlyUsd"] = totals.MonthlyUsd,
                    ["summary"] = $"Estimated LLM spend {Money.Usd(totals.MonthlyUsd)}/month across {totals.CallSites} call site(s){UnpricedText.Suffix(totals.UnpricedCallSites)}",
                },
            };
        }

        return log.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static void AppendStepSummary(string markdown)
    {
        var summary = Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY");
        if (!string.IsNullOrEmpty(summary))
        {
            try
            {
                File.AppendAllText(summary, markdown + Environment.NewLine);
            }
            catch (IOException)
            {
                // The job summary is a convenience; the annotations are already written.
            }
        }
    }
}
