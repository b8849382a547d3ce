using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Diff;
using LlmLint.Cli.Output;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>The finished report: escaping, savings with "—" and why, rule links, retired models, overrides and the diff threshold.</summary>
public sealed class ReportPolishTests
{
    private const string App = "/src/App/Triage.cs";

    private static Model.Report Build(SarifLog log) => ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app");

    [Fact]
    public void Markdown_escapes_model_ids_and_messages_from_code()
    {
        var report = Build(new SarifLog()
            .CallSite("N.T.M", "<script>alert(1)</script>", 0m, modelKnown: false)
            .Add("LLM2007", "warning", "Model id '<img src=x onerror=alert(1)>' is not in the model catalog", App, 10, 9,
                new() { ["ModelId"] = "<img src=x onerror=alert(1)>", ["ModelProblem"] = "Unknown" }));

        string markdown = MarkdownReport.Render(report);

        Assert.DoesNotContain("<script>", markdown);
        Assert.DoesNotContain("<img", markdown);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", markdown);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", markdown);
    }

    [Fact]
    public void Rules_without_a_saving_estimate_show_a_dash_and_why_never_zero_dollars()
    {
        var report = Build(new SarifLog()
            .CallSite("N.T.M", "gpt-4o", 0.003m)
            .Add("LLM2002", "warning", "The prompt literal is about 3,000 tokens", App, 10, 9)
            .Add("LLM2003", "note", "Deterministic call without a cache", App, 10, 9)
            .Add("LLM2004", "note", "The variable part comes first", App, 10, 9)
            .Add("LLM2001", "warning", "can run on gpt-4o-mini", App, 10, 9, new() { ["SuggestedModelId"] = "gpt-4o-mini", ["SavingPer1000Calls"] = "2.5" }));

        string markdown = MarkdownReport.Render(report);
        string html = HtmlReport.Render(report);

        foreach (string rule in new[] { "LLM2002", "LLM2003", "LLM2004" })
        {
            string row = markdown.Split('\n').First(l => l.StartsWith("| [" + rule + "]", System.StringComparison.Ordinal));
            Assert.Contains("— _(", row);
            Assert.DoesNotContain("$0.00", row);
            Assert.Contains(SavingText.WhyNone(rule)!.Replace("'", "'"), html.Replace("&#39;", "'"));
        }

        Assert.Contains("| $75.00 |", markdown); // LLM2001: 2.5 per 1,000 calls × 1,000/day × 30
        Assert.Contains("eval cache", markdown); // the way to measure the cache saving is named
    }

    [Fact]
    public void Rule_ids_link_to_their_documentation_pages()
    {
        var report = Build(new SarifLog().CallSite("N.T.M", "gpt-4o", 0.003m).Add("LLM2003", "note", "no cache", App, 10, 9));

        Assert.Contains("[LLM2003](https://github.com/llmlint/llmlint/blob/main/docs/rules/LLM2003.md)", MarkdownReport.Render(report));
        Assert.Contains("<a href=\"https://github.com/llmlint/llmlint/blob/main/docs/rules/LLM2003.md\">LLM2003</a>", HtmlReport.Render(report));
        Assert.True(File.Exists(Path.Combine(LlmLint.Testing.TestRepo.Root, "docs", "rules", "LLM2003.md")));
    }

    [Fact]
    public void A_retired_model_without_a_catalog_entry_is_named_retired()
    {
        var report = Build(new SarifLog()
            .CallSite("N.T.Legacy", "claude-2.1", 0m, modelKnown: false, sdk: "Anthropic")
            .Add("LLM2007", "warning", "Model id 'claude-2.1' is not in the model catalog", App, 10, 9,
                new() { ["ModelId"] = "claude-2.1", ["ModelProblem"] = "Unknown" })
            .Add("LLM2007", "warning", "Model id 'gpt-7-ultra' is not in the model catalog", App, 20, 9,
                new() { ["ModelId"] = "gpt-7-ultra", ["ModelProblem"] = "Unknown" }));

        var retired = report.Findings.Single(f => f.Line == 10);
        Assert.Equal("Retired", retired.Properties["ModelProblem"]);
        Assert.Contains("'claude-2.1' is retired", retired.Message);
        Assert.Equal("claude-sonnet-4-6", retired.SuggestedModel);
        Assert.Contains("not in the model catalog", report.Findings.Single(f => f.Line == 20).Message); // an unknown id stays unknown
        Assert.Contains("claude-2.1 (retired)", MarkdownReport.Render(report));
    }

    [Fact]
    public void A_price_only_catalog_override_is_listed_even_when_the_cost_does_not_change()
    {
        using var dir = new TempDir();
        decimal cost = CatalogPerCall("gpt-4o-mini", 500, 200);
        string catalog = dir.File("llmlint.models.json", """
            { "schemaVersion": 1, "models": [ { "id": "gpt-4o-mini", "inputPerMillion": 0.15, "outputPerMillion": 0.60 } ] }
            """);
        var report = ReportBuilder.Build(
            SarifReader.Read(new SarifLog().CallSite("N.T.M", "gpt-4o-mini", cost).ToJson(), "x"), "app", Pricing.PriceOverrides.Load(catalog));

        Assert.Equal(cost, report.CallSites[0].CostPerCallUsd);
        Assert.Equal(new[] { "gpt-4o-mini" }, report.Prices.OverriddenModels);
        Assert.Contains("overridden: gpt-4o-mini", MarkdownReport.Render(report));
    }

    [Fact]
    public void Diff_ignores_changes_below_a_cent_a_month()
    {
        var baseline = Build(new SarifLog().CallSite("N.T.Tiny", "gpt-4o-mini", 0.000634m).CallSite("N.T.Big", "gpt-4o-mini", 0.0002m, line: 30));
        var current = Build(new SarifLog().CallSite("N.T.Tiny", "gpt-4o-mini", 0.0006342m).CallSite("N.T.Big", "gpt-4o-mini", 0.0003m, line: 30));

        var diff = ReportDiffer.Compare(baseline, current, "b", "c");

        var change = Assert.Single(diff.Changes); // Tiny moved by $0.006/month: not a change
        Assert.Equal("N.T.Big", change.Method);
    }

    [Fact]
    public void Diff_works_when_the_catalog_file_of_the_current_report_has_moved()
    {
        using var dir = new TempDir();
        string catalog = dir.File("prices/llmlint.models.json", """
            { "schemaVersion": 1, "models": [ { "id": "gpt-4o", "inputPerMillion": 2.00, "outputPerMillion": 8.00 } ] }
            """);
        string sarif = new SarifLog().CallSite("N.T.M", "gpt-4o", 0.003m).WriteTo(dir);
        string baseline = Path.Combine(dir.Path, "base");
        string current = Path.Combine(dir.Path, "cur");
        Assert.Equal(0, CliRunner.Run("scan", dir.Path, "--from-sarif", sarif, "--output", baseline).ExitCode);
        Assert.Equal(0, CliRunner.Run("scan", dir.Path, "--from-sarif", sarif, "--output", current, "--catalog", catalog).ExitCode);
        Directory.Move(Path.Combine(dir.Path, "prices"), Path.Combine(dir.Path, "moved"));

        CliRun run = CliRunner.Run("diff", "--baseline", Path.Combine(baseline, "report.json"), "--current", Path.Combine(current, "report.json"), "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("note: the catalog file '" + Path.GetFullPath(catalog) + "'", run.Err);
        using JsonDocument diff = JsonDocument.Parse(run.Out);
        Assert.Equal(1, diff.RootElement.GetProperty("changes").GetArrayLength()); // the repricing shows, named as such
    }

    [Fact]
    public void Restore_error_is_the_first_NuGet_error_without_the_project_path()
    {
        string[] output =
        {
            "  Determining projects to restore...",
            "/src/App/App.csproj : error NU1101: Unable to find package Contoso.NotThere. No packages exist with this id in source(s): nuget.org [/src/App/App.csproj]",
            "/src/App/App.csproj : error NU1102: something else [/src/App/App.csproj]",
        };

        Assert.Equal("NU1101: Unable to find package Contoso.NotThere. No packages exist with this id in source(s): nuget.org", ProjectBuilder.RestoreError(output));
        Assert.Null(ProjectBuilder.RestoreError(new[] { "Program.cs(3,1): error CS1002: ; expected" }));
    }

    private static decimal CatalogPerCall(string model, long input, long output)
    {
        Assert.True(Pricing.PriceOverrides.TryGetModel(null, model, out var info));
        return info.CostUsd(input, output);
    }
}
