using System.Text.RegularExpressions;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using LlmLint.Cli.Output;

namespace LlmLint.Cli;

/// <summary>A parsed <c>--fail-on</c>: rule ids, and/or the lowest SARIF level that fails.</summary>
internal sealed class FailOn
{
    private FailOn(HashSet<string> ruleIds, int? minimumRank, string text)
    {
        RuleIds = ruleIds;
        MinimumRank = minimumRank;
        Text = text;
    }

    public HashSet<string> RuleIds { get; }

    /// <summary>note = 1, warning = 2, error = 3.</summary>
    public int? MinimumRank { get; }

    public string Text { get; }

    public static FailOn? Parse(string[]? values)
    {
        if (values is null || values.Length == 0)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        int? rank = null;
        var tokens = values.SelectMany(v => v.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        foreach (var token in tokens)
        {
            if (Regex.IsMatch(token, "^LLM[0-9]{4}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                ids.Add(token.ToUpperInvariant());
                continue;
            }

            var r = Rank(token);
            if (r == 0)
            {
                throw new CliException(ExitCodes.BadInput, $"--fail-on: '{token}' is neither a rule id (LLM2001) nor a severity (error, warning, note/info/suggestion).");
            }

            rank = rank is null ? r : Math.Min(rank.Value, r);
        }

        return tokens.Count == 0 ? null : new FailOn(ids, rank, string.Join(",", tokens));
    }

    public bool Matches(Finding f)
        => RuleIds.Contains(f.RuleId) || (MinimumRank is { } min && Rank(f.Level) >= min);

    internal static int Rank(string level) => level.ToLowerInvariant() switch
    {
        "error" => 3,
        "warning" => 2,
        "note" or "info" or "suggestion" or "notice" => 1,
        _ => 0,
    };
}

/// <summary>The CI gates of scan and diff. Each failing gate is one line.</summary>
internal static class Gates
{
    /// <summary>The option that makes the gates fail on call sites that are not priced.</summary>
    public const string FailOnUnpricedOption = "--fail-on-unpriced";

    public static List<string> Check(Report report, decimal? budget, FailOn? failOn, bool failOnUnpriced = false)
    {
        var failures = new List<string>();
        CheckSpend(failures, report.Totals.MonthlyUsd, report.Totals.UnpricedCallSites, report.CallSites.FirstOrDefault(s => !s.Priced), budget, failOnUnpriced);

        if (failOn is not null)
        {
            var hits = report.Findings.Where(failOn.Matches).ToList();
            if (report.CallSites.Count > 0 && failOn.RuleIds.Contains(ReportBuilder.CallSiteRuleId))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"--fail-on {failOn.Text}: {report.CallSites.Count} LLM call site(s) found (LLM2000)."));
            }

            if (hits.Count > 0)
            {
                failures.Add(FailOnMessage(failOn, hits));
            }
        }

        return failures;
    }

    public static List<string> Check(ReportDiff diff, decimal? budget, decimal? maxIncrease, FailOn? failOn, bool failOnUnpriced = false, CallSite? firstUnpriced = null)
    {
        var failures = new List<string>();
        CheckSpend(failures, diff.CurrentMonthlyUsd, diff.CurrentUnpricedCallSites, firstUnpriced, budget, failOnUnpriced);

        if (maxIncrease is { } max && diff.DeltaMonthlyUsd > max)
        {
            failures.Add($"Spend increase too large: this change adds {Money.Usd(diff.DeltaMonthlyUsd)}/month, more than the allowed {Money.Usd(max)}/month.");
        }

        if (failOn is not null)
        {
            var hits = diff.NewFindings.Where(failOn.Matches).ToList();
            if (hits.Count > 0)
            {
                failures.Add("New finding(s): " + FailOnMessage(failOn, hits));
            }
        }

        return failures;
    }

    /// <summary>
    /// A line for stderr when the budget holds only because some call sites are not priced (and
    /// <see cref="FailOnUnpricedOption"/> was not given), or null.
    /// </summary>
    public static string? BudgetWarning(decimal monthlyUsd, int unpriced, decimal? budget, bool failOnUnpriced)
        => budget is { } b && monthlyUsd <= b && unpriced > 0 && !failOnUnpriced
            ? $"warning: estimated LLM spend {Money.Usd(monthlyUsd)}/month is within the budget of {Money.Usd(b)}/month, but {UnpricedText.Sentence(unpriced)} and not counted; {FailOnUnpricedOption} makes the budget fail on them."
            : null;

    /// <summary>The budget gate and the unpriced gate: a total over budget, and call sites that are not priced.</summary>
    private static void CheckSpend(List<string> failures, decimal monthlyUsd, int unpriced, CallSite? firstUnpriced, decimal? budget, bool failOnUnpriced)
    {
        if (budget is { } b && monthlyUsd > b)
        {
            failures.Add($"Budget exceeded: estimated LLM spend is {Money.Usd(monthlyUsd)}/month, over the budget of {Money.Usd(b)}/month{UnpricedText.Suffix(unpriced)}.");
        }

        if (failOnUnpriced && unpriced > 0)
        {
            var where = firstUnpriced is null ? "" : $", first {firstUnpriced.DisplayName}{(firstUnpriced.File is null ? "" : " at " + MarkdownReport.Location(firstUnpriced.File, firstUnpriced.Line))} ({MarkdownReport.ModelText(firstUnpriced)})";
            var total = budget is { } limit ? $" (priced spend {Money.Usd(monthlyUsd)}/month against the budget of {Money.Usd(limit)}/month)" : "";
            failures.Add($"{FailOnUnpricedOption}: {UnpricedText.Sentence(unpriced)}{total}{where}. Name the model, or give its price with --catalog.");
        }
    }

    private static string FailOnMessage(FailOn failOn, List<Finding> hits)
    {
        var first = hits[0];
        var where = first.File is null ? "" : $" at {first.File}:{first.Line.ToString(CultureInfo.InvariantCulture)}";
        return string.Create(CultureInfo.InvariantCulture, $"--fail-on {failOn.Text}: {hits.Count} finding(s) match, first {first.RuleId}{where}: {first.Message}");
    }
}
