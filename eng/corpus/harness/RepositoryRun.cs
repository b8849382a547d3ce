namespace LlmLint.Corpus;

/// <summary>What measuring one repository produced.</summary>
internal sealed record RepositoryRun(
    Repository Repository, string Status, IReadOnlyList<ProjectRun> Projects,
    IReadOnlyList<(string File, Finding Finding)> Findings, ISet<string> AnalysedFiles);

/// <summary>What compiling and analysing one labelled project produced.</summary>
internal sealed record ProjectRun(string Project, BuildMode Mode, string Note, int CompileErrors, IReadOnlyList<string> FirstCompileErrors, int AnalyzerExceptions, IReadOnlyList<string> ExceptionSamples, int GeneratorFailures);

/// <summary>Checks out nothing: verifies the pinned commit, prepares each labelled project and analyses it.</summary>
internal static class RepositoryRunner
{
    public static async Task<RepositoryRun> RunAsync(Repository repository, Options options, string analyzerPath, Action<string> log, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.Mirror, repository.FolderName);
        var head = Checkout.Head(directory);
        if (head is null)
        {
            return new RepositoryRun(repository, $"missing: no git checkout at {directory}", [], [], new HashSet<string>());
        }

        if (!string.Equals(head, repository.Commit, StringComparison.OrdinalIgnoreCase))
        {
            return new RepositoryRun(repository, $"not at the pinned commit (HEAD {head[..12]}, pinned {repository.Commit[..12]}); run eng/corpus/fetch.sh", [], [], new HashSet<string>());
        }

        var projects = new List<ProjectRun>();
        var findings = new Dictionary<(string, int, string), (string, Finding)>();
        var analysed = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var project in repository.Projects)
        {
            var work = Path.Combine(options.Work, repository.FolderName, (index++).ToString(System.Globalization.CultureInfo.InvariantCulture));
            var prepared = ProjectBuild.Prepare(directory, project, work, log);
            if (prepared.Inputs is null)
            {
                projects.Add(new ProjectRun(project, prepared.Mode, prepared.Note, 0, [], 0, [], 0));
                continue;
            }

            var result = await CompilationAnalysis.RunAsync(prepared.Inputs, analyzerPath, options.Timing, cancellationToken);
            if (result.AnalyzerTimes.Count > 0)
            {
                var total = result.AnalyzerTimes.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Time);
                log($"    {project}: LlmLint analyzer time {total.TotalMilliseconds:F0} ms ({string.Join(", ", result.AnalyzerTimes.OrderByDescending(t => t.Time).Select(t => $"{t.Analyzer} {t.Time.TotalMilliseconds:F0} ms"))})");
            }

            projects.Add(new ProjectRun(project, prepared.Mode, prepared.Note, result.CompileErrors, result.FirstCompileErrors, result.AnalyzerExceptions, result.ExceptionSamples, result.GeneratorFailures));
            var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(Path.Combine(directory, project)))! + Path.DirectorySeparatorChar;
            foreach (var source in prepared.Inputs.Sources.Where(s => s.StartsWith(projectDirectory, StringComparison.Ordinal)))
            {
                analysed.Add(Relative(directory, source));
            }

            foreach (var finding in result.Findings.Where(f => f.File.StartsWith(projectDirectory, StringComparison.Ordinal)))
            {
                var file = Relative(directory, finding.File);
                findings.TryAdd((file, finding.Line, finding.RuleId + "|" + finding.Message), (file, finding));
            }
        }

        var status = projects.All(p => p.Mode == BuildMode.Failed) ? "not compiled" : "measured";
        return new RepositoryRun(repository, status, projects, findings.Values.ToList(), analysed);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');
}
