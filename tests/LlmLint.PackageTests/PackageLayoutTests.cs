using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace LlmLint.PackageTests;

public sealed class PackageLayoutTests
{
    private static readonly Version RoslynFloor = new(4, 8, 0, 0);

    [Fact]
    public void Package_HasRuntimeAnalyzersAndBuildTransitiveAssets()
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        var entries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in zip.Entries)
        {
            entries.Add(entry.FullName);
        }

        string[] expected =
        [
            "lib/net8.0/LlmLint.dll",
            "lib/net8.0/LlmLint.xml",
            "lib/net10.0/LlmLint.dll",
            "analyzers/dotnet/cs/LlmLint.Analyzers.dll",
            "analyzers/dotnet/cs/LlmLint.CodeFixes.dll",
            "analyzers/dotnet/cs/LlmLint.Generators.dll",
            "buildTransitive/LlmLint.props",
            "buildTransitive/LlmLint.targets",
            "buildTransitive/llmlint.catalog.json",
            "README.md",
        ];
        foreach (var path in expected)
        {
            Assert.True(entries.Contains(path), $"The package lacks '{path}'. It has: {string.Join(", ", entries)}");
        }

        // Roslyn components must not leak into lib/ (they would be referenced by consumers).
        foreach (var path in entries)
        {
            Assert.False(path.StartsWith("lib/", StringComparison.Ordinal) && path.Contains("Analyzers", StringComparison.Ordinal), path);
        }
    }

    [Fact]
    public void Package_DependsOnAbstractionsButNotOnRoslyn()
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        var nuspecEntry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        var ids = new List<string>();
        foreach (var element in nuspec.Descendants())
        {
            if (element.Name.LocalName == "dependency")
            {
                ids.Add((string)element.Attribute("id")!);
            }
        }

        Assert.Contains("Microsoft.Extensions.AI.Abstractions", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("LlmLint.Analyzers.dll")]
    [InlineData("LlmLint.Generators.dll")]
    [InlineData("LlmLint.CodeFixes.dll")]
    public void RoslynComponents_ReferenceTheRoslynFloor(string file)
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        var entry = zip.GetEntry("analyzers/dotnet/cs/" + file) ?? throw new InvalidOperationException(file + " is not in the package.");
        var references = ReadReferences(entry);

        Assert.True(references.TryGetValue("Microsoft.CodeAnalysis", out var version), $"{file} does not reference Microsoft.CodeAnalysis.");
        Assert.Equal(RoslynFloor, version);
        if (file == "LlmLint.CodeFixes.dll")
        {
            // The fixers build against Workspaces at the same floor, not an older one.
            Assert.True(references.TryGetValue("Microsoft.CodeAnalysis.Workspaces", out var workspaces), $"{file} does not reference Microsoft.CodeAnalysis.Workspaces.");
            Assert.Equal(RoslynFloor, workspaces);
        }

        foreach (var (name, referenced) in references)
        {
            if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal))
            {
                Assert.True(referenced <= RoslynFloor, $"{file} references {name} {referenced}, newer than the floor.");
            }
        }

        Assert.False(references.ContainsKey("LlmLint"), $"{file} must not reference the runtime assembly.");
    }

    [Fact]
    public void BuildTransitiveProps_DeclareCompilerVisiblePropertiesAndTheCatalog()
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        using var props = zip.GetEntry("buildTransitive/LlmLint.props")!.Open();
        var text = new StreamReader(props).ReadToEnd();
        Assert.Contains("CompilerVisibleProperty", text, StringComparison.Ordinal);
        Assert.Contains("llmlint.catalog.json", text, StringComparison.Ordinal);
        Assert.Contains("llmlint.models.json", text, StringComparison.Ordinal);

        using var targets = zip.GetEntry("buildTransitive/LlmLint.targets")!.Open();
        var targetsText = new StreamReader(targets).ReadToEnd();
        Assert.Contains("CompilerApiVersion", targetsText, StringComparison.Ordinal);
        Assert.Contains("BeforeTargets=\"CoreCompile\"", targetsText, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolPackage_IsADotnetTool()
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint.Cli"));
        var hasSettings = false;
        foreach (var entry in zip.Entries)
        {
            hasSettings |= entry.FullName.EndsWith("DotnetToolSettings.xml", StringComparison.Ordinal);
        }

        Assert.True(hasSettings, "LlmLint.Cli is not packed as a dotnet tool.");
    }

    private static Dictionary<string, Version> ReadReferences(ZipArchiveEntry entry)
    {
        using var source = entry.Open();
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        var reader = pe.GetMetadataReader();
        var result = new Dictionary<string, Version>(StringComparer.Ordinal);
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            result[reader.GetString(reference.Name)] = reference.Version;
        }

        return result;
    }
}
