namespace LlmLint.Corpus;

/// <summary>Finds the LlmLint.Analyzers.dll to measure: the given folder, else a Release build of this checkout's analyzers.</summary>
internal static class AnalyzerAssembly
{
    private const string FileName = "LlmLint.Analyzers.dll";

    public static string Locate(string? folder, string repositoryRoot, Action<string> log)
    {
        if (folder is not null)
        {
            var path = File.Exists(folder) ? folder : Path.Combine(folder, FileName);
            return File.Exists(path) ? Path.GetFullPath(path) : throw new HarnessException($"No {FileName} in '{folder}' (--analyzers takes the folder that holds it).");
        }

        var project = Path.Combine(repositoryRoot, "src", "LlmLint.Analyzers", "LlmLint.Analyzers.csproj");
        if (!File.Exists(project))
        {
            throw new HarnessException($"Cannot find '{project}'; run the harness from an LlmLint checkout or pass --analyzers.");
        }

        log($"Building {project} (Release)…");
        var (code, output) = ProcessRunner.Dotnet(["build", project, "-c", "Release", "-nologo", "-v:q", "-nodeReuse:false", "-clp:ErrorsOnly"], repositoryRoot, TimeSpan.FromMinutes(10));
        if (code != 0)
        {
            throw new HarnessException($"The analyzers did not build:{Environment.NewLine}{output.Trim()}");
        }

        var bin = Path.Combine(repositoryRoot, "src", "LlmLint.Analyzers", "bin", "Release");
        return Directory.EnumerateFiles(bin, FileName, SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            ?? throw new HarnessException($"The analyzers built but no {FileName} is under '{bin}'.");
    }

    /// <summary>The LlmLint checkout that holds the harness (the folder with LlmLint.sln above the working directory or the binary).</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LlmLint.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new HarnessException("Cannot find the LlmLint checkout (no LlmLint.sln above the working directory).");
    }
}
