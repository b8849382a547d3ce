using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmLint.Cli.Tests.Infrastructure;
using LlmLint.Metering;

namespace LlmLint.Cli.Tests.Usage;

/// <summary><c>llmlint usage export</c> over a ledger written through the runtime's public API, and <c>scan --usage</c> pricing from it.</summary>
public sealed class UsageExportTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static async Task<string> WriteLedgerAsync(TempDir dir)
    {
        string path = dir.File("ledger.db");
        var ledger = new SqliteCostLedger(path);

        // Classify: 24 upstream calls to gpt-4o-mini and 6 cache hits over two and a half days.
        for (int i = 0; i < 30; i++)
        {
            await ledger.RecordAsync(new CostRecord
            {
                Timestamp = Now.AddHours(-60 + (i * 2)),
                FunctionId = "App.Triage.ClassifyAsync",
                Tier = Tier.Small,
                ModelId = i % 5 == 4 ? null : "gpt-4o-mini",
                CacheHit = i % 5 == 4,
                InputTokens = i % 5 == 4 ? 0 : 400,
                CachedInputTokens = i % 5 == 4 ? 0 : 100,
                OutputTokens = i % 5 == 4 ? 0 : 10,
                CostUsd = 0.0001m,
            });
        }

        // Extract (an overload: the function id carries its parameter types): 8 small calls and 2 escalations.
        for (int i = 0; i < 10; i++)
        {
            await ledger.RecordAsync(new CostRecord
            {
                Timestamp = Now.AddHours(-i),
                FunctionId = "App.Triage.Extract(String)",
                Tier = i < 8 ? Tier.Small : Tier.Large,
                ModelId = i < 8 ? "gpt-4o-mini" : "gpt-4o",
                InputTokens = i < 8 ? 900 : 1100,
                OutputTokens = i < 8 ? 150 : 170,
                CostUsd = 0.001m,
            });
        }

        await ledger.RecordAsync(new CostRecord { Timestamp = Now, FunctionId = "App.Elsewhere", ModelId = "gpt-4o-mini", InputTokens = 10, OutputTokens = 1 });
        return path;
    }

    [Fact]
    public async Task Export_writes_calls_per_day_model_shares_and_mean_tokens_per_function()
    {
        using var dir = new TempDir();
        string ledger = await WriteLedgerAsync(dir);
        string output = Path.Combine(dir.Path, "usage.json");

        CliRun run = CliRunner.Run("usage", "export", "--ledger", ledger, "--output", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("3 function(s), 41 call(s) over 3 day(s)", run.Out);
        using JsonDocument usage = JsonDocument.Parse(File.ReadAllText(output));
        Assert.Equal(3, usage.RootElement.GetProperty("days").GetDouble());
        JsonElement classify = usage.RootElement.GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "App.Triage.ClassifyAsync");
        Assert.Equal(30, classify.GetProperty("calls").GetInt64());
        Assert.Equal(10, classify.GetProperty("callsPerDay").GetDouble());
        Assert.Equal(6, classify.GetProperty("cacheHits").GetInt64());
        JsonElement mini = Assert.Single(classify.GetProperty("models").EnumerateArray());
        Assert.Equal("gpt-4o-mini", mini.GetProperty("model").GetString());
        Assert.Equal(0.8, mini.GetProperty("share").GetDouble());
        Assert.Equal(400, mini.GetProperty("meanInputTokens").GetDouble());
        Assert.Equal(100, mini.GetProperty("meanCachedInputTokens").GetDouble());
        Assert.Equal(10, mini.GetProperty("meanOutputTokens").GetDouble());
    }

    [Fact]
    public async Task Export_with_days_keeps_only_the_recent_records()
    {
        using var dir = new TempDir();
        string ledger = await WriteLedgerAsync(dir);
        string output = Path.Combine(dir.Path, "usage.json");

        CliRun run = CliRunner.Run("usage", "export", "--ledger", ledger, "--output", output, "--days", "1");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument usage = JsonDocument.Parse(File.ReadAllText(output));
        JsonElement classify = usage.RootElement.GetProperty("functions").EnumerateArray().Single(f => f.GetProperty("id").GetString() == "App.Triage.ClassifyAsync");
        Assert.Equal(11, classify.GetProperty("calls").GetInt64()); // hours -22 … -2 of the two-hourly records (-24 h is just outside)
    }

    [Fact]
    public async Task Scan_with_usage_prices_matched_sites_from_the_ledger_and_marks_the_rest_assumed()
    {
        using var dir = new TempDir();
        string ledger = await WriteLedgerAsync(dir);
        string usagePath = Path.Combine(dir.Path, "usage.json");
        Assert.Equal(0, CliRunner.Run("usage", "export", "--ledger", ledger, "--output", usagePath).ExitCode);
        string sarif = new SarifLog()
            .CallSite("App.Triage.ClassifyAsync", "gpt-5-nano", 0.00002m, line: 10, sdk: "LlmLint")
            .CallSite("App.Triage.Extract", "gpt-5-nano", 0.00002m, line: 20, sdk: "LlmLint")
            .CallSite("App.Triage.Summarize", "gpt-4o", 0.003m, line: 30, sdk: "MEAI")
            .Add("LLM2001", "warning", "use a smaller model", "/src/App/Triage.cs", 30, 9, new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "2.5" })
            .WriteTo(dir);
        string output = Path.Combine(dir.Path, "report");

        CliRun run = CliRunner.Run("scan", dir.Path, "--from-sarif", sarif, "--usage", usagePath, "--output", output, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var sites = report.RootElement.GetProperty("callSites").EnumerateArray().ToDictionary(s => s.GetProperty("method").GetString()!);

        JsonElement classify = sites["App.Triage.ClassifyAsync"];
        Assert.Equal("gpt-4o-mini", classify.GetProperty("model").GetString()); // not the tier's stand-in gpt-5-nano
        Assert.Equal(10, classify.GetProperty("callsPerDay").GetDouble());
        Assert.Equal(0.8m * CatalogCost.Of("gpt-4o-mini", 400, 10, 100), classify.GetProperty("costPerCallUsd").GetDecimal());
        Assert.Equal("gpt-4o-mini 80%, cache 20%", classify.GetProperty("basis").GetProperty("modelNote").GetString());

        JsonElement extract = sites["App.Triage.Extract"];
        Assert.Equal((0.8m * CatalogCost.Of("gpt-4o-mini", 900, 150)) + (0.2m * CatalogCost.Of("gpt-4o", 1100, 170)), extract.GetProperty("costPerCallUsd").GetDecimal());
        Assert.Equal(940, extract.GetProperty("inputTokens").GetInt64());
        Assert.Equal("measured", extract.GetProperty("basis").GetProperty("tokens").GetString());

        JsonElement summarize = sites["App.Triage.Summarize"];
        Assert.Equal("assumed", summarize.GetProperty("basis").GetProperty("volume").GetString());
        Assert.Equal("code", summarize.GetProperty("basis").GetProperty("model").GetString());
        Assert.Equal("assumed", summarize.GetProperty("basis").GetProperty("tokens").GetString());
        Assert.Equal(1000, summarize.GetProperty("callsPerDay").GetDouble());

        Assert.Equal(new[] { "App.Elsewhere" }, report.RootElement.GetProperty("usage").GetProperty("unmatchedFunctions").EnumerateArray().Select(e => e.GetString()).ToArray());
        string markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("Usage not applied: no call site for App.Elsewhere", markdown);
    }

    /// <summary>
    /// Without usage, a <c>[Prompt]</c> function's tier model is the analyzers' stand-in (assumed) unless the project's
    /// LLM2000.&lt;tier&gt;_model option or the app's AddTier registration named another (code); gpt-5-nano is the small
    /// tier's stand-in. Analyzers that predate the provenance property are read by the stand-in's name.
    /// </summary>
    [Theory]
    [InlineData("gpt-5-nano", "", "gpt-5-nano _(assumed: stand-in model of the small tier)_")]
    [InlineData("gpt-4o-mini", "", "gpt-4o-mini _(code: LLM2000.small\\_model option)_")]
    [InlineData("gpt-5-nano", "stand-in: the catalog's cheapest current model of the Small tier (AddTier registration at Startup.cs:12: parameter 'model' of 'Startup.Add')", "parameter 'model' of 'Startup.Add') _(assumed: stand-in model of the small tier)_")]
    [InlineData("gpt-4.1-mini", "AddTier registration at Startup.cs:12", "| gpt-4.1-mini _(code: AddTier registration at Startup.cs:12)_ |")]
    [InlineData("gpt-4o-mini", "option LLM2000.small_model", "gpt-4o-mini _(code: option LLM2000.small\\_model)_")]
    public void Prompt_function_without_usage_marks_where_its_tier_model_comes_from(string model, string provenance, string expected)
    {
        using var dir = new TempDir();
        string sarif = new SarifLog().CallSite("App.Triage.ClassifyAsync", model, 0.0002m, sdk: "LlmLint", modelProvenance: provenance).WriteTo(dir);
        string output = Path.Combine(dir.Path, "report");

        CliRun run = CliRunner.Run("scan", dir.Path, "--from-sarif", sarif, "--output", output);

        Assert.True(run.ExitCode == 0, run.ToString());
        string markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains(expected, markdown);
        Assert.Contains("_(assumed: default 1,000/day)_", markdown);
    }
}
