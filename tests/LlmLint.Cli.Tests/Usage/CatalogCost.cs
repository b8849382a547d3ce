using LlmLint.Cli.Pricing;

namespace LlmLint.Cli.Tests.Usage;

/// <summary>The built-in catalog's cost of one call, as the CLI prices it.</summary>
internal static class CatalogCost
{
    public static decimal Of(string? model, long input, long output, long cachedInput = 0)
    {
        Assert.True(PriceOverrides.TryGetModel(null, model, out var info), $"'{model}' is not in the built-in catalog");
        return info.CostUsd(input, output, cachedInput);
    }
}
