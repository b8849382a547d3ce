using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Xunit;

namespace LlmLint.PackageTests;

/// <summary>
/// The packed analyzers targets, evaluated by MSBuild: which JSON files of the project folder become AdditionalFiles
/// for the configuration-bound models, without disturbing the ones the project already lists.
/// </summary>
public sealed class ConfigurationFileTargetsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-targets-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void The_project_folders_configuration_files_are_added_once_and_the_projects_own_items_kept()
    {
        Directory.CreateDirectory(_dir);
        string targets = Path.Combine(_dir, "LlmLint.Analyzers.targets");
        using (var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint.Analyzers")))
        {
            zip.GetEntry("buildTransitive/LlmLint.Analyzers.targets")!.ExtractToFile(targets);
        }

        foreach (string name in new[] { "appsettings.json", "appsettings.Development.json", "local.settings.json.sample", "stylecop.json", "package.json", "tsconfig.json" })
        {
            File.WriteAllText(Path.Combine(_dir, name), "{}");
        }

        File.WriteAllText(Path.Combine(_dir, "App.proj"), $$"""
            <Project>
              <ItemGroup>
                <AdditionalFiles Include="stylecop.json" Owner="project" />
              </ItemGroup>
              <Import Project="{{targets}}" />
              <Target Name="GenerateMSBuildEditorConfigFileShouldRun" />
              <Target Name="Show" DependsOnTargets="GenerateMSBuildEditorConfigFileShouldRun">
                <Message Importance="high" Text="file: %(AdditionalFiles.Filename)%(AdditionalFiles.Extension) owner=%(AdditionalFiles.Owner)" />
              </Target>
            </Project>
            """);

        var (exit, output) = ChildProcess.Run("dotnet", $"msbuild \"{Path.Combine(_dir, "App.proj")}\" -t:Show -nologo", TimeSpan.FromMinutes(3));

        Assert.True(exit == 0, ChildProcess.Tail(output));
        string[] files = output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("file: ", StringComparison.Ordinal)).Select(l => l["file: ".Length..]).OrderBy(l => l, StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[] { "appsettings.Development.json owner=", "appsettings.json owner=", "local.settings.json.sample owner=", "stylecop.json owner=project" },
            files);

        (exit, output) = ChildProcess.Run("dotnet", $"msbuild \"{Path.Combine(_dir, "App.proj")}\" -t:Show -nologo -p:LlmLintReadAppSettings=false", TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, ChildProcess.Tail(output));
        Assert.Equal(new[] { "stylecop.json owner=project" }, output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("file: ", StringComparison.Ordinal)).Select(l => l["file: ".Length..]).ToArray());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
