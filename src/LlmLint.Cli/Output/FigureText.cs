using LlmLint.Cli.Model;

namespace LlmLint.Cli.Output;

/// <summary>
/// How every report marks a call site's figures as measured (the cost ledger), code (stated in the source) or assumed
/// (a default, an option, a tier's stand-in model, a token estimate).
/// </summary>
internal static class FigureText
{
    public static string Volume(CallSite s)
        => string.Create(CultureInfo.InvariantCulture, $"{s.CallsPerDay:#,0.##}");

    public static string Tokens(CallSite s)
        => string.Create(CultureInfo.InvariantCulture, $"{s.InputTokens:#,0}/{s.OutputTokens:#,0}");

    /// <summary>"measured: ledger: 120 call(s) over 1 day(s)", "assumed: default 1,000/day".</summary>
    public static string VolumeBasis(CallSite s) => Label(s.Basis.Volume, s.Basis.VolumeNote);

    /// <summary>"measured: gpt-4o-mini 80%, gpt-4o 20%", "assumed: stand-in model of the Small tier", "code".</summary>
    public static string ModelBasis(CallSite s) => Label(s.Basis.Model, s.Basis.ModelNote);

    public static string TokensBasis(CallSite s) => Label(s.Basis.Tokens, s.Basis.Tokens == FigureBasis.Measured ? "ledger means" : "estimate");

    /// <summary>How many sites have each figure measured, for the report's header line.</summary>
    public static string Summary(Report report)
    {
        int sites = report.CallSites.Count;
        int volume = report.CallSites.Count(s => s.Basis.Volume == FigureBasis.Measured);
        int model = report.CallSites.Count(s => s.Basis.Model == FigureBasis.Measured);
        int tokens = report.CallSites.Count(s => s.Basis.Tokens == FigureBasis.Measured);
        string source = report.Usage is { } u
            ? string.Create(CultureInfo.InvariantCulture, $" from {u.Path} ({u.Days:#,0.##} day(s) of traffic)")
            : " (no usage export: run 'llmlint scan --usage usage.json' to price from recorded traffic)";
        return string.Create(CultureInfo.InvariantCulture,
            $"Measured{source}: volume of {volume} of {sites} call site(s), model of {model}, tokens of {tokens}; every other figure is read from code or assumed, as marked.");
    }

    private static string Label(string basis, string? note) => note is { Length: > 0 } ? basis + ": " + note : basis;
}
