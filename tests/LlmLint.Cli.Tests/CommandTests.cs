using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>The scan and diff commands on SARIF logs given with --from-sarif (no build).</summary>
public sealed class CommandTests : System.IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Sarif() => new SarifLog()
        .CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o", 0.00325m, callsPerDay: 5000, file: "/src/App/Triage.cs", line: 12, column: 22)
        .CallSite("Contoso.Support.TicketTriage.SummarizeAsync", "gpt-4o-mini", 0.000195m, file: "/src/App/Triage.cs", line: 20)
        .Add("LLM2001", "warning", "'Contoso.Support.TicketTriage.ClassifyAsync' can run on 'gpt-4o-mini'", "/src/App/Triage.cs", 12, 22,
            new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "3.055" })
        .Add("LLM2003", "note", "The prompt, has: a cache key%", "/src/App/Triage.cs", 30, 5)
        .WriteTo(_dir);

    private string Out => Path.Combine(_dir.Path, "out");

    private CliRun Scan(params string[] extra)
        => CliRunner.Run(new[] { "scan", _dir.Path, "--from-sarif", Sarif(), "--output", Out }.Concat(extra).ToArray());

    [Fact]
    public void Text_PrintsCallSiteAndFindingTables_TotalsVolumeAndPrices()
    {
        var run = Scan();
        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("LLM call sites", run.Out);
        Assert.Contains("TicketTriage.ClassifyAsync", run.Out);
        Assert.Contains("$487.50", run.Out); // 0.00325 × 5,000 × 30
        Assert.Contains("LLM2001", run.Out);
        Assert.Contains("Estimated LLM spend: $493.35/month across 2 call site(s)", run.Out);
        Assert.Contains("assume 1,000 calls/day", run.Out);
        Assert.Contains("Prices: LlmLint built-in model catalog", run.Out);
        foreach (var file in new[] { "report.json", "report.md", "report.html", "report.sarif" })
        {
            Assert.True(File.Exists(Path.Combine(Out, file)), file);
            if (!System.OperatingSystem.IsWindows())
            {
                Assert.Equal(System.IO.UnixFileMode.UserRead | System.IO.UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Out, file))); // reports quote code: owner-only
            }
        }
    }

    [Fact]
    public void Json_IsTheReportOnStdout_AndEqualsReportJson()
    {
        var run = Scan("--format", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(1000, root.GetProperty("defaultCallsPerDay").GetDouble());
        Assert.Equal(2, root.GetProperty("callSites").GetArrayLength());
        Assert.Equal(487.5m + 5.85m, root.GetProperty("totals").GetProperty("monthlyUsd").GetDecimal());
        Assert.Equal(3.055m / 1000 * 5000 * 30, root.GetProperty("totals").GetProperty("potentialMonthlySavingUsd").GetDecimal());
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "report.json")));
        Assert.Equal(root.GetProperty("callSites").GetRawText(), file.RootElement.GetProperty("callSites").GetRawText());
    }

    [Fact]
    public void Markdown_HasSpendBySiteModelAndRule()
    {
        var run = Scan("--format", "markdown");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("## Spend by call site", run.Out);
        Assert.Contains("## Spend by model", run.Out);
        Assert.Contains("### Savings by rule", run.Out);
        Assert.Contains("| [LLM2001](https://github.com/llmlint/llmlint/blob/main/docs/rules/LLM2001.md) | 1 | $458.25 |", run.Out);
        Assert.Contains("default of **1,000 calls/day**", run.Out);
        Assert.Equal(File.ReadAllText(Path.Combine(Out, "report.md")), run.Out);
    }

    [Fact]
    public void GitHub_WritesEscapedAnnotationsAndASummaryNotice()
    {
        var run = Scan("--format", "github");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = run.Out.Split('\n', System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("::warning file=/src/App/Triage.cs,line=12,col=22,title=LLM2001::'Contoso.Support.TicketTriage.ClassifyAsync' can run on 'gpt-4o-mini' (saves about $458.25/month)", lines);
        Assert.Contains("::notice file=/src/App/Triage.cs,line=30,col=5,title=LLM2003::The prompt, has: a cache key%25", lines);
        Assert.Contains(lines, l => l.StartsWith("::notice title=llmlint::2 LLM call site(s), estimated $493.35/month"));
    }

    [Fact]
    public void Sarif_PassesTheLlmResultsThrough()
    {
        var run = Scan("--format", "sarif");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal("2.1.0", doc.RootElement.GetProperty("version").GetString());
        var results = doc.RootElement.GetProperty("runs")[0].GetProperty("results");
        Assert.Equal(4, results.GetArrayLength());
        Assert.Equal("gpt-4o", results[0].GetProperty("properties").GetProperty("customProperties").GetProperty("ModelId").GetString());
    }

    [Fact]
    public void Budget_Exceeded_ExitsOneWithOneClearLine()
    {
        var run = Scan("--budget", "400");
        Assert.Equal(ExitCodes.GateFailed, run.ExitCode);
        Assert.Equal("error: Budget exceeded: estimated LLM spend is $493.35/month, over the budget of $400.00/month.", run.Err.Trim());
        Assert.Equal(ExitCodes.Ok, Scan("--budget", "500").ExitCode);
    }

    [Fact]
    public void Budget_InGitHubFormat_AlsoWritesAnErrorAnnotation()
    {
        var run = Scan("--budget", "10", "--format", "github");
        Assert.Equal(ExitCodes.GateFailed, run.ExitCode);
        Assert.Contains("::error title=llmlint::Budget exceeded", run.Out);
    }

    [Theory]
    [InlineData("LLM2001", ExitCodes.GateFailed)]
    [InlineData("LLM2002,LLM2005", ExitCodes.Ok)]
    [InlineData("warning", ExitCodes.GateFailed)]
    [InlineData("error", ExitCodes.Ok)]
    [InlineData("note", ExitCodes.GateFailed)]
    public void FailOn_RuleIdsOrSeverity(string failOn, int expected)
    {
        var run = Scan("--fail-on", failOn);
        Assert.True(expected == run.ExitCode, run.ToString());
        if (expected == ExitCodes.GateFailed)
        {
            Assert.StartsWith($"error: --fail-on {failOn}: ", run.Err);
        }
    }

    [Fact]
    public void NoCallSites_IsOk_UnlessRequireCalls()
    {
        var empty = new SarifLog().Add("CS0168", "warning", "unused", "/src/a.cs", 1, 1).WriteTo(_dir, "empty.sarif");
        var ok = CliRunner.Run("scan", _dir.Path, "--from-sarif", empty, "-o", Out);
        Assert.Equal(ExitCodes.Ok, ok.ExitCode);
        Assert.Contains("No LLM call sites found.", ok.Out);
        var required = CliRunner.Run("scan", _dir.Path, "--from-sarif", empty, "-o", Out, "--require-calls");
        Assert.Equal(ExitCodes.NoCallSites, required.ExitCode);
        Assert.Contains("no LLM call sites found", required.Err);
    }

    [Fact]
    public void Catalog_OverridesPrices_AndTheReportSaysSo()
    {
        var catalog = _dir.File("prices.json", """{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "inputPerMillion": 10, "outputPerMillion": 40 } ] }""");
        var run = Scan("--catalog", catalog, "--format", "json");
        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        using var doc = JsonDocument.Parse(run.Out);
        var prices = doc.RootElement.GetProperty("prices");
        Assert.Equal("file", prices.GetProperty("source").GetString());
        Assert.Equal("gpt-4o", prices.GetProperty("overriddenModels")[0].GetString());
        var site = doc.RootElement.GetProperty("callSites").EnumerateArray().Single(s => s.GetProperty("model").GetString() == "gpt-4o");
        Assert.Equal((500 * 10m + 200 * 40m) / 1_000_000m, site.GetProperty("costPerCallUsd").GetDecimal());
    }

    [Fact]
    public void Catalog_IsPickedUpFromLlmlintModelsJsonBesideTheTarget()
    {
        _dir.File("llmlint.models.json", """{ "schemaVersion": 1, "models": [ { "id": "gpt-4o-mini", "inputPerMillion": 1, "outputPerMillion": 1 } ] }""");
        var run = Scan("--format", "markdown");
        Assert.Contains("llmlint.models.json (1 model(s)) over the LlmLint built-in model catalog", run.Out);
        Assert.Contains("overridden: gpt-4o-mini", run.Out);
    }

    [Fact]
    public void Catalog_Malformed_IsAnErrorWhenGiven_AndAWarningWhenFoundBesideTheTarget()
    {
        var bad = _dir.File("bad.json", """{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "inputPerMillion": "cheap" } ] }""");
        var given = Scan("--catalog", bad);
        Assert.Equal(ExitCodes.BadInput, given.ExitCode);
        Assert.StartsWith($"error: The catalog file '{bad}' is malformed: ", given.Err);

        File.Copy(bad, Path.Combine(_dir.Path, "llmlint.models.json"));
        var found = Scan("--format", "json");
        Assert.Equal(ExitCodes.Ok, found.ExitCode);
        Assert.StartsWith("warning: The catalog file ", found.Err);
        Assert.Contains("The built-in prices are used.", found.Err);
        Assert.Contains("\"source\": \"analyzer\"", found.Out);
    }

    [Fact]
    public void Diff_OfTwoReports_PrintsTheChangePerCallSite()
    {
        var baselineDir = Path.Combine(_dir.Path, "base");
        Assert.Equal(0, CliRunner.Run("scan", _dir.Path, "--from-sarif", new SarifLog()
            .CallSite("Contoso.Support.TicketTriage.ClassifyAsync", "gpt-4o-mini", 0.000195m, callsPerDay: 5000, line: 9)
            .CallSite("Contoso.Support.TicketTriage.SummarizeAsync", "gpt-4o-mini", 0.000195m, line: 20)
            .WriteTo(_dir, "base.sarif"), "-o", baselineDir).ExitCode);
        Assert.Equal(0, Scan().ExitCode);
        var baseline = Path.Combine(baselineDir, "report.json");
        var current = Path.Combine(Out, "report.json");

        var text = CliRunner.Run("diff", "--baseline", baseline, "--current", current);
        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Contains("+$458.25/month: TicketTriage.ClassifyAsync moved from gpt-4o-mini to gpt-4o", text.Out);
        Assert.Contains("LLM2001", text.Out); // a new finding

        var json = CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--format", "json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(487.5m - 29.25m, doc.RootElement.GetProperty("deltaMonthlyUsd").GetDecimal());

        var gh = CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--format", "github");
        Assert.Contains("::warning file=/src/App/Triage.cs,line=12,title=LLM cost change::+$458.25/month", gh.Out);

        var md = CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--format", "markdown");
        Assert.Contains("- +$458.25/month: TicketTriage.ClassifyAsync moved from gpt-4o-mini to gpt-4o", md.Out);

        var gate = CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--max-increase", "100");
        Assert.Equal(ExitCodes.GateFailed, gate.ExitCode);
        Assert.Equal("error: Spend increase too large: this change adds $458.25/month, more than the allowed $100.00/month.", gate.Err.Trim());

        Assert.Equal(ExitCodes.GateFailed, CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--budget", "400").ExitCode);
        Assert.Equal(ExitCodes.GateFailed, CliRunner.Run("diff", "--baseline", baseline, "--current", current, "--fail-on", "LLM2001").ExitCode);
        Assert.Equal(ExitCodes.Ok, CliRunner.Run("diff", "--baseline", current, "--current", current, "--fail-on", "LLM2001").ExitCode);
    }

    [Fact]
    public void BadInput_MissingPath()
    {
        var run = CliRunner.Run("scan", Path.Combine(_dir.Path, "nope"), "-o", Out);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal($"error: The path '{Path.Combine(_dir.Path, "nope")}' does not exist.", run.Err.Trim());
    }

    [Fact]
    public void BadInput_DirectoryWithoutProjects()
    {
        var run = CliRunner.Run("scan", _dir.Path, "-o", Out);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("contains no solution or project file", run.Err);
    }

    [Fact]
    public void BadInput_MalformedBaseline()
    {
        var bad = _dir.File("baseline.json", "{ \"callSites\": 12 ");
        var run = CliRunner.Run("diff", "--baseline", bad, "--current", bad);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith($"error: The baseline report '{bad}' is not a valid llmlint report.json", run.Err);

        var notAReport = _dir.File("other.json", "{ \"name\": \"x\" }");
        var run2 = CliRunner.Run("diff", "--baseline", notAReport, "--current", notAReport);
        Assert.Equal(ExitCodes.BadInput, run2.ExitCode);
        Assert.Contains("not a valid llmlint report.json", run2.Err);

        var missing = CliRunner.Run("diff", "--baseline", Path.Combine(_dir.Path, "none.json"), "--current", bad);
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Contains("does not exist", missing.Err);
    }

    [Theory]
    [InlineData("scan", ".", "--fail-on", "LLMX")]
    [InlineData("scan", ".", "--budget", "-5")]
    [InlineData("scan", ".", "--calls-per-day", "-1")]
    [InlineData("diff", "--baseline", "a.json", "--current", "b.json", "--format", "sarif")]
    [InlineData("scan", ".", "--format", "xml")]
    [InlineData("scan", ".", "--no-such-option")]
    [InlineData("diff", "--current", "x.json")]
    [InlineData("frobnicate")]
    public void BadUsage_ExitsTwo(params string[] args)
    {
        var run = CliRunner.Run(args);
        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        Assert.StartsWith("error: ", run.Err);
    }

    [Fact]
    public void Diff_NeedsExactlyOneCurrentState()
    {
        var run = CliRunner.Run("diff", "--baseline", "a.json");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--current <report.json> or a path to scan", run.Err);
    }

    [Fact]
    public void Help_ListsTheCommands()
    {
        var run = CliRunner.Run("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("scan", run.Out);
        Assert.Contains("diff", run.Out);
    }
}
