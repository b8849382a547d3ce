namespace LlmLint.Corpus;

/// <summary>True/false positives and false negatives of one rule, with precision and recall.</summary>
internal sealed record RuleScore(string Rule, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    public double? Recall => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>A labelled site with what the analyzers said about it.</summary>
internal sealed record SiteOutcome(Label Label, bool Analysed, Finding? CallSite, IReadOnlySet<string> Reported)
{
    /// <summary>LLM2000 on the site names a model id.</summary>
    public bool ModelResolved => !string.IsNullOrEmpty(ResolvedModel);

    public string ResolvedModel => CallSite is not null && CallSite.Properties.TryGetValue("ModelId", out var id) ? id ?? "" : "";
}

/// <summary>
/// Matches diagnostics to labels by repository file and line (±2 lines) and computes the figures. A diagnostic of a
/// rule counts as a false positive when no label within ±2 lines of it expects that rule (whether or not a labelled site
/// is there); a label expecting a rule with no such diagnostic within ±2 lines is a false negative.
/// </summary>
internal static class Scoring
{
    public const int LineTolerance = 2;

    public static readonly string[] Rules = ["LLM2001", "LLM2003"];

    public static bool Near(int a, int b) => Math.Abs(a - b) <= LineTolerance;

    /// <summary>Outcome of every label of a repository given the findings in its labelled projects (paths repository-relative).</summary>
    public static List<SiteOutcome> Outcomes(IEnumerable<Label> labels, IReadOnlyList<(string File, Finding Finding)> findings, ISet<string> analysedFiles)
    {
        var result = new List<SiteOutcome>();
        foreach (var label in labels)
        {
            var near = findings.Where(f => f.File == label.File && Near(f.Finding.Line, label.Line)).Select(f => f.Finding).ToList();
            var callSite = near.Where(f => f.RuleId == "LLM2000").OrderBy(f => Math.Abs(f.Line - label.Line)).FirstOrDefault();
            result.Add(new SiteOutcome(label, analysedFiles.Contains(label.File), callSite, near.Select(f => f.RuleId).ToHashSet(StringComparer.Ordinal)));
        }

        return result;
    }

    /// <summary>The score of <paramref name="rule"/>; <paramref name="siteFilter"/> restricts both labels and diagnostics to some sites.</summary>
    public static RuleScore Score(
        string rule, IReadOnlyList<SiteOutcome> outcomes, IReadOnlyList<(string Repository, string File, Finding Finding)> findings,
        Func<SiteOutcome, bool>? siteFilter = null)
    {
        var considered = outcomes.Where(o => o.Analysed && (siteFilter is null || siteFilter(o))).ToList();
        var tp = considered.Count(o => o.Label.Expect.Contains(rule) && o.Reported.Contains(rule));
        var fn = considered.Count(o => o.Label.Expect.Contains(rule) && !o.Reported.Contains(rule));
        var fp = 0;
        foreach (var (repository, file, finding) in findings.Where(f => f.Finding.RuleId == rule))
        {
            var sites = outcomes.Where(o => o.Label.Repository == repository && o.Label.File == file && Near(o.Label.Line, finding.Line)).ToList();
            if (siteFilter is not null && !sites.Any(siteFilter))
            {
                continue;
            }

            if (!sites.Any(o => o.Label.Expect.Contains(rule)))
            {
                fp++;
            }
        }

        return new RuleScore(rule, tp, fp, fn);
    }
}
