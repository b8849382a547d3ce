using System.Security;

namespace LlmLint.Cli.Scanning;

/// <summary>What <c>llmlint scan &lt;path&gt;</c> builds: a solution, a project, or the projects under a directory.</summary>
internal sealed record ScanTarget(string Path, string BuildFile, string Directory, bool Generated)
{
    private static readonly string[] SolutionExtensions = [".sln", ".slnx", ".slnf"];
    private static readonly string[] ProjectExtensions = [".csproj", ".vbproj", ".fsproj"];

    /// <summary>Resolves <paramref name="path"/>; a directory without one solution or project gets a temporary .slnx in <paramref name="workDirectory"/>.</summary>
    public static ScanTarget Resolve(string path, string workDirectory)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var ext = System.IO.Path.GetExtension(full).ToLowerInvariant();
            if (!SolutionExtensions.Contains(ext) && !ProjectExtensions.Contains(ext))
            {
                throw new CliException(ExitCodes.BadInput, $"'{path}' is not a solution (.sln, .slnx) or project (.csproj) file.");
            }

            return new ScanTarget(path, full, System.IO.Path.GetDirectoryName(full)!, false);
        }

        if (!System.IO.Directory.Exists(full))
        {
            throw new CliException(ExitCodes.BadInput, $"The path '{path}' does not exist.");
        }

        var solutions = Files(full, SolutionExtensions, SearchOption.TopDirectoryOnly);
        if (solutions.Count == 1)
        {
            return new ScanTarget(path, solutions[0], full, false);
        }

        if (solutions.Count > 1)
        {
            throw new CliException(ExitCodes.BadInput, $"'{path}' holds several solutions ({string.Join(", ", solutions.Select(System.IO.Path.GetFileName))}); pass the one to scan.");
        }

        var projects = Files(full, ProjectExtensions, SearchOption.TopDirectoryOnly);
        if (projects.Count == 1)
        {
            return new ScanTarget(path, projects[0], full, false);
        }

        projects = Files(full, ProjectExtensions, SearchOption.AllDirectories)
            .Where(p => !IsIgnored(System.IO.Path.GetRelativePath(full, p)))
            .ToList();
        if (projects.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"'{path}' contains no solution or project file.");
        }

        // Several projects and no solution: build them all through a temporary solution outside the user's tree.
        System.IO.Directory.CreateDirectory(workDirectory);
        var slnx = System.IO.Path.Combine(workDirectory, "llmlint-scan.slnx");
        var lines = new List<string> { "<Solution>" };
        lines.AddRange(projects.Select(p => $"  <Project Path=\"{SecurityElement.Escape(p)}\" />"));
        lines.Add("</Solution>");
        File.WriteAllLines(slnx, lines);
        return new ScanTarget(path, slnx, full, true);
    }

    private static List<string> Files(string directory, string[] extensions, SearchOption option)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = option == SearchOption.AllDirectories, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive };
        return System.IO.Directory.EnumerateFiles(directory, "*", options)
            .Where(f => extensions.Contains(System.IO.Path.GetExtension(f).ToLowerInvariant()))
            .OrderBy(f => f, StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsIgnored(string relative)
    {
        foreach (var part in relative.Split(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar))
        {
            if (part is "bin" or "obj" or "node_modules" || part.StartsWith('.'))
            {
                return true;
            }
        }

        return false;
    }
}
