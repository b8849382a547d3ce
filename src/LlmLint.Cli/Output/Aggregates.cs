using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

/// <summary>A group of call sites or findings; <paramref name="Priced"/> is false for call sites with no price.</summary>
internal sealed record Aggregate(string Key, int Count, decimal MonthlyUsd, bool Priced = true);

/// <summary>Spend by model and savings by rule, shared by every report format.</summary>
internal static class Aggregates
{
    /// <summary>Spend per model; the unpriced sites of a model form their own group, with <see cref="Aggregate.Priced"/> false.</summary>
    public static List<Aggregate> ByModel(Report report)
        => report.CallSites
            .GroupBy(s => (Model: s.Model.Length == 0 ? "(unresolved)" : s.Model, s.Priced))
            .Select(g => new Aggregate(g.Key.Model, g.Count(), g.Sum(s => s.MonthlyUsd), g.Key.Priced))
            .OrderByDescending(a => a.Priced).ThenByDescending(a => a.MonthlyUsd).ThenBy(a => a.Key, System.StringComparer.Ordinal)
            .ToList();

    /// <summary>Savings per rule; <see cref="Aggregate.Priced"/> is false for a rule none of whose findings has a saving estimate.</summary>
    public static List<Aggregate> ByRule(Report report)
        => report.Findings
            .GroupBy(f => f.RuleId)
            .Select(g => new Aggregate(g.Key, g.Count(), g.Sum(f => f.MonthlySavingUsd ?? 0), g.Any(f => f.MonthlySavingUsd is not null)))
            .OrderByDescending(a => a.MonthlyUsd).ThenBy(a => a.Key, System.StringComparer.Ordinal)
            .ToList();
}
