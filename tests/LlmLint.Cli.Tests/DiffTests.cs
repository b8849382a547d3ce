using System.Linq;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

public sealed class DiffTests
{
    private static Report Build(SarifLog log) => ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app");

    [Fact]
    public void ModelChange_IsReportedWithItsMonthlyDelta()
    {
        var baseline = Build(new SarifLog().CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o-mini", 0.0003m, line: 10));
        var current = Build(new SarifLog().CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o", 0.00443333m, line: 14));
        var diff = ReportDiffer.Compare(baseline, current, "base.json", "cur.json");
        var change = Assert.Single(diff.Changes);
        Assert.Equal("changed", change.Kind);
        Assert.Equal((0.00443333m - 0.0003m) * 1000 * 30, change.DeltaMonthlyUsd);
        Assert.Equal("+$124.00/month: TicketTriage.ClassifyAsync moved from gpt-4o-mini to gpt-4o", change.Summary);
        Assert.Equal(diff.CurrentMonthlyUsd - diff.BaselineMonthlyUsd, diff.DeltaMonthlyUsd);
    }

    [Fact]
    public void AddedRemovedAndVolumeChanges_AreListedLargestFirst_AndUnchangedSitesAreNot()
    {
        var baseline = Build(new SarifLog()
            .CallSite("N.T.Keep", "gpt-4o-mini", 0.0002m)
            .CallSite("N.T.Gone", "gpt-4o", 0.004m, line: 30)
            .CallSite("N.T.Busy", "gpt-4o-mini", 0.0002m, callsPerDay: 1000, line: 50));
        var current = Build(new SarifLog()
            .CallSite("N.T.Keep", "gpt-4o-mini", 0.0002m, line: 11)
            .CallSite("N.T.New", "claude-3-5-sonnet", 0.01m, line: 70, sdk: "Anthropic")
            .CallSite("N.T.Busy", "gpt-4o-mini", 0.0002m, callsPerDay: 3000, line: 50));
        var diff = ReportDiffer.Compare(baseline, current, "b", "c");
        Assert.Equal(new[] { "added", "removed", "changed" }, diff.Changes.Select(c => c.Kind).ToArray());
        Assert.Equal("+$300.00/month: T.New adds a call to claude-3-5-sonnet", diff.Changes[0].Summary);
        Assert.Equal("-$120.00/month: T.Gone no longer calls gpt-4o", diff.Changes[1].Summary);
        Assert.Equal("+$12.00/month: T.Busy on gpt-4o-mini: calls/day 1,000 → 3,000", diff.Changes[2].Summary);
        Assert.DoesNotContain(diff.Changes, c => c.Method == "N.T.Keep");
    }

    [Fact]
    public void NewFindings_AreThoseTheBaselineDoesNotHave()
    {
        var finding = new SarifLog().CallSite("N.T.M", "gpt-4o", 0.004m)
            .Add("LLM2001", "warning", "use a smaller model", "/src/App/Triage.cs", 10, 9);
        var baseline = Build(new SarifLog().CallSite("N.T.M", "gpt-4o", 0.004m)
            .Add("LLM2003", "note", "no cache", "/src/App/Triage.cs", 10, 9));
        var diff = ReportDiffer.Compare(baseline, Build(finding), "b", "c");
        Assert.Equal("LLM2001", Assert.Single(diff.NewFindings).RuleId);
        Assert.Equal(1, diff.ResolvedFindings);
    }

    [Theory]
    [InlineData(1240, "$1,240.00")]
    [InlineData(12.5, "$12.50")]
    [InlineData(0, "$0.00")]
    [InlineData(-300, "-$300.00")]
    [InlineData(0.0004, "$0.0004")]
    [InlineData(0.006558, "$0.00656")]
    [InlineData(0.0123, "$0.01")]
    [InlineData(0.00000012345, "$0.000000123")]
    public void Money_FormatsInvariantly(double amount, string expected)
        => Assert.Equal(expected, Money.Usd((decimal)amount));
}
