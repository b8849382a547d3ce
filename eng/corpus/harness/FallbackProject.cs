using System.Security;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmLint.Build;

namespace LlmLint.Corpus;

/// <summary>
/// A project generated in a temporary folder when a repository's own project does not restore from the feed: it compiles
/// the project's .cs files (and those of the projects it references) for net10.0 against the SDK packages the feed
/// serves, the ASP.NET Core framework when the project is a web project, the other packages the project names (at its
/// versions where the feed has them, else the nearest one NuGet reports), and the project's configuration files as
/// AdditionalFiles (the items of the analyzers package's targets).
/// </summary>
internal static partial class FallbackProject
{
    /// <summary>The LLM SDK packages at the versions the feed serves (Semantic Kernel 1.82 needs Azure.AI.OpenAI 2.9 beta).</summary>
    public static readonly IReadOnlyDictionary<string, string> SdkPackages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Extensions.AI"] = "11.0.0",
        ["Microsoft.Extensions.AI.Abstractions"] = "11.0.0",
        ["Microsoft.Extensions.AI.OpenAI"] = "11.0.0",
        ["OpenAI"] = "2.15.0",
        ["Azure.AI.OpenAI"] = "2.9.0-beta.1",
        ["Anthropic"] = "13.15.0",
        ["Microsoft.SemanticKernel"] = "1.82.0",
    };

    /// <summary>
    /// Packages that arrive with an SDK package above at its own version: a repository's pin of one of them (an older
    /// <c>Microsoft.SemanticKernel.Core</c> beside the metapackage) is left out, or NuGet downgrades it below what the SDK
    /// package was built against and the compilation mixes two versions of one SDK.
    /// </summary>
    private static readonly HashSet<string> s_sdkDependencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "Microsoft.SemanticKernel.Abstractions", "Microsoft.SemanticKernel.Core",
        "Microsoft.SemanticKernel.Connectors.OpenAI", "Microsoft.SemanticKernel.Connectors.AzureOpenAI",
    };

    /// <summary>Writes the project; returns its path.</summary>
    public static string Write(string directory, string projectPath, IReadOnlyDictionary<string, string> extraPackages)
    {
        var projects = WithReferences(projectPath);
        var web = projects.Take(1).Any(IsWeb);
        var executable = web || IsExecutable(projectPath);
        var sources = projects.SelectMany(SourceFiles).Distinct(StringComparer.Ordinal).ToList();
        var settings = ConfigurationFileItems.Items(SecurityElement.Escape(Path.GetDirectoryName(projectPath)!), "    ");
        var packages = new Dictionary<string, string>(SdkPackages, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, version) in extraPackages)
        {
            packages.TryAdd(name, version);
        }

        var text = $"""
            <Project Sdk="{(web ? "Microsoft.NET.Sdk.Web" : "Microsoft.NET.Sdk")}">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>{(executable ? "Exe" : "Library")}</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <LangVersion>latest</LangVersion>
                <AllowUnsafeBlocks>true</AllowUnsafeBlocks>
                <EnableDefaultItems>false</EnableDefaultItems>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603;NU1608;NU1701;NU1605</NoWarn>
                <NuGetAudit>false</NuGetAudit>
                <AssemblyName>{SecurityElement.Escape(Path.GetFileNameWithoutExtension(projectPath))}</AssemblyName>
              </PropertyGroup>
              <ItemGroup>
            {string.Join(Environment.NewLine, sources.Select(s => $"    <Compile Include=\"{SecurityElement.Escape(s)}\" />"))}
            {settings}
            {string.Join(Environment.NewLine, packages.Select(p => $"    <PackageReference Include=\"{SecurityElement.Escape(p.Key)}\" Version=\"{SecurityElement.Escape(p.Value)}\" />"))}
              </ItemGroup>
            </Project>
            """;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Path.GetFileNameWithoutExtension(projectPath) + ".Fallback.csproj");
        File.WriteAllText(path, text);
        // Keep the repository's (or this checkout's) Directory.Build.* and central package files out of the generated project.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>");
        return path;
    }

    /// <summary>The packages the project and the projects it references name, with a literal version or "*".</summary>
    public static Dictionary<string, string> RepositoryPackages(string projectPath)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var project in WithReferences(projectPath))
        {
            var central = CentralVersions(Path.GetDirectoryName(project)!);
            foreach (var reference in Load(project)?.Descendants().Where(e => e.Name.LocalName == "PackageReference") ?? [])
            {
                var name = (string?)reference.Attribute("Include");
                if (string.IsNullOrWhiteSpace(name) || SdkPackages.ContainsKey(name) || s_sdkDependencies.Contains(name) || name.Contains('$'))
                {
                    continue;
                }

                var version = (string?)reference.Attribute("Version") ?? (string?)reference.Attribute("VersionOverride")
                    ?? reference.Elements().FirstOrDefault(e => e.Name.LocalName == "Version")?.Value
                    ?? (central.TryGetValue(name, out var v) ? v : null);
                result.TryAdd(name, version is null || version.Contains('$') ? "*" : version.Trim('[', ']', '(', ')').Split(',')[0]);
            }
        }

        return result;
    }

    /// <summary>Adjusts the package list after a failed restore: drops packages the feed does not have, takes the nearest version NuGet names.</summary>
    public static bool Adjust(Dictionary<string, string> packages, string restoreOutput)
    {
        var changed = false;
        foreach (Match m in NotFound().Matches(restoreOutput))
        {
            changed |= packages.Remove(m.Groups["name"].Value);
        }

        foreach (Match m in Nearest().Matches(restoreOutput))
        {
            var name = m.Groups["name"].Value;
            if (packages.ContainsKey(name) && packages[name] != m.Groups["nearest"].Value)
            {
                packages[name] = m.Groups["nearest"].Value;
                changed = true;
            }
        }

        foreach (Match m in Unresolved().Matches(restoreOutput))
        {
            changed |= packages.Remove(m.Groups["name"].Value);
        }

        return changed;
    }

    [GeneratedRegex(@"NU1101: Unable to find package (?<name>[\w.\-]+)\.")]
    private static partial Regex NotFound();

    [GeneratedRegex(@"NU1102: Unable to find package (?<name>[\w.\-]+) with version[\s\S]*?Nearest version: (?<nearest>[\w.\-+]+)")]
    private static partial Regex Nearest();

    [GeneratedRegex(@"NU1(?:103|202|605|107|608): [^\r\n]*?(?:package|Package) (?<name>[\w.\-]+) ")]
    private static partial Regex Unresolved();

    private static bool IsExecutable(string projectPath)
        => Load(projectPath)?.Descendants().Any(e => e.Name.LocalName == "OutputType" && e.Value.Trim().EndsWith("Exe", StringComparison.OrdinalIgnoreCase)) ?? false;

    private static bool IsWeb(string projectPath)
    {
        var root = Load(projectPath)?.Root;
        var sdk = (string?)root?.Attribute("Sdk") ?? "";
        return sdk.Contains(".Web", StringComparison.OrdinalIgnoreCase) || sdk.Contains("Razor", StringComparison.OrdinalIgnoreCase)
            || (root?.Descendants().Any(e => e.Name.LocalName == "FrameworkReference" && ((string?)e.Attribute("Include"))?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true) ?? false);
    }

    /// <summary>The project and, transitively, the projects it references that exist in the checkout.</summary>
    private static List<string> WithReferences(string projectPath)
    {
        var result = new List<string>();
        var queue = new Queue<string>([Path.GetFullPath(projectPath)]);
        while (queue.Count > 0)
        {
            var project = queue.Dequeue();
            if (result.Contains(project, StringComparer.Ordinal) || !File.Exists(project))
            {
                continue;
            }

            result.Add(project);
            foreach (var reference in Load(project)?.Descendants().Where(e => e.Name.LocalName == "ProjectReference") ?? [])
            {
                var include = ((string?)reference.Attribute("Include"))?.Replace('\\', '/');
                if (!string.IsNullOrEmpty(include) && !include.Contains('$'))
                {
                    queue.Enqueue(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include)));
                }
            }
        }

        return result;
    }

    /// <summary>The .cs files MSBuild's default glob would take, without bin/obj and without folders of other projects.</summary>
    private static IEnumerable<string> SourceFiles(string projectPath)
    {
        var root = Path.GetDirectoryName(projectPath)!;
        var nested = Directory.EnumerateFiles(root, "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Where(d => !string.Equals(d, root, StringComparison.Ordinal))
            .Select(d => d + Path.DirectorySeparatorChar)
            .ToList();
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !nested.Any(n => f.StartsWith(n!, StringComparison.Ordinal)))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    private static Dictionary<string, string> CentralVersions(string directory)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var dir = new DirectoryInfo(directory); dir is not null; dir = dir.Parent)
        {
            var file = Path.Combine(dir.FullName, "Directory.Packages.props");
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var e in Load(file)?.Descendants().Where(e => e.Name.LocalName == "PackageVersion") ?? [])
            {
                var name = (string?)e.Attribute("Include");
                var version = (string?)e.Attribute("Version");
                if (name is not null && version is not null)
                {
                    result.TryAdd(name, version);
                }
            }

            break;
        }

        return result;
    }

    private static XDocument? Load(string path)
    {
        try
        {
            return XDocument.Load(path);
        }
        catch (Exception ex) when (ex is System.Xml.XmlException or IOException)
        {
            return null;
        }
    }
}
