using LlmLint.Cli.Model;
using LlmLint.Cli.Pricing;

namespace LlmLint.Cli.Usage;

/// <summary>
/// Prices call sites from a usage export (<c>scan --usage</c>): the volume, the models and their shares, and the tokens
/// the runtime's cost ledger recorded replace the analyzers' assumptions, and each figure is marked measured.
/// </summary>
internal static class UsagePricing
{
    /// <summary>Applies <paramref name="usage"/> to the call sites of <paramref name="report"/> and recomputes its totals.</summary>
    public static void Apply(Report report, UsageFile usage, string usagePath, PriceOverrides? prices)
    {
        var source = new UsageSource { Path = usagePath, From = usage.From, To = usage.To, Days = usage.Days };
        var overridden = new SortedSet<string>(report.Prices.OverriddenModels, StringComparer.OrdinalIgnoreCase);
        var byMethod = report.CallSites.GroupBy(s => s.Method, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byId = report.CallSites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var function in usage.Functions)
        {
            CallSite? site = null;
            if (byId.TryGetValue(function.Id, out var exact))
            {
                site = exact;
            }
            else if (byMethod.TryGetValue(MethodOf(function.Id), out var sites))
            {
                if (sites.Count > 1)
                {
                    source.AmbiguousFunctions.Add(function.Id);
                    continue;
                }

                site = sites[0];
            }

            if (site is null)
            {
                source.UnmatchedFunctions.Add(function.Id);
                continue;
            }

            Measure(site, function, usage.Days);
            ReportBuilder.ApplyPrice(site, prices, overridden, report.DaysPerMonth);
        }

        report.Usage = source;
        report.Prices.OverriddenModels = overridden.ToList();
        ReportBuilder.RecomputeSavings(report);
        ReportBuilder.ComputeTotals(report);
    }

    /// <summary>
    /// The cost per call of a site from its measured models: each model's share of the recorded calls at its measured
    /// mean tokens (prompt-cached input at the cached rate); cache hits are part of the calls and cost nothing. Unpriced
    /// when a measured model is not in the catalog.
    /// </summary>
    public static void PriceMeasured(CallSite site, List<MeasuredModel> measured, PriceOverrides? prices, ISet<string> overridden)
    {
        decimal perCall = 0;
        bool priced = true;
        foreach (var m in measured)
        {
            if (!PriceOverrides.TryGetModel(prices, m.Model, out var info))
            {
                m.Priced = false;
                priced = false;
                continue;
            }

            m.Priced = true;
            if (prices is not null && prices.Lists(info.Id))
            {
                overridden.Add(info.Id);
            }

            long input = (long)Math.Round(m.InputTokens);
            long cached = Math.Min(input, (long)Math.Round(m.CachedInputTokens));
            perCall += (decimal)m.Share * info.CostUsd(input, (long)Math.Round(m.OutputTokens), cached);
        }

        site.ModelKnown = priced;
        site.CostPerCallUsd = priced ? perCall : 0m;
        site.CostPer1kUsd = site.CostPerCallUsd * 1000m;
    }

    /// <summary>Replaces the analyzers' volume, model and tokens of <paramref name="site"/> with the recorded ones.</summary>
    private static void Measure(CallSite site, FunctionUsage function, double days)
    {
        site.CallsPerDay = function.CallsPerDay;
        site.Basis.Volume = FigureBasis.Measured;
        site.Basis.VolumeNote = string.Create(CultureInfo.InvariantCulture,
            $"ledger: {function.Calls:#,0} call(s) over {days:#,0.##} day(s){(function.CacheHits > 0 ? $", {function.CacheHits:#,0} cache hit(s)" : "")}");
        if (function.Models.Count == 0)
        {
            // Only cache hits: the volume is measured, the model and tokens stay the analyzers'.
            return;
        }

        site.MeasuredModels = function.Models.Select(m => new MeasuredModel
        {
            Model = m.Model,
            Share = m.Share,
            InputTokens = m.MeanInputTokens,
            OutputTokens = m.MeanOutputTokens,
            CachedInputTokens = m.MeanCachedInputTokens,
        }).ToList();

        double upstream = function.Models.Sum(m => m.Share);
        site.Model = function.Models[0].Model;
        site.ModelProvenance = null;
        site.Basis.Model = FigureBasis.Measured;
        site.Basis.ModelNote = string.Join(", ", function.Models.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Model} {m.Share:0.#%}")))
            + (function.CacheHits > 0 ? string.Create(CultureInfo.InvariantCulture, $", cache {1 - upstream:0.#%}") : "");
        site.Basis.Tokens = FigureBasis.Measured;
        site.InputTokens = upstream > 0 ? (long)Math.Round(function.Models.Sum(m => m.Share * m.MeanInputTokens) / upstream) : 0;
        site.OutputTokens = upstream > 0 ? (long)Math.Round(function.Models.Sum(m => m.Share * m.MeanOutputTokens) / upstream) : 0;
    }

    /// <summary>A function id of an overloaded <c>[Prompt]</c> method carries its parameter types: <c>Ns.Type.Method(String)</c>.</summary>
    private static string MethodOf(string functionId)
    {
        int paren = functionId.IndexOf('(', StringComparison.Ordinal);
        return paren < 0 ? functionId : functionId[..paren];
    }
}
