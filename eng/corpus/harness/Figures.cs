using System.Globalization;

namespace LlmLint.Corpus;

/// <summary>The figures the harness prints and writes to --json.</summary>
internal sealed record Figures(
    IReadOnlyList<RuleScore> Scores,
    RuleScore Llm2001Resolved,
    int Labelled, int Analysed, int Recognised, int Resolved,
    int ConfigBound, int ConfigBoundResolved, int ConfigBoundMatching,
    int AnalyzerExceptions, IReadOnlyList<SiteOutcome> Outcomes, TimeSpan Elapsed, string Analyzer)
{
    public static Figures Compute(IReadOnlyList<Label> labels, IReadOnlyList<RepositoryRun> runs, TimeSpan elapsed, string analyzer)
    {
        var outcomes = new List<SiteOutcome>();
        var findings = new List<(string Repository, string File, Finding Finding)>();
        foreach (var run in runs)
        {
            outcomes.AddRange(Scoring.Outcomes(labels.Where(l => l.Repository == run.Repository.Name), run.Findings, run.AnalysedFiles));
            findings.AddRange(run.Findings.Select(f => (run.Repository.Name, f.File, f.Finding)));
        }

        var scores = Scoring.Rules.Select(rule => Scoring.Score(rule, outcomes, findings)).ToList();
        var resolved2001 = Scoring.Score("LLM2001", outcomes, findings, o => o.ModelResolved);
        var analysed = outcomes.Where(o => o.Analysed).ToList();
        var configBound = analysed.Where(o => o.Label.IsConfigurationBoundInRepo).ToList();
        return new Figures(
            scores, resolved2001, labels.Count, analysed.Count, analysed.Count(o => o.CallSite is not null), analysed.Count(o => o.ModelResolved),
            configBound.Count, configBound.Count(o => o.ModelResolved),
            configBound.Count(o => o.ModelResolved && string.Equals(o.ResolvedModel, o.Label.Model, StringComparison.OrdinalIgnoreCase)),
            runs.SelectMany(r => r.Projects).Sum(p => p.AnalyzerExceptions), outcomes, elapsed, analyzer);
    }

    public static void Print(Figures f, IReadOnlyList<RepositoryRun> runs, TextWriter o)
    {
        o.WriteLine();
        o.WriteLine("Repositories");
        foreach (var run in runs)
        {
            o.WriteLine($"  {run.Repository.Name,-48} {run.Status}");
            foreach (var p in run.Projects)
            {
                o.WriteLine($"    {p.Project}: {Mode(p.Mode)}, {p.CompileErrors} compile error(s){(p.GeneratorFailures > 0 ? $", {p.GeneratorFailures} generator failure(s)" : "")}{(p.Mode == BuildMode.Failed ? " - " + p.Note : "")}");
            }
        }

        o.WriteLine();
        o.WriteLine($"Labelled sites: {f.Labelled}; in a compiled file: {f.Analysed}; with an LLM2000 call-site diagnostic: {f.Recognised}");
        o.WriteLine();
        o.WriteLine("Rule      TP   FP   FN   precision  recall");
        foreach (var s in f.Scores)
        {
            o.WriteLine(Row(s.Rule, s));
        }

        o.WriteLine(Row("LLM2001*", f.Llm2001Resolved));
        o.WriteLine("  * labelled sites whose model resolves (LLM2000 on the site names a model id)");
        o.WriteLine();
        o.WriteLine($"Model resolution: {f.Resolved}/{f.Analysed} labelled sites ({Percent(f.Resolved, f.Analysed)})");
        o.WriteLine($"Configuration-bound models held in the repository (configuration/options/aspire/di-registration): resolved {f.ConfigBoundResolved}/{f.ConfigBound} ({Percent(f.ConfigBoundResolved, f.ConfigBound)}), to the labelled value {f.ConfigBoundMatching}/{f.ConfigBound} ({Percent(f.ConfigBoundMatching, f.ConfigBound)})");
        o.WriteLine($"Analyzer exceptions (AD0001 and driver-reported crashes): {f.AnalyzerExceptions}");
        foreach (var sample in runs.SelectMany(r => r.Projects).SelectMany(p => p.ExceptionSamples).Distinct().Take(5))
        {
            o.WriteLine($"  {sample}");
        }

        o.WriteLine($"Compiled with the repository's own project: {runs.SelectMany(r => r.Projects).Count(p => p.Mode == BuildMode.Own)}, with the fallback project: {runs.SelectMany(r => r.Projects).Count(p => p.Mode == BuildMode.Fallback)}, not compiled: {runs.SelectMany(r => r.Projects).Count(p => p.Mode == BuildMode.Failed)}");
        o.WriteLine($"Elapsed: {f.Elapsed.TotalMinutes:0.0} min; analyzers: {f.Analyzer}");
    }

    public object ToJson(IReadOnlyList<RepositoryRun> runs) => new
    {
        generatedAt = DateTimeOffset.UtcNow,
        analyzer = Analyzer,
        elapsedSeconds = Math.Round(Elapsed.TotalSeconds, 1),
        labelled = Labelled,
        analysed = Analysed,
        recognised = Recognised,
        rules = Scores.Select(JsonScore).Append(JsonScore(Llm2001Resolved with { Rule = "LLM2001-resolved" })),
        modelResolution = new { resolved = Resolved, of = Analysed, rate = Rate(Resolved, Analysed) },
        configurationBoundInRepository = new { resolved = ConfigBoundResolved, matching = ConfigBoundMatching, of = ConfigBound, rate = Rate(ConfigBoundResolved, ConfigBound) },
        analyzerExceptions = AnalyzerExceptions,
        repositories = runs.Select(r => new
        {
            repository = r.Repository.Name,
            status = r.Status,
            projects = r.Projects.Select(p => new { project = p.Project, mode = p.Mode.ToString().ToLowerInvariant(), compileErrors = p.CompileErrors, analyzerExceptions = p.AnalyzerExceptions, generatorFailures = p.GeneratorFailures, note = p.Note, firstCompileErrors = p.FirstCompileErrors, exceptions = p.ExceptionSamples }),
        }),
        findings = runs.SelectMany(r => r.Findings.Where(f => Scoring.Rules.Contains(f.Finding.RuleId)).Select(f => new
        {
            repository = r.Repository.Name, file = f.File, line = f.Finding.Line, rule = f.Finding.RuleId, message = f.Finding.Message,
        })),
        sites = Outcomes.Select(s => new
        {
            repository = s.Label.Repository, file = s.Label.File, line = s.Label.Line, expect = s.Label.Expect.OrderBy(x => x),
            analysed = s.Analysed, reported = s.Reported.OrderBy(x => x), resolvedModel = s.ResolvedModel, labelledModel = s.Label.Model,
            callSite = s.CallSite?.Properties,
        }),
    };

    private static object JsonScore(RuleScore s) => new { rule = s.Rule, tp = s.TruePositives, fp = s.FalsePositives, fn = s.FalseNegatives, precision = s.Precision, recall = s.Recall };

    private static string Row(string name, RuleScore s)
        => $"{name,-9}{s.TruePositives,3}  {s.FalsePositives,3}  {s.FalseNegatives,3}   {Fmt(s.Precision),9}  {Fmt(s.Recall),6}";

    private static string Mode(BuildMode mode) => mode switch
    {
        BuildMode.Own => "own project",
        BuildMode.Fallback => "fallback project",
        _ => "not compiled",
    };

    private static string Fmt(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 3);

    private static string Percent(int part, int whole) => whole == 0 ? "n/a" : ((double)part / whole).ToString("0%", CultureInfo.InvariantCulture);
}
