using System.Collections.Generic;
using System.Linq;
using LlmLint.Cli.Model;
using LlmLint.Cli.Output;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>LLM2000's ModelProvenance reaches the report's call-site rows (JSON field, Markdown/HTML model cell).</summary>
public sealed class ReportModelProvenanceTests
{
    private static Report Build(string model, string? provenance)
    {
        var props = new Dictionary<string, string>
        {
            ["CallSite"] = "Shop.Triage.RateAsync",
            ["Sdk"] = "MicrosoftExtensionsAI",
            ["ModelId"] = model,
            ["ModelKnown"] = "false",
            ["InputTokens"] = "300",
            ["OutputTokens"] = "10",
            ["CallsPerDay"] = "1000",
        };
        if (provenance != null)
        {
            props["ModelProvenance"] = provenance;
        }

        var results = SarifReader.Read(new SarifLog().Add("LLM2000", "note", "LLM call", "/src/App/Triage.cs", 12, 9, props).ToJson(), "x.sarif");
        return ReportBuilder.Build(results, "app");
    }

    [Fact]
    public void UnresolvedModel_ProvenanceInJsonAndModelCell()
    {
        Report report = Build(string.Empty, "configuration key 'AI:ChatModel': empty in appsettings.json");
        CallSite site = report.CallSites.Single();
        Assert.Equal("configuration key 'AI:ChatModel': empty in appsettings.json", site.ModelProvenance);
        Assert.Contains("\"modelProvenance\": \"configuration key 'AI:ChatModel': empty in appsettings.json\"", ReportJson.Serialize(report).Replace("\\u0027", "'"));
        Assert.Equal("(unresolved) — from configuration key 'AI:ChatModel': empty in appsettings.json", MarkdownReport.ModelText(site));
        Assert.Contains("from configuration key", MarkdownReport.Render(report));
    }

    [Fact]
    public void NoProvenance_NoFieldAndPlainModelCell()
    {
        Report report = Build(string.Empty, null);
        CallSite site = report.CallSites.Single();
        Assert.Null(site.ModelProvenance);
        Assert.DoesNotContain("modelProvenance", ReportJson.Serialize(report));
        Assert.Equal("(unresolved)", MarkdownReport.ModelText(site));
    }
}
