using System;
using System.Linq;
using LlmLint.Cli.Scanning;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>
/// The two provider discounts priced per call site from the catalog: the static prefix read from the prompt cache
/// (LLM2004) and the batch API for a call in a loop (LLM2005). Expected figures come from the catalog's prices, not
/// from numbers written here.
/// </summary>
public sealed class DiscountSavingTests
{
    private const string App = "/src/App/Triage.cs";
    private const string Site = "App.Triage.ClassifyAsync";

    [Theory]
    [InlineData("claude-opus-4-8", 20_000)]
    [InlineData("claude-opus-4-8", 100)]
    [InlineData("gpt-4.1", 5_000)]
    public void A_static_prefix_ahead_of_dynamic_text_is_priced_at_the_cached_input_discount(string modelId, double callsPerDay)
    {
        Assert.True(Pricing.PriceOverrides.TryGetModel(null, modelId, out var model)); // the CLI's own catalog
        decimal perCall = model.CostUsd(3_000, 10);
        Model.Report report = Build(new SarifLog()
            .CallSite(Site, modelId, perCall, callsPerDay, inputTokens: 3_000, outputTokens: 10)
            .Add("LLM2004", "note", "2,230 static tokens follow dynamic content", App, 12, 9, new() { ["EstimatedTokens"] = "2230", ["CallSite"] = Site }));

        Model.Finding finding = report.Findings.Single(f => f.RuleId == "LLM2004");
        double writeShare = Math.Min(1.0, 288 / callsPerDay);
        decimal perMillion = (model.InputPerMillion - model.CachedInputPerMillion) - ((decimal)writeShare * (model.EffectiveCacheWritePerMillion - model.CachedInputPerMillion));
        decimal expected = Math.Max(0m, 2230m * perMillion / 1_000_000m * 1000m);
        Assert.Equal(expected, finding.SavingPer1kUsd);
        Assert.True(finding.MonthlySavingUsd > 0 || expected == 0m);
        Assert.Equal(Math.Round(expected / 1000m * (decimal)callsPerDay * report.DaysPerMonth, 6), Math.Round(finding.MonthlySavingUsd!.Value, 6));
    }

    [Fact]
    public void A_call_in_a_loop_is_priced_at_the_models_batch_discount()
    {
        Assert.True(Pricing.PriceOverrides.TryGetModel(null, "gpt-4o", out var model));
        decimal perCall = model.CostUsd(800, 200);
        Model.Report report = Build(new SarifLog()
            .CallSite(Site, "gpt-4o", perCall, 2_000, inputTokens: 800, outputTokens: 200)
            .Add("LLM2005", "note", "call in a loop", App, 10, 9, new() { ["CallSite"] = Site, ["HotPath"] = "Loop" }));

        Model.Finding finding = report.Findings.Single(f => f.RuleId == "LLM2005");
        double discount = model.BatchDiscount is > 0 and < 1 ? model.BatchDiscount : 0.5;
        Assert.Equal(perCall * 1000m * (decimal)discount, finding.SavingPer1kUsd);
        Assert.True(finding.MonthlySavingUsd > 0);
    }

    [Fact]
    public void An_unpriced_site_keeps_the_dash_and_says_why()
    {
        Model.Report report = Build(new SarifLog()
            .CallSite(Site, "", 0m, modelKnown: false)
            .Add("LLM2005", "note", "call in a loop", App, 10, 9, new() { ["CallSite"] = Site }));

        Model.Finding finding = report.Findings.Single(f => f.RuleId == "LLM2005");
        Assert.Null(finding.MonthlySavingUsd);
        Assert.Contains("not known", Output.SavingText.WhyNone("LLM2005"), StringComparison.Ordinal);
    }

    private static Model.Report Build(SarifLog log) => ReportBuilder.Build(SarifReader.Read(log.ToJson(), "x"), "app");
}
