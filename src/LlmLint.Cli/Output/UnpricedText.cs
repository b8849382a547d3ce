namespace LlmLint.Cli.Output;

/// <summary>
/// How every output names call sites that are not priced (unknown or unresolved model): counted next to the total,
/// never added as $0.
/// </summary>
internal static class UnpricedText
{
    /// <summary>"3 call sites are not priced", "1 call site is not priced".</summary>
    public static string Sentence(int count)
        => count == 1
            ? "1 call site is not priced"
            : string.Create(CultureInfo.InvariantCulture, $"{count} call sites are not priced");

    /// <summary>"; 3 call sites are not priced (unknown or unresolved model)", or "" when every site is priced.</summary>
    public static string Suffix(int count)
        => count == 0 ? "" : "; " + Sentence(count) + " (unknown or unresolved model)";

    /// <summary>"; 3 call sites are not priced (1 in the baseline)", or "" when both reports price every site.</summary>
    public static string DiffSuffix(Diff.ReportDiff diff)
        => diff.CurrentUnpricedCallSites == 0 && diff.BaselineUnpricedCallSites == 0
            ? ""
            : "; " + Sentence(diff.CurrentUnpricedCallSites)
                + string.Create(CultureInfo.InvariantCulture, $" ({diff.BaselineUnpricedCallSites} in the baseline)");

    /// <summary>What a table cell shows for the cost of an unpriced call site.</summary>
    public const string Cell = "not priced";
}
