using System.Linq;
using LlmLint.Cli.Pricing;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

public sealed class ReportBuilderTests
{
    [Fact]
    public void SarifReader_ReadsCustomPropertiesAndLocation()
    {
        var json = new SarifLog().CallSite("Shop.Triage.ClassifyAsync", "gpt-4o", 0.003m, callsPerDay: 250, file: "/repo/src/Triage.cs", line: 42, column: 17).ToJson();
        var results = SarifReader.Read(json, "x.sarif");
        var r = Assert.Single(results);
        Assert.Equal("LLM2000", r.RuleId);
        Assert.Equal("/repo/src/Triage.cs", r.File);
        Assert.Equal(42, r.Line);
        Assert.Equal(17, r.Column);
        Assert.Equal("gpt-4o", r.Properties["ModelId"]);
        Assert.Equal("250", r.Properties["CallsPerDay"]);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"version\":\"2.1.0\"}")]
    [InlineData("[1,2]")]
    public void SarifReader_RejectsMalformedLogsAsBadInput(string json)
    {
        var ex = Assert.Throws<CliException>(() => SarifReader.Read(json, "broken.sarif"));
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.Contains("broken.sarif", ex.Message);
    }

    [Fact]
    public void MonthlySpend_IsCostPerCallTimesCallsPerDayTimesThirty()
    {
        var results = SarifReader.Read(new SarifLog()
            .CallSite("A.B.C", "gpt-4o", 0.0045m, callsPerDay: 2000)
            .CallSite("A.B.D", "gpt-4o-mini", 0.0002m, callsPerDay: 1000, line: 30).ToJson(), "x");
        var report = ReportBuilder.Build(results, "app");
        Assert.Equal(0.0045m * 2000 * 30, report.CallSites.Single(s => s.Method == "A.B.C").MonthlyUsd);
        Assert.Equal(270m + 6m, report.Totals.MonthlyUsd);
        Assert.Equal(1000, report.DefaultCallsPerDay);
        Assert.Equal(30, report.DaysPerMonth);
    }

    [Fact]
    public void Ids_AreCallSiteSdkAndOrdinal_AndSurviveLineShifts()
    {
        SarifLog Log(int shift) => new SarifLog()
            .CallSite("Shop.Triage.SummarizeAsync", "gpt-4o", 0.004m, line: 20 + shift)
            .CallSite("Shop.Triage.SummarizeAsync", "gpt-4o-mini", 0.0002m, line: 24 + shift)
            .CallSite("Shop.Triage.SummarizeAsync", "claude-3-5-haiku", 0.001m, line: 22 + shift, sdk: "Anthropic");

        var before = ReportBuilder.Build(SarifReader.Read(Log(0).ToJson(), "a"), "app");
        var after = ReportBuilder.Build(SarifReader.Read(Log(57).ToJson(), "b"), "app");
        Assert.Equal(
            new[] { "Shop.Triage.SummarizeAsync#Anthropic#0", "Shop.Triage.SummarizeAsync#MEAI#0", "Shop.Triage.SummarizeAsync#MEAI#1" },
            before.CallSites.Select(s => s.Id).ToArray());
        Assert.Equal(before.CallSites.Select(s => (s.Id, s.Model)), after.CallSites.Select(s => (s.Id, s.Model)));
        Assert.Equal("gpt-4o", before.CallSites.Single(s => s.Id.EndsWith("#MEAI#0")).Model);
    }

    [Fact]
    public void SameCallSiteFromSeveralTargetFrameworks_IsCountedOnce()
    {
        var log = new SarifLog().CallSite("A.B.C", "gpt-4o", 0.001m).ToJson();
        var results = SarifReader.Read(log, "net8").Concat(SarifReader.Read(log, "net10"));
        var report = ReportBuilder.Build(results, "app");
        Assert.Single(report.CallSites);
    }

    [Fact]
    public void Findings_LinkToTheirCallSite_AndCarryMonthlySaving()
    {
        var log = new SarifLog()
            .CallSite("Shop.Triage.ClassifyAsync", "gpt-4o", 0.00325m, callsPerDay: 5000, line: 12, column: 22)
            .Add("LLM2001", "warning", "'Shop.Triage.ClassifyAsync' can run on 'gpt-4o-mini'", "/src/App/Triage.cs", 12, 22,
                new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "3.06" })
            .Add("LLM2003", "note", "Prompt has no cache key", "/src/App/Triage.cs", 40, 5)
            .Add("CS8618", "warning", "Non-nullable field", "/src/App/Triage.cs", 3, 5);
        var report = ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app");
        Assert.Equal(2, report.Findings.Count); // compiler diagnostics are not LlmLint findings
        var smaller = report.Findings.Single(f => f.RuleId == "LLM2001");
        Assert.Equal("Shop.Triage.ClassifyAsync#MEAI#0", smaller.CallSiteId);
        Assert.Equal("gpt-4o-mini", smaller.SuggestedModel);
        Assert.Equal(3.06m / 1000 * 5000 * 30, smaller.MonthlySavingUsd);
        Assert.Equal(smaller.MonthlySavingUsd, report.Totals.PotentialMonthlySavingUsd);
        Assert.Null(report.Findings.Single(f => f.RuleId == "LLM2003").CallSiteId);
    }

    [Fact]
    public void CatalogOverrides_RecomputeCostsAndSavings_AndAreNamedInTheReport()
    {
        var catalog = PriceOverrides.Parse("""
            { "schemaVersion": 1, "models": [
              { "id": "gpt-4o", "inputPerMillion": 5, "outputPerMillion": 20, "aliases": ["prod-gpt4o"] },
              { "id": "gpt-4o-mini", "inputPerMillion": 0.1, "outputPerMillion": 0.4 }
            ] }
            """, "/cfg/llmlint.models.json");
        var log = new SarifLog()
            .CallSite("A.B.C", "prod-gpt4o", 0.00325m, inputTokens: 1000, outputTokens: 100)
            .CallSite("A.B.D", "claude-3-5-haiku", 0.001m, line: 30)
            .Add("LLM2001", "warning", "smaller", "/src/App/Triage.cs", 10, 9, new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "1" });
        var report = ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app", catalog);
        var site = report.CallSites.Single(s => s.Method == "A.B.C");
        Assert.Equal((1000 * 5m + 100 * 20m) / 1_000_000m, site.CostPerCallUsd);
        Assert.Equal(site.CostPerCallUsd * 1000 * 30, site.MonthlyUsd);
        // A model the file does not list keeps the analyzer's cost.
        Assert.Equal(0.001m, report.CallSites.Single(s => s.Method == "A.B.D").CostPerCallUsd);
        Assert.Equal("file", report.Prices.Source);
        Assert.Equal("/cfg/llmlint.models.json", report.Prices.Path);
        Assert.StartsWith("llmlint.models.json (2 model(s)) over the LlmLint built-in model catalog", report.Prices.Description);
        Assert.Equal(new[] { "gpt-4o" }, report.Prices.OverriddenModels);
        var expectedSavingPer1k = site.CostPer1kUsd - ((1000 * 0.1m + 100 * 0.4m) / 1_000_000m * 1000m);
        Assert.Equal(expectedSavingPer1k, report.Findings.Single().SavingPer1kUsd);
    }

    [Theory]
    [InlineData("{ \"schemaVersion\": 1, \"models\": [] }", "lists no model")]
    [InlineData("{ \"models\": [ { \"id\": \"gpt-4o\", \"inputPerMillion\": 1 } ] }", "schemaVersion")]
    [InlineData("{ \"schemaVersion\": 1, \"models\": [ { \"id\": \"acme-new\", \"inputPerMillion\": 1 } ] }", "acme-new")]
    [InlineData("{ \"schemaVersion\": 1, \"models\": [ { \"id\": \"gpt-4o\", \"inputPerMillion\": -1 } ] }", "inputPerMillion")]
    [InlineData("{ \"schemaVersion\": 1, ", "prices.json")]
    public void CatalogOverrides_RejectBadFiles(string json, string expected)
    {
        var ex = Assert.Throws<CliException>(() => PriceOverrides.Parse(json, "prices.json"));
        Assert.Equal(ExitCodes.BadInput, ex.ExitCode);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("prices.json", ex.Message);
    }

    [Fact]
    public void ShortName_DropsTheNamespace()
    {
        Assert.Equal("TicketTriage.ClassifyAsync", ReportBuilder.ShortName("Contoso.Support.TicketTriage.ClassifyAsync"));
        Assert.Equal("Run", ReportBuilder.ShortName("Run"));
    }
}
