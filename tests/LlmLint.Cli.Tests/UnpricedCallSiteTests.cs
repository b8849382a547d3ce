using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Model;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>Call sites whose model is unknown or unresolved are counted as not priced, never as $0.</summary>
public sealed class UnpricedCallSiteTests : System.IDisposable
{
    private const string TwoUnpriced = "2 call sites are not priced";

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Out => Path.Combine(_dir.Path, "out");

    /// <summary>One priced site ($487.50/month), one unresolved model, one model the catalog does not know (with a stray cost).</summary>
    private static SarifLog Log() => new SarifLog()
        .CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o", 0.00325m, callsPerDay: 5000, line: 12)
        .CallSite("Contoso.Support.TicketTriage.SummarizeAsync", "", 0m, line: 20)
        .CallSite("Contoso.Support.TicketTriage.RouteAsync", "acme-llm-9", 0.004m, line: 28, modelKnown: false);

    private CliRun Scan(params string[] extra)
        => CliRunner.Run(new[] { "scan", _dir.Path, "--from-sarif", Log().WriteTo(_dir), "--output", Out }.Concat(extra).ToArray());

    [Fact]
    public void Json_CountsUnpricedSites_AndLeavesThemOutOfTheTotal()
    {
        var run = Scan("--format", "json");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        using var doc = JsonDocument.Parse(run.Out);
        var totals = doc.RootElement.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("callSites").GetInt32());
        Assert.Equal(2, totals.GetProperty("unpricedCallSites").GetInt32());
        Assert.Equal(487.5m, totals.GetProperty("monthlyUsd").GetDecimal()); // not + 0.004 × 1,000 × 30 for the unknown model
        var sites = doc.RootElement.GetProperty("callSites").EnumerateArray().ToList();
        Assert.Equal(new[] { true, false, false }, sites.OrderBy(s => s.GetProperty("line").GetInt32()).Select(s => s.GetProperty("priced").GetBoolean()).ToArray());
    }

    [Fact]
    public void EveryReportFormat_SaysHowManySitesAreNotPriced()
    {
        Assert.Contains(TwoUnpriced, Scan().Out.Replace("\n", " ").Replace("│", " "));
        var markdown = Scan("--format", "markdown").Out;
        Assert.Contains($"across 3 call site(s); {TwoUnpriced}", markdown);
        Assert.Contains("| acme-llm-9 | 1 | not priced |", markdown);
        Assert.DoesNotContain("| $0.00 |", markdown); // no unpriced site or model shows $0
        Assert.Contains(TwoUnpriced, Scan("--format", "github").Out);

        using var sarif = JsonDocument.Parse(Scan("--format", "sarif").Out);
        Assert.Equal(2, sarif.RootElement.GetProperty("properties").GetProperty("llmlint").GetProperty("unpricedCallSites").GetInt32());

        var html = File.ReadAllText(Path.Combine(Out, "report.html"));
        Assert.Contains("<b id=\"unpriced\">2</b>", html);
        Assert.Contains(TwoUnpriced + " (unknown or unresolved model): they are not in the total or the spend charts", html);
        Assert.DoesNotContain("acme-llm-9\",", html); // not a $0 bar of the by-model chart
        Assert.DoesNotContain("TicketTriage.RouteAsync\",", html); // nor of the by-call-site chart
    }

    [Fact]
    public void BudgetMessage_NamesTheUnpricedSites()
    {
        var run = Scan("--budget", "400");
        Assert.Equal(ExitCodes.GateFailed, run.ExitCode);
        Assert.Equal($"error: Budget exceeded: estimated LLM spend is $487.50/month, over the budget of $400.00/month; {TwoUnpriced} (unknown or unresolved model).", run.Err.Trim());
    }

    [Fact]
    public void WithinBudget_WarnsAboutUnpricedSites_AndFailOnUnpricedFails()
    {
        var within = Scan("--budget", "500");
        Assert.Equal(ExitCodes.Ok, within.ExitCode);
        Assert.Contains($"within the budget of $500.00/month, but {TwoUnpriced} and not counted; --fail-on-unpriced", within.Err);

        var strict = Scan("--budget", "500", "--fail-on-unpriced");
        Assert.Equal(ExitCodes.GateFailed, strict.ExitCode);
        var line = Assert.Single(strict.Err.Trim().Split('\n'));
        Assert.StartsWith($"error: --fail-on-unpriced: {TwoUnpriced} (priced spend $487.50/month against the budget of $500.00/month), first TicketTriage.", line);
    }

    [Fact]
    public void FailOnUnpriced_PassesWhenEverySiteIsPriced()
    {
        var sarif = new SarifLog().CallSite("N.T.M", "gpt-4o-mini", 0.0002m).WriteTo(_dir, "priced.sarif");
        var run = CliRunner.Run("scan", _dir.Path, "--from-sarif", sarif, "--output", Out, "--budget", "500", "--fail-on-unpriced");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal("", run.Err.Trim());
    }

    [Fact]
    public void Diff_ReportsASiteThatLostItsPrice()
    {
        var baseline = Build(new SarifLog().CallSite("N.T.Classify", "gpt-4o", 0.004m, line: 10));
        var current = Build(new SarifLog().CallSite("N.T.Classify", "gpt-4o", 0.004m, line: 10, modelKnown: false));
        var diff = ReportDiffer.Compare(baseline, current, "b", "c");
        var change = Assert.Single(diff.Changes);
        Assert.Equal("changed", change.Kind);
        Assert.Equal((true, false), (change.BaselinePriced, change.CurrentPriced));
        Assert.Equal("no longer priced: T.Classify moved from gpt-4o ($120.00/month) to gpt-4o, whose price is not known; its spend left the total", change.Summary);
        Assert.Equal((0, 1), (diff.BaselineUnpricedCallSites, diff.CurrentUnpricedCallSites));
        Assert.Equal(0m, diff.CurrentMonthlyUsd);
    }

    [Fact]
    public void DiffCommand_CountsUnpricedSites_AndFailOnUnpricedFails()
    {
        var baselineDir = Path.Combine(_dir.Path, "base");
        Assert.Equal(0, CliRunner.Run("scan", _dir.Path, "--from-sarif", new SarifLog()
            .CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o", 0.00325m, callsPerDay: 5000, line: 12)
            .CallSite("Contoso.Support.TicketTriage.SummarizeAsync", "gpt-4o-mini", 0.000195m, line: 20)
            .WriteTo(_dir, "base.sarif"), "-o", baselineDir).ExitCode);
        Assert.Equal(0, Scan().ExitCode);
        var args = new[] { "diff", "--baseline", Path.Combine(baselineDir, "report.json"), "--current", Path.Combine(Out, "report.json") };

        var text = CliRunner.Run(args);
        Assert.Contains($"{TwoUnpriced} (0 in the baseline)", text.Out);
        Assert.Contains("no longer priced: TicketTriage.SummarizeAsync moved from gpt-4o-mini", text.Out);
        Assert.Contains("not priced: TicketTriage.RouteAsync adds a call to acme-llm-9", text.Out);

        using var json = JsonDocument.Parse(CliRunner.Run(args.Append("--format").Append("json").ToArray()).Out);
        Assert.Equal(2, json.RootElement.GetProperty("currentUnpricedCallSites").GetInt32());

        var gate = CliRunner.Run(args.Append("--fail-on-unpriced").ToArray());
        Assert.Equal(ExitCodes.GateFailed, gate.ExitCode);
        Assert.StartsWith($"error: --fail-on-unpriced: {TwoUnpriced}", gate.Err.Trim());
    }

    private static Report Build(SarifLog log) => ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app");
}
