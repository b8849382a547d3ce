using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

/// <summary>GitHub Actions workflow commands: one annotation per finding, and a notice with the totals.</summary>
internal static class GitHubAnnotations
{
    public static void Write(TextWriter output, Report report)
    {
        foreach (var f in report.Findings)
        {
            var message = f.Message + (f.MonthlySavingUsd is { } saving && saving > 0 ? $" (saves about {Money.Usd(saving)}/month)" : "");
            output.WriteLine(Annotation(Command(f.Level), f.File, f.Line, f.Column, f.RuleId, message));
        }

        output.WriteLine(Annotation("notice", null, 0, 0, "llmlint",
            string.Create(CultureInfo.InvariantCulture, $"{report.Totals.CallSites} LLM call site(s), estimated {Money.Usd(report.Totals.MonthlyUsd)}/month at the stated volumes (default {report.DefaultCallsPerDay:#,0.##} calls/day){UnpricedText.Suffix(report.Totals.UnpricedCallSites)}; {report.Totals.Findings} finding(s), potential saving {Money.Usd(report.Totals.PotentialMonthlySavingUsd)}/month")));
    }

    public static void Write(TextWriter output, ReportDiff diff)
    {
        foreach (var c in diff.Changes)
        {
            output.WriteLine(Annotation(c.DeltaMonthlyUsd > 0 ? "warning" : "notice", c.File, c.Line, 0, "LLM cost change", c.Summary));
        }

        foreach (var f in diff.NewFindings)
        {
            output.WriteLine(Annotation(Command(f.Level), f.File, f.Line, f.Column, f.RuleId, f.Message));
        }

        output.WriteLine(Annotation("notice", null, 0, 0, "llmlint diff",
            $"Estimated LLM spend {Money.Usd(diff.BaselineMonthlyUsd)}/month → {Money.Usd(diff.CurrentMonthlyUsd)}/month ({Money.Delta(diff.DeltaMonthlyUsd)}/month){UnpricedText.DiffSuffix(diff)}"));
    }

    public static string Error(string message) => "::error title=llmlint::" + EscapeData(message);

    internal static string Command(string level) => level switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "notice",
    };

    internal static string Annotation(string command, string? file, int line, int column, string title, string message)
    {
        var props = new System.Text.StringBuilder();
        if (!string.IsNullOrEmpty(file))
        {
            props.Append("file=").Append(EscapeProperty(file));
            if (line > 0)
            {
                props.Append(",line=").Append(line.ToString(CultureInfo.InvariantCulture));
            }

            if (column > 0)
            {
                props.Append(",col=").Append(column.ToString(CultureInfo.InvariantCulture));
            }

            props.Append(',');
        }

        props.Append("title=").Append(EscapeProperty(title));
        return "::" + command + " " + props + "::" + EscapeData(message);
    }

    internal static string EscapeData(string value)
        => value.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");

    internal static string EscapeProperty(string value)
        => EscapeData(value).Replace(":", "%3A").Replace(",", "%2C");
}
