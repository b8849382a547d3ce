namespace LlmLint.Corpus;

/// <summary>How a labelled project was compiled.</summary>
internal enum BuildMode
{
    /// <summary>The repository's own project restored and reached its compile step.</summary>
    Own,

    /// <summary>The repository's project did not restore from the feed; a generated project compiled its sources.</summary>
    Fallback,

    /// <summary>Neither reached the compile step.</summary>
    Failed,
}

/// <summary>The outcome of preparing one labelled project.</summary>
internal sealed record PreparedProject(string Project, BuildMode Mode, CompilerInputs? Inputs, string Note);

/// <summary>
/// Restores and builds a labelled project with the input-capturing target injected: first the repository's own project,
/// then, when that does not restore (the feed serves only some packages and versions), a <see cref="FallbackProject"/>.
/// </summary>
internal static class ProjectBuild
{
    /// <summary>Package downgrades and near-version matches are errors in some repositories; here they must not stop the restore.</summary>
    private const string NuGetWarnings = "-p:WarningsNotAsErrors=NU1605%3BNU1603%3BNU1608%3BNU1701";

    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(10);

    public static PreparedProject Prepare(string repositoryDirectory, string project, string workDirectory, Action<string> log)
    {
        var projectPath = Path.GetFullPath(Path.Combine(repositoryDirectory, project));
        if (!File.Exists(projectPath))
        {
            return new PreparedProject(project, BuildMode.Failed, null, $"project file '{project}' does not exist at the pinned commit");
        }

        var reused = Reuse(workDirectory, projectPath);
        if (reused is not null)
        {
            log($"    {project}: reusing the inputs captured in {workDirectory}");
            return reused;
        }

        var own = TryBuild(projectPath, projectPath, Path.Combine(workDirectory, "own"), log);
        if (own.Inputs is not null)
        {
            return new PreparedProject(project, BuildMode.Own, own.Inputs, own.Note);
        }

        log($"    own project: {own.Note}; generating a fallback project");
        var packages = FallbackProject.RepositoryPackages(projectPath);
        var fallbackDir = Path.Combine(workDirectory, "fallback");
        string lastNote = "";
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var generated = FallbackProject.Write(fallbackDir, projectPath, packages);
            var result = TryBuild(generated, generated, Path.Combine(workDirectory, $"fallback-{attempt}"), log, out var restoreOutput, skipCompiler: true);
            if (result.Inputs is not null)
            {
                var dropped = FallbackProject.RepositoryPackages(projectPath).Keys.Count(k => !packages.ContainsKey(k));
                return new PreparedProject(project, BuildMode.Fallback, result.Inputs,
                    $"own project: {own.Note}; fallback with {packages.Count} repository package(s) ({dropped} not served, left out)");
            }

            lastNote = result.Note;
            if (!FallbackProject.Adjust(packages, restoreOutput))
            {
                if (packages.Count == 0)
                {
                    break;
                }

                packages.Clear();
            }
        }

        return new PreparedProject(project, BuildMode.Failed, null, $"own project: {own.Note}; fallback: {lastNote}");
    }

    /// <summary>
    /// Inputs an earlier run captured in this work folder (<c>--work</c> reused): the compile inputs of the repository's
    /// files do not change at a pinned commit, so a rerun with other analyzers only needs the analysis.
    /// </summary>
    private static PreparedProject? Reuse(string workDirectory, string projectPath)
    {
        var own = CompilerInputs.Find(Path.Combine(workDirectory, "own", "inputs"), projectPath);
        if (own is not null)
        {
            return new PreparedProject(Path.GetFileName(projectPath), BuildMode.Own, own, "own project (inputs reused)");
        }

        var fallbacks = Directory.Exists(workDirectory) ? Directory.EnumerateDirectories(workDirectory, "fallback-*").OrderBy(d => d, StringComparer.Ordinal) : Enumerable.Empty<string>();
        foreach (var dir in fallbacks)
        {
            var generated = Path.Combine(workDirectory, "fallback", Path.GetFileNameWithoutExtension(projectPath) + ".Fallback.csproj");
            var inputs = CompilerInputs.Find(Path.Combine(dir, "inputs"), generated);
            if (inputs is not null)
            {
                return new PreparedProject(Path.GetFileName(projectPath), BuildMode.Fallback, inputs, "fallback project (inputs reused)");
            }
        }

        return null;
    }

    private static (CompilerInputs? Inputs, string Note) TryBuild(string projectPath, string capturedProject, string workDirectory, Action<string> log)
        => TryBuild(projectPath, capturedProject, workDirectory, log, out _, skipCompiler: false);

    /// <param name="skipCompiler">The generated fallback project has no project references, so its build can stop at the capture.</param>
    private static (CompilerInputs? Inputs, string Note) TryBuild(string projectPath, string capturedProject, string workDirectory, Action<string> log, out string restoreOutput, bool skipCompiler)
    {
        Directory.CreateDirectory(workDirectory);
        var directory = Path.GetDirectoryName(projectPath)!;
        var (restoreCode, restore) = ProcessRunner.Dotnet(["restore", projectPath, "-nologo", "-v:q", "-nodeReuse:false", "--disable-build-servers", "-p:WarningsAsErrors=", "-p:TreatWarningsAsErrors=false", NuGetWarnings], directory, RestoreTimeout);
        restoreOutput = restore;
        if (restoreCode != 0)
        {
            return (null, "restore failed: " + FirstError(restore));
        }

        var captureDirectory = Path.Combine(workDirectory, "inputs");
        Directory.CreateDirectory(captureDirectory);
        var targets = Path.Combine(workDirectory, "capture.targets");
        File.WriteAllText(targets, CompilerInputs.TargetsFile(captureDirectory));
        string[] common = ["build", projectPath, "--no-restore", "--no-incremental", "-nologo", "-v:q", "-nodeReuse:false", "--disable-build-servers",
            "-p:CustomBeforeMicrosoftCommonTargets=" + targets, "-p:TreatWarningsAsErrors=false", "-p:WarningsAsErrors=", NuGetWarnings, "-p:SkipCompilerExecution=" + (skipCompiler ? "true" : "false")];
        var (code, output) = ProcessRunner.Dotnet(common, directory, BuildTimeout);
        var inputs = CompilerInputs.Find(captureDirectory, capturedProject);
        if (inputs is null)
        {
            // A referenced project that does not compile stops the build before this project's compile step.
            (code, output) = ProcessRunner.Dotnet([.. common, "-p:BuildProjectReferences=false"], directory, BuildTimeout);
            inputs = CompilerInputs.Find(captureDirectory, capturedProject);
        }

        log($"    {Path.GetFileName(projectPath)}: restore ok, build exit {code}{(inputs is null ? ", compile step not reached" : "")}");
        return (inputs, inputs is null ? "compile step not reached: " + FirstError(output) : code == 0 ? "built" : "compile errors");
    }

    private static string FirstError(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? output.Trim();
        return line.Length > 200 ? line[..200] : line;
    }
}
