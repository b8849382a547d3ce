using System.Collections.Generic;
using System.Linq;
using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

internal sealed record Aggregate(string Key, int Count, decimal MonthlyUsd);

/// <summary>Spend by model and savings by rule, shared by every report format.</summary>
internal static class Aggregates
{
    public static List<Aggregate> ByModel(Report report)
        => report.CallSites
            .GroupBy(s => s.Model.Length == 0 ? "(unresolved)" : s.Model)
            .Select(g => new Aggregate(g.Key, g.Count(), g.Sum(s => s.MonthlyUsd)))
            .OrderByDescending(a => a.MonthlyUsd).ThenBy(a => a.Key, System.StringComparer.Ordinal)
            .ToList();

    public static List<Aggregate> ByRule(Report report)
        => report.Findings
            .GroupBy(f => f.RuleId)
            .Select(g => new Aggregate(g.Key, g.Count(), g.Sum(f => f.MonthlySavingUsd ?? 0)))
            .OrderByDescending(a => a.MonthlyUsd).ThenBy(a => a.Key, System.StringComparer.Ordinal)
            .ToList();
}
