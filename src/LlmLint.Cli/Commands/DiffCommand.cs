using System.CommandLine;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using LlmLint.Cli.Output;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint diff</c>: the change in estimated monthly spend between a baseline report and the current code.</summary>
internal static class DiffCommand
{
    public static Command Create(CliIO io)
    {
        var path = new Argument<string?>("path") { Description = "A solution, project or directory to scan as the current state (instead of --current).", Arity = ArgumentArity.ZeroOrOne };
        var baseline = new Option<string>("--baseline", "-b") { Description = "The report.json of the baseline (for example the main branch).", Required = true, HelpName = "report.json" };
        var current = new Option<string?>("--current") { Description = "The report.json of the current state.", HelpName = "report.json" };
        var output = new Option<string?>("--output", "-o") { Description = "When scanning, also write the current report files here.", HelpName = "dir" };
        var format = CommonOptions.Format("text", "json", "markdown", "github");
        var budget = CommonOptions.Budget();
        var failOnUnpriced = CommonOptions.FailOnUnpriced();
        var maxIncrease = new Option<decimal?>("--max-increase") { Description = "Fail (exit code 1) when the change adds more than this many US dollars per month.", HelpName = "usd-per-month" };
        var failOn = CommonOptions.FailOn();
        var catalog = CommonOptions.Catalog();
        var configuration = new Option<string?>("--configuration", "-c") { Description = "The build configuration when scanning." };
        var analyzer = new Option<string?>("--analyzer") { Description = "Use this LlmLint.Analyzers.dll when scanning.", HelpName = "dll" };

        var command = new Command("diff", "Show what a change adds or removes in estimated monthly LLM spend, per call site.")
        {
            path, baseline, current, output, format, budget, failOnUnpriced, maxIncrease, failOn, catalog, configuration, analyzer,
        };

        command.SetAction((parse, cancellationToken) => CliApp.Guard(io, () =>
        {
            var fmt = parse.GetValue(format)!;
            var budgetValue = CommonOptions.CheckAmount(parse.GetValue(budget), "--budget");
            var maxIncreaseValue = CommonOptions.CheckAmount(parse.GetValue(maxIncrease), "--max-increase");
            var failOnValue = FailOn.Parse(parse.GetValue(failOn));
            var baselinePath = parse.GetValue(baseline)!;
            var currentPath = parse.GetValue(current);
            var scanPath = parse.GetValue(path);
            if ((currentPath is null) == (scanPath is null))
            {
                throw new CliException(ExitCodes.BadInput, "diff needs exactly one current state: --current <report.json> or a path to scan.");
            }

            var baselineReport = ReportJson.Load(baselinePath, "baseline");
            Report currentReport;
            string currentName;
            Pricing.PriceOverrides? prices = null;
            if (currentPath is not null)
            {
                currentReport = ReportJson.Load(currentPath, "current");
                currentName = currentPath;
                prices = ScanCommand.LoadPrices(parse.GetValue(catalog), System.IO.Directory.GetCurrentDirectory(), io.Err);
                if (prices is not null)
                {
                    ReportBuilder.Reprice(currentReport, prices);
                }
            }
            else
            {
                var outcome = ScanCommand.Scan(io, new ScanSettings(scanPath!, parse.GetValue(catalog), parse.GetValue(configuration), null, parse.GetValue(analyzer), null), cancellationToken);
                currentReport = outcome.Report;
                currentName = scanPath!;
                if (parse.GetValue(output) is { } dir)
                {
                    ScanCommand.WriteReportFiles(dir, currentReport, outcome.MergedSarif);
                }
            }

            // Both sides are priced the same way, so the difference is the code's, not the price list's.
            if (prices is not null)
            {
                ReportBuilder.Reprice(baselineReport, prices);
            }
            else if (currentReport.Prices.Source == "file" && currentReport.Prices.Path is { } catalogPath)
            {
                if (System.IO.File.Exists(catalogPath))
                {
                    ReportBuilder.Reprice(baselineReport, Pricing.PriceOverrides.Load(catalogPath));
                }
                else
                {
                    io.Err.WriteLine($"note: the catalog file '{catalogPath}' the current report was priced with has moved or been deleted; the baseline keeps its own prices (pass --catalog <file> to price both with one file).");
                }
            }

            var diff = ReportDiffer.Compare(baselineReport, currentReport, baselinePath, currentName);
            switch (fmt)
            {
                case "json":
                    io.Out.WriteLine(ReportJson.Serialize(diff));
                    break;
                case "markdown":
                    io.Out.Write(MarkdownReport.Render(diff));
                    break;
                case "github":
                    GitHubAnnotations.Write(io.Out, diff);
                    break;
                default:
                    TextOutput.Write(io.OutConsole, diff);
                    break;
            }

            var failOnUnpricedValue = parse.GetValue(failOnUnpriced);
            var failures = Gates.Check(diff, budgetValue, maxIncreaseValue, failOnValue, failOnUnpricedValue, currentReport.CallSites.FirstOrDefault(s => !s.Priced));
            CommonOptions.WriteGateFailures(io, failures, fmt,
                Gates.BudgetWarning(diff.CurrentMonthlyUsd, diff.CurrentUnpricedCallSites, budgetValue, failOnUnpricedValue));
            return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.GateFailed;
        }));

        return command;
    }
}
