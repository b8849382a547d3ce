using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Tests.Infrastructure;
using LlmLint.Testing;

namespace LlmLint.Cli.Tests.Usage;

/// <summary>
/// The acceptance path of pricing from recorded traffic: the SupportTriage.Optimized sample runs its <c>[Prompt]</c>
/// functions offline into a SQLite cost ledger, <c>llmlint usage export</c> turns the ledger into usage.json, and
/// <c>llmlint scan --usage</c> prices each function from the recorded calls, marking which figures are measured.
/// </summary>
[Collection(SampleBuildsCollection.Name)]
public sealed class SampleUsageScanTests
{
    private static readonly string[] PromptFunctions = { "ClassifyAsync", "ExtractInvoiceAsync", "NeedsHumanAsync", "DraftReplyAsync" };

    [Fact]
    public void Scan_with_the_usage_of_a_sample_run_prices_each_function_from_the_recorded_calls()
    {
        string sample = Path.Combine(TestRepo.Root, "samples", "SupportTriage.Optimized");
        using var dir = new TempDir();
        string ledger = Path.Combine(dir.Path, "triage-ledger.db");
        string usagePath = Path.Combine(dir.Path, "usage.json");
        string output = Path.Combine(dir.Path, "report");

        CliRun app = ChildProcess.Run("dotnet", new[] { "run", "--project", sample, "-c", "Release", "--", "--ledger", ledger }, dir.Path,
            TimeSpan.FromMinutes(8), new Dictionary<string, string?> { ["OPENAI_API_KEY"] = null });
        Assert.True(app.ExitCode == 0, app.ToString());
        long ledgerBytes = new FileInfo(ledger).Length;

        CliRun export = CliRunner.Run("usage", "export", "--ledger", ledger, "--output", usagePath);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Equal(ledgerBytes, new FileInfo(ledger).Length); // the export never writes to its input

        using JsonDocument usage = JsonDocument.Parse(File.ReadAllText(usagePath));
        var recorded = usage.RootElement.GetProperty("functions").EnumerateArray()
            .ToDictionary(f => f.GetProperty("id").GetString()!, f => f.Clone());
        foreach (string function in PromptFunctions)
        {
            Assert.Contains("SupportTriage.Optimized.TicketTriage." + function, recorded.Keys);
        }

        CliRun scan = CliRunner.Run("scan", sample, "--output", output, "--format", "json", "--usage", usagePath);
        Assert.True(scan.ExitCode == 0, scan.ToString());
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        var sites = report.RootElement.GetProperty("callSites").EnumerateArray().ToList();

        foreach (string function in PromptFunctions)
        {
            string id = "SupportTriage.Optimized.TicketTriage." + function;
            JsonElement site = sites.Single(s => s.GetProperty("method").GetString() == id);
            JsonElement traffic = recorded[id];
            JsonElement basis = site.GetProperty("basis");
            Assert.Equal("measured", basis.GetProperty("volume").GetString());
            Assert.Equal("measured", basis.GetProperty("model").GetString());
            Assert.Equal("measured", basis.GetProperty("tokens").GetString());

            // The whole run fits in a day: calls per day are the calls the ledger recorded.
            Assert.Equal(traffic.GetProperty("calls").GetInt64(), site.GetProperty("callsPerDay").GetDouble());

            // Priced at the models that answered (the app wires Small to gpt-4o-mini), at the measured tokens.
            var models = traffic.GetProperty("models").EnumerateArray().ToList();
            Assert.Equal(models[0].GetProperty("model").GetString(), site.GetProperty("model").GetString());
            decimal expected = models.Sum(m =>
            {
                return (decimal)m.GetProperty("share").GetDouble() * CatalogCost.Of(
                    m.GetProperty("model").GetString(),
                    (long)Math.Round(m.GetProperty("meanInputTokens").GetDouble()),
                    (long)Math.Round(m.GetProperty("meanOutputTokens").GetDouble()),
                    (long)Math.Round(m.GetProperty("meanCachedInputTokens").GetDouble()));
            });
            Assert.Equal(expected, site.GetProperty("costPerCallUsd").GetDecimal());
            Assert.Equal(expected * (decimal)site.GetProperty("callsPerDay").GetDouble() * 30, site.GetProperty("monthlyUsd").GetDecimal());
        }

        Assert.Equal("gpt-4o-mini", sites.Single(s => s.GetProperty("method").GetString()!.EndsWith(".ClassifyAsync", StringComparison.Ordinal)).GetProperty("model").GetString());
        var invoiceModels = sites.Single(s => s.GetProperty("method").GetString()!.EndsWith(".ExtractInvoiceAsync", StringComparison.Ordinal))
            .GetProperty("measuredModels").EnumerateArray().Select(m => m.GetProperty("model").GetString()).ToList();
        Assert.Equal(new[] { "gpt-4o-mini", "gpt-4o" }, invoiceModels); // the cascade escalated once to the large tier

        // Sites without recorded traffic keep assumed figures, and the reports say so.
        Assert.Contains(sites, s => s.GetProperty("basis").GetProperty("volume").GetString() == "assumed");
        string markdown = File.ReadAllText(Path.Combine(output, "report.md"));
        Assert.Contains("_(measured: ledger: ", markdown);
        Assert.Contains("_(assumed: default 1,000/day)_", markdown);
        Assert.Contains("Measured from " + usagePath, markdown);
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.Contains("class=\"basis measured\" data-figure=\"volume\"", html);
        Assert.Contains("class=\"basis assumed\" data-figure=\"volume\"", html);
    }
}
