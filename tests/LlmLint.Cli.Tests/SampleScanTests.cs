using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>
/// Scans <c>samples/SupportTriage</c> with the analyzer assembly that ships with the tool (no stand-in): the real
/// analyzers run inside a real <c>dotnet build</c> of a project that calls the OpenAI SDK, the Anthropic SDK and
/// <c>IChatClient</c>, and the report must name every cost problem the sample was written to show.
/// </summary>
[Collection(SampleBuildsCollection.Name)]
public sealed class SampleScanTests
{
    [Fact]
    public void Scan_of_the_sample_with_the_shipped_analyzers_reports_each_cost_problem()
    {
        string sample = Path.Combine(TestRepo.Root, "samples", "SupportTriage");
        using var dir = new TempDir();
        string output = Path.Combine(dir.Path, "report");

        CliRun run = CliRunner.Run("scan", sample, "--output", output, "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        JsonElement root = report.RootElement;

        var rulesByFile = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (JsonElement finding in root.GetProperty("findings").EnumerateArray())
        {
            string file = Path.GetFileName(finding.GetProperty("file").GetString()!);
            if (!rulesByFile.TryGetValue(file, out SortedSet<string>? rules))
            {
                rulesByFile[file] = rules = new SortedSet<string>(StringComparer.Ordinal);
            }

            string rule = finding.GetProperty("ruleId").GetString()!;
            rules.Add(rule);
            if (rule == "LLM2001")
            {
                // A frontier model on a classification or extraction call: the cheaper model and the saving are named.
                string? suggested = finding.GetProperty("suggestedModel").GetString();
                Assert.False(string.IsNullOrEmpty(suggested), finding.ToString());
                Assert.NotEqual(finding.GetProperty("properties").GetProperty("ModelId").GetString(), suggested);
                Assert.True(finding.GetProperty("monthlySavingUsd").GetDouble() > 0, finding.ToString());
            }
        }

        // LLM2005: Program.Main calls each method once per ticket; LLM2008: the 2,230-token policy prompt has no cache breakpoint.
        Assert.Equal(new[] { "LLM2001", "LLM2003", "LLM2005", "LLM2006" }, rulesByFile["InvoiceExtractor.cs"]);
        Assert.Equal(new[] { "LLM2001", "LLM2003", "LLM2005", "LLM2006" }, rulesByFile["TicketClassifier.cs"]);
        Assert.Equal(new[] { "LLM2001", "LLM2003", "LLM2005", "LLM2008" }, rulesByFile["PriorityRater.cs"]);
        Assert.Equal(new[] { "LLM2002" }, rulesByFile["SupportPolicy.cs"]);
        Assert.Equal(4, rulesByFile.Count);

        // Every call site is priced, and the saving is part of the spend.
        JsonElement totals = root.GetProperty("totals");
        Assert.Equal(3, totals.GetProperty("callSites").GetInt32()); // one OpenAI, one Anthropic, one IChatClient call
        double monthly = totals.GetProperty("monthlyUsd").GetDouble();
        double saving = totals.GetProperty("potentialMonthlySavingUsd").GetDouble();
        Assert.True(monthly > 0 && saving > 0 && saving < monthly, $"monthly {monthly}, saving {saving}");
        // The provider discounts are priced per call site from the catalog: the policy prompt's cache (LLM2008) and the
        // batch API for each call made once per ticket (LLM2005).
        foreach (JsonElement discount in root.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("ruleId").GetString() is "LLM2008" or "LLM2005"))
        {
            Assert.True(discount.GetProperty("monthlySavingUsd").GetDouble() > 0, discount.ToString());
        }
        foreach (JsonElement site in root.GetProperty("callSites").EnumerateArray())
        {
            Assert.True(site.GetProperty("modelKnown").GetBoolean(), site.ToString());
            Assert.True(site.GetProperty("costPerCallUsd").GetDouble() > 0, site.ToString());
        }
    }
}
