using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using Spectre.Console;

namespace LlmLint.Cli.Output;

/// <summary>The default text output: Spectre tables of call sites and findings.</summary>
internal static class TextOutput
{
    public static void Write(IAnsiConsole console, Report report)
    {
        if (report.CallSites.Count == 0)
        {
            console.MarkupLine("[yellow]No LLM call sites found.[/]");
        }
        else
        {
            var sites = new Table().Border(TableBorder.Rounded).Title("LLM call sites");
            sites.AddColumn("Call site");
            sites.AddColumn("SDK");
            sites.AddColumn("Model");
            sites.AddColumn(new TableColumn("Tokens in/out").RightAligned());
            sites.AddColumn(new TableColumn("Calls/day").RightAligned());
            sites.AddColumn(new TableColumn("Cost/call").RightAligned());
            sites.AddColumn(new TableColumn("Monthly").RightAligned());
            sites.AddColumn("Location");
            foreach (var s in report.CallSites.OrderByDescending(s => s.MonthlyUsd))
            {
                sites.AddRow(
                    E(s.DisplayName + (s.Ordinal > 0 ? " #" + (s.Ordinal + 1).ToString(CultureInfo.InvariantCulture) : "")),
                    E(s.Sdk),
                    E(MarkdownReport.ModelText(s)) + " [grey](" + E(FigureText.ModelBasis(s)) + ")[/]",
                    E(FigureText.Tokens(s)) + " [grey](" + E(s.Basis.Tokens) + ")[/]",
                    E(FigureText.Volume(s)) + " [grey](" + E(s.Basis.Volume) + ")[/]",
                    E(MarkdownReport.CostText(s, s.CostPerCallUsd)),
                    E(MarkdownReport.CostText(s, s.MonthlyUsd)),
                    E(MarkdownReport.Location(s.File, s.Line)));
            }

            console.Write(sites);
        }

        if (report.Findings.Count > 0)
        {
            var findings = new Table().Border(TableBorder.Rounded).Title("Findings");
            findings.AddColumn("Rule");
            findings.AddColumn("Level");
            findings.AddColumn("Message");
            findings.AddColumn(new TableColumn("Saving/month").RightAligned());
            findings.AddColumn("Location");
            foreach (var f in report.Findings)
            {
                findings.AddRow(
                    E(f.RuleId),
                    f.Level switch { "error" => "[red]error[/]", "warning" => "[yellow]warning[/]", _ => E(f.Level) },
                    E(f.Message),
                    E(SavingText.Of(f)),
                    E(MarkdownReport.Location(f.File, f.Line)));
            }

            console.Write(findings);
        }

        console.MarkupLine(Inv($"Estimated LLM spend: [bold]{E(Money.Usd(report.Totals.MonthlyUsd))}/month[/] across {report.Totals.CallSites} call site(s){E(UnpricedText.Suffix(report.Totals.UnpricedCallSites))}; {report.Totals.Findings} finding(s), potential saving {E(Money.Usd(report.Totals.PotentialMonthlySavingUsd))}/month."));
        console.MarkupLine(Inv($"[grey]Volume: call sites without [[CallVolume]] assume {report.DefaultCallsPerDay:#,0.##} calls/day; monthly = cost/call × calls/day × {report.DaysPerMonth}.[/]"));
        console.MarkupLine("[grey]" + E(FigureText.Summary(report)) + "[/]");
        console.MarkupLine("[grey]Prices: " + E(report.Prices.Description)
            + (report.Prices.OverriddenModels.Count > 0 ? E(" — overridden: " + string.Join(", ", report.Prices.OverriddenModels)) : "") + "[/]");
    }

    public static void Write(IAnsiConsole console, ReportDiff diff)
    {
        console.MarkupLine(Inv($"Estimated LLM spend: {E(Money.Usd(diff.BaselineMonthlyUsd))}/month → [bold]{E(Money.Usd(diff.CurrentMonthlyUsd))}/month[/] ({E(Money.Delta(diff.DeltaMonthlyUsd))}/month){E(UnpricedText.DiffSuffix(diff))}"));
        if (diff.Changes.Count == 0)
        {
            console.MarkupLine("No call site changed its estimated spend.");
        }

        foreach (var c in diff.Changes)
        {
            var color = c.DeltaMonthlyUsd > 0 ? "red" : c.DeltaMonthlyUsd < 0 ? "green" : "grey";
            console.MarkupLine($"[{color}]{E(c.Summary)}[/]");
        }

        if (diff.NewFindings.Count > 0)
        {
            var findings = new Table().Border(TableBorder.Rounded).Title("New findings");
            findings.AddColumn("Rule");
            findings.AddColumn("Level");
            findings.AddColumn("Message");
            findings.AddColumn("Location");
            foreach (var f in diff.NewFindings)
            {
                findings.AddRow(E(f.RuleId), E(f.Level), E(f.Message), E(MarkdownReport.Location(f.File, f.Line)));
            }

            console.Write(findings);
        }

        if (diff.ResolvedFindings > 0)
        {
            console.MarkupLine(Inv($"[green]{diff.ResolvedFindings} finding(s) of the baseline are gone.[/]"));
        }
    }

    private static string E(string text) => Markup.Escape(text);

    private static string Inv(System.FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
