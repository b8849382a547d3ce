using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LlmLint.PackageTests;

/// <summary>
/// A project outside the solution, in a temporary folder, set up like a user's (<see cref="LocalFeed"/>): LlmLint packages
/// from this build's packed folder, everything else from nuget.org. It restores into a package folder of its own, so a
/// freshly packed version is never confused with an older copy of the same version.
/// </summary>
internal sealed class ConsumerApp : IDisposable
{
    /// <summary>File names of database drivers and their native libraries, which only the store packages may bring.</summary>
    private static readonly string[] DriverPrefixes = ["Microsoft.Data.Sqlite", "SQLitePCLRaw", "Npgsql", "Pgvector", "e_sqlite3", "libe_sqlite3"];

    public ConsumerApp(string purpose)
    {
        Dir = Path.Combine(Path.GetTempPath(), $"llmlint-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Dir);
        LocalFeed.Write(Dir);
    }

    public string Dir { get; }

    /// <summary>Gets the build output folder (Debug, net10.0).</summary>
    public string OutputDir => Path.Combine(Dir, "bin", "Debug", "net10.0");

    private string Project => Path.Combine(Dir, "App.csproj");

    /// <summary>A <c>PackageReference</c> to the packed version of an LlmLint package.</summary>
    public static string LlmLintPackage(string id) => $"""<PackageReference Include="{id}" Version="{RepoPaths.PackageVersion(id)}" />""";

    /// <summary>Writes an executable project with <paramref name="packageReferences"/> and its <c>Program.cs</c>.</summary>
    public void Write(string packageReferences, string program)
    {
        File.WriteAllText(Project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <RestorePackagesPath>{Path.Combine(Dir, "packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}</RestoreAdditionalProjectFallbackFolders>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                {packageReferences}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Dir, "Program.cs"), program);
    }

    /// <summary>Builds the project (Debug) out of the compiler server; the output holds the compiler's diagnostics.</summary>
    public (int Exit, string Output) Build() =>
        ChildProcess.Run("dotnet", $"build \"{Project}\" -nologo -v n -p:UseSharedCompilation=false", TimeSpan.FromMinutes(8), Dir);

    /// <summary>Runs the built app in its folder.</summary>
    public (int Exit, string Output) Run() =>
        ChildProcess.Run("dotnet", $"\"{Path.Combine(OutputDir, "App.dll")}\"", TimeSpan.FromMinutes(2), Dir);

    /// <summary>Gets the database drivers, native SQLite libraries and <c>runtimes/</c> folder in the output, relative to it.</summary>
    public IReadOnlyList<string> DriversInOutput()
    {
        var found = new List<string>();
        if (Directory.Exists(Path.Combine(OutputDir, "runtimes")))
        {
            found.Add("runtimes/");
        }

        found.AddRange(Directory.GetFiles(OutputDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(OutputDir, f))
            .Where(f => DriverPrefixes.Any(p => Path.GetFileName(f).StartsWith(p, StringComparison.OrdinalIgnoreCase))));
        return found;
    }

    /// <summary>Gets the LlmLint assemblies in the output, relative to it.</summary>
    public IReadOnlyList<string> LlmLintAssembliesInOutput() =>
        Directory.GetFiles(OutputDir, "LlmLint*.dll", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(OutputDir, f)).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
