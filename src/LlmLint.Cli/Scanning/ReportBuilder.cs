using LlmLint.Cli.Model;
using LlmLint.Cli.Pricing;
using LlmLint.Diagnostics;

namespace LlmLint.Cli;

/// <summary>Turns the LLM diagnostics of SARIF logs into a <see cref="Report"/>.</summary>
internal static class ReportBuilder
{
    /// <summary>The call volume the analyzers assume where none is stated (<c>LlmLintDefaultCallsPerDay</c>).</summary>
    public const double DefaultCallsPerDay = 1000;

    /// <summary>Days in the month used for monthly spend.</summary>
    public const int DaysPerMonth = 30;

    /// <summary>The call-site diagnostic.</summary>
    public const string CallSiteRuleId = DiagnosticIds.CallSite;

    public static Report Build(
        IEnumerable<Scanning.SarifResult> results,
        string target,
        PriceOverrides? prices = null,
        double defaultCallsPerDay = DefaultCallsPerDay,
        string? baseDirectory = null)
    {
        baseDirectory ??= Directory.GetCurrentDirectory();
        var report = new Report
        {
            ToolVersion = CliApp.Version,
            GeneratedAt = DateTimeOffset.UtcNow,
            Target = target,
            DefaultCallsPerDay = defaultCallsPerDay,
        };

        if (prices is not null)
        {
            report.Prices = new PriceSource
            {
                Source = "file",
                Path = prices.Path,
                Description = prices.Description,
            };
        }

        // A project built for several target frameworks reports each call site once per framework: keep one.
        var seen = new HashSet<(string, string?, int, int, string)>();
        var unique = new List<Scanning.SarifResult>();
        foreach (var r in results)
        {
            if (r.RuleId.StartsWith("LLM", StringComparison.Ordinal) && seen.Add((r.RuleId, r.File, r.Line, r.Column, r.Message)))
            {
                unique.Add(r);
            }
        }

        var overridden = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var sites = new List<CallSite>();
        foreach (var r in unique)
        {
            if (r.RuleId != CallSiteRuleId)
            {
                continue;
            }

            var site = new CallSite
            {
                Method = Get(r, DiagnosticProperties.CallSite) is { Length: > 0 } m ? m : "(unknown)",
                Sdk = Get(r, DiagnosticProperties.Sdk),
                Provider = Get(r, DiagnosticProperties.Provider),
                Model = Get(r, DiagnosticProperties.ModelId),
                ModelKnown = string.Equals(Get(r, DiagnosticProperties.ModelKnown), "true", StringComparison.OrdinalIgnoreCase),
                ModelProvenance = Get(r, DiagnosticProperties.ModelProvenance) is { Length: > 0 } provenance ? provenance : null,
                Tier = Get(r, DiagnosticProperties.ModelTier),
                TaskKind = Get(r, DiagnosticProperties.TaskKind),
                InputTokens = (long)ParseDecimal(Get(r, DiagnosticProperties.InputTokens)),
                OutputTokens = (long)ParseDecimal(Get(r, DiagnosticProperties.OutputTokens)),
                CostPerCallUsd = ParseDecimal(Get(r, DiagnosticProperties.CostPerCall)),
                CostPer1kUsd = ParseDecimal(Get(r, DiagnosticProperties.CostPer1000Calls)),
                CallsPerDay = ParseDouble(Get(r, DiagnosticProperties.CallsPerDay), defaultCallsPerDay),
                File = RelativePath(r.File, baseDirectory),
                Line = r.Line,
                Column = r.Column,
            };

            site.Basis = AnalyzerBasis(r, site, defaultCallsPerDay);
            if (site.CostPer1kUsd == 0 && site.CostPerCallUsd != 0)
            {
                site.CostPer1kUsd = site.CostPerCallUsd * 1000m;
            }
            else if (site.CostPerCallUsd == 0 && site.CostPer1kUsd != 0)
            {
                site.CostPerCallUsd = site.CostPer1kUsd / 1000m;
            }

            ApplyPrice(site, prices, overridden, report.DaysPerMonth);
            sites.Add(site);
        }

        // Stable ids: the ordinal counts the sites of one method and SDK in source order, so moving code down a file
        // or editing other methods keeps every id.
        sites.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Method, b.Method);
            if (c == 0) c = string.CompareOrdinal(a.Sdk, b.Sdk);
            if (c == 0) c = string.CompareOrdinal(a.File, b.File);
            if (c == 0) c = a.Line.CompareTo(b.Line);
            if (c == 0) c = a.Column.CompareTo(b.Column);
            return c;
        });
        for (var i = 0; i < sites.Count; i++)
        {
            var ordinal = 0;
            for (var j = i - 1; j >= 0 && sites[j].Method == sites[i].Method && sites[j].Sdk == sites[i].Sdk; j--)
            {
                ordinal++;
            }

            sites[i].Ordinal = ordinal;
            sites[i].Id = string.Create(CultureInfo.InvariantCulture, $"{sites[i].Method}#{(sites[i].Sdk.Length == 0 ? "?" : sites[i].Sdk)}#{ordinal}");
        }

        foreach (var r in unique)
        {
            if (r.RuleId == CallSiteRuleId)
            {
                continue;
            }

            var file = RelativePath(r.File, baseDirectory);
            var site = sites.FirstOrDefault(s => s.File == file && s.Line == r.Line && s.Column == r.Column)
                ?? sites.FirstOrDefault(s => s.File == file && s.Line == r.Line)
                ?? (r.Properties.TryGetValue(DiagnosticProperties.CallSite, out var method) ? sites.FirstOrDefault(s => s.Method == method) : null);
            var finding = new Finding
            {
                RuleId = r.RuleId,
                Level = r.Level,
                Message = r.Message,
                File = file,
                Line = r.Line,
                Column = r.Column,
                CallSiteId = site?.Id,
                Properties = new Dictionary<string, string>(r.Properties, StringComparer.Ordinal),
            };

            NameRetiredModel(finding);
            if (r.Properties.TryGetValue(DiagnosticProperties.SuggestedModelId, out var suggested) && suggested.Length > 0)
            {
                finding.SuggestedModel = suggested;
            }

            // A model switch (LLM2001) states its saving, or the costs per 1,000 calls before and after.
            if (r.Properties.TryGetValue(DiagnosticProperties.SavingPer1000Calls, out var saving) && saving.Length > 0)
            {
                finding.SavingPer1kUsd = ParseDecimal(saving);
            }
            else if (r.Properties.TryGetValue(DiagnosticProperties.CostPer1000Calls, out var before) && before.Length > 0
                && r.Properties.TryGetValue(DiagnosticProperties.SuggestedCostPer1000Calls, out var after) && after.Length > 0)
            {
                finding.SavingPer1kUsd = Math.Max(0m, ParseDecimal(before) - ParseDecimal(after));
            }

            // With price overrides, the saving of a model switch is recomputed from the same token estimate.
            if (site is not null && prices is not null && finding.SuggestedModel is not null && finding.SavingPer1kUsd is not null
                && prices.TryGet(finding.SuggestedModel, out var suggestedPrice))
            {
                var suggestedPer1k = suggestedPrice.CostPerCall(site.InputTokens, site.OutputTokens) * 1000m;
                finding.SavingPer1kUsd = Math.Max(0m, site.CostPer1kUsd - suggestedPer1k);
            }

            // The provider discounts (prompt cache, batch API) are priced from the site's model in the catalog.
            if (finding.SavingPer1kUsd is null && site is not null)
            {
                finding.SavingPer1kUsd = Scanning.DiscountSaving.Per1k(finding.RuleId, finding.Properties, site, prices);
            }

            if (finding.SavingPer1kUsd is { } per1k)
            {
                var perDay = site?.CallsPerDay ?? defaultCallsPerDay;
                finding.MonthlySavingUsd = Monthly(per1k / 1000m, perDay, report.DaysPerMonth);
            }

            report.Findings.Add(finding);
        }

        report.Findings.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.File, b.File);
            if (c == 0) c = a.Line.CompareTo(b.Line);
            if (c == 0) c = a.Column.CompareTo(b.Column);
            if (c == 0) c = string.CompareOrdinal(a.RuleId, b.RuleId);
            return c;
        });

        report.CallSites = sites;
        report.Prices.OverriddenModels = overridden.ToList();
        ComputeTotals(report);
        return report;
    }

    /// <summary>Recomputes the costs of a loaded report with <paramref name="prices"/> (same token estimates and volumes).</summary>
    public static void Reprice(Report report, PriceOverrides prices)
    {
        var overridden = new SortedSet<string>(report.Prices.OverriddenModels ?? new List<string>(), StringComparer.OrdinalIgnoreCase);
        var byId = new Dictionary<string, CallSite>(StringComparer.Ordinal);
        foreach (var site in report.CallSites)
        {
            byId.TryAdd(site.Id, site);
            ApplyPrice(site, prices, overridden, report.DaysPerMonth);
        }

        foreach (var finding in report.Findings)
        {
            if (finding.CallSiteId is not null && byId.TryGetValue(finding.CallSiteId, out var site)
                && finding.SuggestedModel is not null && prices.TryGet(finding.SuggestedModel, out var suggested))
            {
                finding.SavingPer1kUsd = Math.Max(0m, site.CostPer1kUsd - (suggested.CostPerCall(site.InputTokens, site.OutputTokens) * 1000m));
                finding.MonthlySavingUsd = Monthly(finding.SavingPer1kUsd.Value / 1000m, site.CallsPerDay, report.DaysPerMonth);
            }
            else if (finding.CallSiteId is not null && byId.TryGetValue(finding.CallSiteId, out site)
                && Scanning.DiscountSaving.Per1k(finding.RuleId, finding.Properties, site, prices) is { } discount)
            {
                finding.SavingPer1kUsd = discount;
                finding.MonthlySavingUsd = Monthly(discount / 1000m, site.CallsPerDay, report.DaysPerMonth);
            }
        }

        report.Prices = new PriceSource
        {
            Source = "file",
            Path = prices.Path,
            Description = prices.Description,
            OverriddenModels = overridden.ToList(),
        };
        ComputeTotals(report);
    }

    /// <summary>
    /// Prices a call site with the override file when it names the model (the model is listed as overridden whether or
    /// not its price changed the figure), or from the models the ledger measured, and computes its monthly spend. A site
    /// whose model is unknown or unresolved stays unpriced: its spend is 0 in the data and "not priced" in every output.
    /// </summary>
    internal static void ApplyPrice(CallSite site, PriceOverrides? prices, ISet<string> overridden, int daysPerMonth)
    {
        if (site.MeasuredModels is { Count: > 0 } measured)
        {
            Usage.UsagePricing.PriceMeasured(site, measured, prices, overridden);
        }
        else if (prices is not null && prices.TryGet(site.Model, out var price))
        {
            overridden.Add(price.Id);
            var cost = price.CostPerCall(site.InputTokens, site.OutputTokens);
            site.CostPerCallUsd = cost;
            site.CostPer1kUsd = cost * 1000m;
            site.ModelKnown = true;
        }

        site.MonthlyUsd = site.Priced ? Monthly(site.CostPerCallUsd, site.CallsPerDay, daysPerMonth) : 0m;
    }

    /// <summary>
    /// What the analyzers' figures rest on: a <c>[CallVolume]</c> is code, the project option or the default volume is
    /// assumed; a model id written at the call is code, a configuration-resolved one is code with its provenance, and the
    /// model of a <c>[Prompt]</c> function's tier is code when the <c>LLM2000.&lt;tier&gt;_model</c> option or the app's
    /// <c>AddTier</c> registration names it, assumed when the catalog's cheapest current model of the tier stands in;
    /// tokens are always an estimate.
    /// </summary>
    private static FigureBasis AnalyzerBasis(Scanning.SarifResult r, CallSite site, double defaultCallsPerDay)
    {
        var volumeSource = Get(r, DiagnosticProperties.CallsPerDaySource);
        var basis = new FigureBasis
        {
            Volume = volumeSource == "Attribute" ? FigureBasis.Code : FigureBasis.Assumed,
            VolumeNote = volumeSource switch
            {
                "Attribute" => "[CallVolume]",
                "Option" => "project option LlmLintDefaultCallsPerDay",
                _ => string.Create(CultureInfo.InvariantCulture, $"default {defaultCallsPerDay:#,0.##}/day"),
            },
            Tokens = FigureBasis.Assumed,
        };

        if (site.Sdk == PromptFunctionSdk)
        {
            // The analyzers say where a tier's model comes from: the LLM2000.<tier>_model option or the app's AddTier
            // registration (read from code), or the catalog's stand-in for the tier (assumed).
            string? provenance = site.ModelProvenance;
            if (provenance != null && !provenance.StartsWith("stand-in", StringComparison.Ordinal) && site.Model.Length > 0)
            {
                basis.Model = FigureBasis.Code;
                basis.ModelNote = provenance;
            }
            else if (provenance == null && site.Model.Length > 0 && TierStandIn(site.Tier) is { } standIn && !string.Equals(standIn, site.Model, StringComparison.OrdinalIgnoreCase))
            {
                // Analyzers that predate the provenance: not their fallback, so the project's LLM2000.<tier>_model option named it.
                basis.Model = FigureBasis.Code;
                basis.ModelNote = "LLM2000." + site.Tier.ToLowerInvariant() + "_model option";
            }
            else
            {
                basis.Model = FigureBasis.Assumed;
                basis.ModelNote = string.IsNullOrEmpty(site.Tier) ? "stand-in model of the tier" : "stand-in model of the " + site.Tier + " tier";
            }
        }
        else if (site.Model.Length == 0)
        {
            basis.Model = FigureBasis.Assumed;
            basis.ModelNote = "unresolved";
        }

        return basis;
    }

    /// <summary>
    /// LLM2007 on a model id the catalog has no entry for, but that is a known retired id (claude-2.1): the finding says
    /// retired, names the successor, and carries <c>ModelProblem = Retired</c>, rather than "not in the model catalog".
    /// </summary>
    private static void NameRetiredModel(Finding finding)
    {
        if (finding.RuleId != DiagnosticIds.UnknownOrRetiredModel
            || (finding.Properties.TryGetValue(DiagnosticProperties.ModelProblem, out var problem) && problem == "Retired")
            || !finding.Properties.TryGetValue(DiagnosticProperties.ModelId, out var id)
            || !RetiredModels.TryGet(id, out var retired))
        {
            return;
        }

        finding.Properties[DiagnosticProperties.ModelProblem] = "Retired";
        finding.SuggestedModel ??= retired.Successor;
        finding.Message = $"Model id '{id}' is retired: {retired.Provider} no longer serves it, so the call fails"
            + (retired.Successor is { } successor ? $"; use '{successor}'" : "");
    }

    /// <summary>
    /// The model the analyzers price a <c>[Prompt]</c> function's tier with when the project sets no
    /// <c>LLM2000.&lt;tier&gt;_model</c> option: the cheapest current OpenAI model of the tier in the built-in catalog
    /// (the rule of <c>PromptFunctionSites.TierModel</c>).
    /// </summary>
    internal static string? TierStandIn(string tier)
    {
        LlmLint.Catalog.ModelInfo? best = null;
        LlmLint.Catalog.ModelCatalog catalog;
        try
        {
            catalog = LlmLint.Catalog.ModelCatalog.Default;
        }
        catch (LlmLint.Catalog.ModelCatalogException)
        {
            return null;
        }

        foreach (var m in catalog.Models)
        {
            if (m.Status == LlmLint.Catalog.ModelStatus.Current && string.Equals(m.Provider, "openai", StringComparison.OrdinalIgnoreCase)
                && string.Equals(m.Tier.ToString(), tier, StringComparison.OrdinalIgnoreCase)
                && (best is null || m.InputPerMillion + m.OutputPerMillion < best.InputPerMillion + best.OutputPerMillion))
            {
                best = m;
            }
        }

        return best?.Id;
    }

    /// <summary>The SDK name LLM2000 gives a generator-implemented <c>[Prompt]</c> function.</summary>
    public const string PromptFunctionSdk = "LlmLint";

    /// <summary>The monthly spend of the priced call sites (unpriced sites are counted, not added).</summary>
    public static decimal PricedMonthlyUsd(IEnumerable<CallSite> sites) => sites.Where(s => s.Priced).Sum(s => s.MonthlyUsd);

    public static void ComputeTotals(Report report)
    {
        report.Totals = new ReportTotals
        {
            CallSites = report.CallSites.Count,
            Findings = report.Findings.Count,
            MonthlyUsd = PricedMonthlyUsd(report.CallSites),
            UnpricedCallSites = report.CallSites.Count(s => !s.Priced),
        };

        // Savings of different findings on one call site do not add up: count the best one per site.
        var best = new Dictionary<string, decimal>(StringComparer.Ordinal);
        decimal unlinked = 0;
        foreach (var f in report.Findings)
        {
            if (f.MonthlySavingUsd is not { } saving || saving <= 0)
            {
                continue;
            }

            if (f.CallSiteId is null)
            {
                unlinked += saving;
            }
            else if (!best.TryGetValue(f.CallSiteId, out var current) || saving > current)
            {
                best[f.CallSiteId] = saving;
            }
        }

        report.Totals.PotentialMonthlySavingUsd = best.Values.Sum() + unlinked;
    }

    /// <summary>Recomputes the monthly saving of each finding from its saving per 1,000 calls and its call site's volume.</summary>
    public static void RecomputeSavings(Report report)
    {
        var byId = report.CallSites.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var f in report.Findings)
        {
            if (f.SavingPer1kUsd is { } per1k && f.CallSiteId is not null && byId.TryGetValue(f.CallSiteId, out var site))
            {
                f.MonthlySavingUsd = Monthly(per1k / 1000m, site.CallsPerDay, report.DaysPerMonth);
            }
        }
    }

    public static decimal Monthly(decimal costPerCall, double callsPerDay, int daysPerMonth)
        => costPerCall * (decimal)callsPerDay * daysPerMonth;

    /// <summary><c>Namespace.Type.Method</c> → <c>Type.Method</c>.</summary>
    public static string ShortName(string method)
    {
        var last = method.LastIndexOf('.');
        if (last <= 0)
        {
            return method;
        }

        var previous = method.LastIndexOf('.', last - 1);
        return previous < 0 ? method : method[(previous + 1)..];
    }

    internal static string? RelativePath(string? file, string baseDirectory)
    {
        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        if (!Path.IsPathRooted(file))
        {
            return file.Replace('\\', '/');
        }

        var relative = Path.GetRelativePath(baseDirectory, file);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            return file.Replace('\\', '/');
        }

        return relative.Replace('\\', '/');
    }

    internal static string Get(Scanning.SarifResult r, string key)
        => r.Properties.TryGetValue(key, out var value) ? value : "";

    private static decimal ParseDecimal(string value)
        => decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : 0m;

    private static double ParseDouble(string value, double fallback)
        => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d >= 0 && !double.IsInfinity(d) ? d : fallback;
}
