using LlmLint.Cli.Model;

namespace LlmLint.Cli.Diff;

/// <summary>What a change adds or removes in estimated monthly spend, per call site.</summary>
internal sealed class ReportDiff
{
    public string Baseline { get; set; } = "";
    public string Current { get; set; } = "";
    public decimal BaselineMonthlyUsd { get; set; }
    public decimal CurrentMonthlyUsd { get; set; }
    public decimal DeltaMonthlyUsd { get; set; }
    /// <summary>Call sites of the baseline with an unknown or unresolved model (not in <see cref="BaselineMonthlyUsd"/>).</summary>
    public int BaselineUnpricedCallSites { get; set; }
    /// <summary>Call sites of the current report with an unknown or unresolved model (not in <see cref="CurrentMonthlyUsd"/>).</summary>
    public int CurrentUnpricedCallSites { get; set; }
    public List<CallSiteChange> Changes { get; set; } = new();
    /// <summary>Findings of the current report that the baseline does not have.</summary>
    public List<Finding> NewFindings { get; set; } = new();
    public int ResolvedFindings { get; set; }
}

internal sealed class CallSiteChange
{
    /// <summary>"added", "removed" or "changed".</summary>
    public string Kind { get; set; } = "";
    public string Id { get; set; } = "";
    public string Method { get; set; } = "";
    public string? BaselineModel { get; set; }
    public string? CurrentModel { get; set; }
    /// <summary>Whether the baseline priced the site (null when the site is added).</summary>
    public bool? BaselinePriced { get; set; }
    /// <summary>Whether the current report prices the site (null when the site is removed).</summary>
    public bool? CurrentPriced { get; set; }
    public decimal BaselineMonthlyUsd { get; set; }
    public decimal CurrentMonthlyUsd { get; set; }
    public decimal DeltaMonthlyUsd { get; set; }
    public string Summary { get; set; } = "";
    public string? File { get; set; }
    public int Line { get; set; }
}

internal static class ReportDiffer
{
    /// <summary>A call site whose model and pricing stay and whose spend moves by less than this per month is not a change.</summary>
    public const decimal MinimumChangeUsd = 0.01m;

    public static ReportDiff Compare(Report baseline, Report current, string baselineName, string currentName)
    {
        var diff = new ReportDiff
        {
            Baseline = baselineName,
            Current = currentName,
            BaselineMonthlyUsd = ReportBuilder.PricedMonthlyUsd(baseline.CallSites),
            CurrentMonthlyUsd = ReportBuilder.PricedMonthlyUsd(current.CallSites),
            BaselineUnpricedCallSites = baseline.CallSites.Count(s => !s.Priced),
            CurrentUnpricedCallSites = current.CallSites.Count(s => !s.Priced),
        };
        diff.DeltaMonthlyUsd = diff.CurrentMonthlyUsd - diff.BaselineMonthlyUsd;

        var before = new Dictionary<string, CallSite>(StringComparer.Ordinal);
        foreach (var s in baseline.CallSites)
        {
            before.TryAdd(s.Id, s);
        }

        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var now in current.CallSites)
        {
            if (!before.TryGetValue(now.Id, out var was))
            {
                diff.Changes.Add(Change("added", null, now));
                continue;
            }

            matched.Add(now.Id);
            var modelChanged = !string.Equals(was.Model, now.Model, StringComparison.Ordinal);
            if (modelChanged || was.Priced != now.Priced || Math.Abs(now.MonthlyUsd - was.MonthlyUsd) >= MinimumChangeUsd)
            {
                diff.Changes.Add(Change("changed", was, now));
            }
        }

        foreach (var was in baseline.CallSites)
        {
            if (!matched.Contains(was.Id) && !current.CallSites.Any(c => c.Id == was.Id))
            {
                diff.Changes.Add(Change("removed", was, null));
            }
        }

        diff.Changes.Sort(static (a, b) =>
        {
            var c = Math.Abs(b.DeltaMonthlyUsd).CompareTo(Math.Abs(a.DeltaMonthlyUsd));
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });

        var oldKeys = new HashSet<string>(baseline.Findings.Select(FindingKey), StringComparer.Ordinal);
        var newKeys = new HashSet<string>(current.Findings.Select(FindingKey), StringComparer.Ordinal);
        diff.NewFindings = current.Findings.Where(f => !oldKeys.Contains(FindingKey(f))).ToList();
        diff.ResolvedFindings = baseline.Findings.Count(f => !newKeys.Contains(FindingKey(f)));
        return diff;
    }

    /// <summary>A finding is the same across reports when its rule, call site (or file) and message are.</summary>
    internal static string FindingKey(Finding f)
        => f.RuleId + "|" + (f.CallSiteId ?? f.File ?? "") + "|" + f.Message;

    private static CallSiteChange Change(string kind, CallSite? was, CallSite? now)
    {
        var site = (now ?? was)!;
        var change = new CallSiteChange
        {
            Kind = kind,
            Id = site.Id,
            Method = site.Method,
            BaselineModel = was?.Model,
            CurrentModel = now?.Model,
            BaselinePriced = was?.Priced,
            CurrentPriced = now?.Priced,
            BaselineMonthlyUsd = was?.MonthlyUsd ?? 0,
            CurrentMonthlyUsd = now?.MonthlyUsd ?? 0,
            File = site.File,
            Line = site.Line,
        };
        change.DeltaMonthlyUsd = change.CurrentMonthlyUsd - change.BaselineMonthlyUsd;
        var name = site.DisplayName + (site.Ordinal > 0 ? string.Create(CultureInfo.InvariantCulture, $" (call {site.Ordinal + 1})") : "");
        var delta = Money.Delta(change.DeltaMonthlyUsd) + "/month: ";
        change.Summary = kind switch
        {
            "added" when !now!.Priced => $"not priced: {name} adds a call to {ModelName(now.Model)}, whose price is not known",
            "added" => delta + $"{name} adds a call to {ModelName(now.Model)}",
            "removed" when !was!.Priced => $"not priced: {name} no longer calls {ModelName(was.Model)}, whose price was not known",
            "removed" => delta + $"{name} no longer calls {ModelName(was.Model)}",
            _ when was!.Priced && !now!.Priced
                => $"no longer priced: {name} moved from {ModelName(was.Model)} ({Money.Usd(was.MonthlyUsd)}/month) to {ModelName(now.Model)}, whose price is not known; its spend left the total",
            _ when !was!.Priced && now!.Priced
                => delta + $"{name} is now priced: {ModelName(was.Model)} → {ModelName(now.Model)}",
            _ when !string.Equals(was!.Model, now!.Model, StringComparison.Ordinal)
                => delta + $"{name} moved from {ModelName(was.Model)} to {ModelName(now.Model)}",
            _ => delta + $"{name} on {ModelName(now.Model)}: {Why(was, now)}",
        };
        return change;
    }

    private static string Why(CallSite was, CallSite now)
    {
        var parts = new List<string>();
        if (was.CallsPerDay != now.CallsPerDay)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"calls/day {was.CallsPerDay:#,0.##} → {now.CallsPerDay:#,0.##}"));
        }

        if (was.InputTokens != now.InputTokens || was.OutputTokens != now.OutputTokens)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tokens in/out {was.InputTokens:#,0}/{was.OutputTokens:#,0} → {now.InputTokens:#,0}/{now.OutputTokens:#,0}"));
        }

        if (parts.Count == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cost per call {Money.Usd(was.CostPerCallUsd)} → {Money.Usd(now.CostPerCallUsd)}"));
        }

        return string.Join(", ", parts);
    }

    private static string ModelName(string model) => model.Length == 0 ? "an unresolved model" : model;
}
