using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmLint.Cli.Tests.Infrastructure;
using LlmLint.Testing;

namespace LlmLint.Cli.Tests;

/// <summary>The tool package carries a readme, and the readme names every command the tool has.</summary>
public sealed class PackageReadmeTests
{
    [Fact]
    public void Cli_package_has_a_readme_naming_every_command()
    {
        string project = Path.Combine(TestRepo.Root, "src", "LlmLint.Cli", "LlmLint.Cli.csproj");
        XDocument csproj = XDocument.Load(project);
        string readmeName = csproj.Descendants("PackageReadmeFile").Single().Value;
        Assert.Contains(csproj.Descendants("None"), n => (string?)n.Attribute("Include") == readmeName && (string?)n.Attribute("Pack") == "true");
        string readme = File.ReadAllText(Path.Combine(Path.GetDirectoryName(project)!, readmeName));

        CliRun help = CliRunner.Run("--help");
        string commands = help.Out[help.Out.IndexOf("Commands:", System.StringComparison.Ordinal)..];
        var names = Regex.Matches(commands, @"^\s{2}(\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("usage", names);
        foreach (string name in names)
        {
            Assert.Contains("llmlint " + name, readme);
        }
    }
}
