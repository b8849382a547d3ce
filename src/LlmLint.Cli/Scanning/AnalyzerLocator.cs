namespace LlmLint.Cli.Scanning;

/// <summary>Finds the LlmLint.Analyzers.dll a scan injects into the build.</summary>
internal static class AnalyzerLocator
{
    public const string FileName = "LlmLint.Analyzers.dll";

    /// <summary>Environment variable that points the scan at another analyzer assembly.</summary>
    public const string EnvironmentVariable = "LLMLINT_ANALYZER_PATH";

    /// <summary>
    /// Order: the explicit path (<c>--analyzer</c>), <c>LLMLINT_ANALYZER_PATH</c>, <c>analyzers/</c> beside llmlint.dll
    /// (the tool package), then the analyzers project's build output when llmlint runs from a source checkout.
    /// </summary>
    public static string Locate(string? explicitPath)
    {
        var requested = explicitPath ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(requested))
        {
            if (!File.Exists(requested))
            {
                throw new CliException(ExitCodes.BadInput, $"The analyzer assembly '{requested}' does not exist.");
            }

            return Path.GetFullPath(requested);
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, "analyzers", FileName);
        if (File.Exists(shipped))
        {
            return shipped;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var bin = Path.Combine(dir.FullName, "src", "LlmLint.Analyzers", "bin");
            if (!Directory.Exists(bin))
            {
                continue;
            }

            string? newest = null;
            var newestTime = DateTime.MinValue;
            foreach (var candidate in Directory.EnumerateFiles(bin, FileName, SearchOption.AllDirectories))
            {
                var time = File.GetLastWriteTimeUtc(candidate);
                if (time > newestTime)
                {
                    newest = candidate;
                    newestTime = time;
                }
            }

            if (newest is not null)
            {
                return newest;
            }
        }

        throw new CliException(ExitCodes.ToolError, $"Cannot find {FileName}: expected it in '{Path.GetDirectoryName(shipped)}'. Reinstall llmlint, or set {EnvironmentVariable}.");
    }
}
