using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace LlmLint.PackageTests;

public sealed class PackageLayoutTests
{
    private static readonly Version RoslynFloor = new(4, 8, 0, 0);

    [Fact]
    public void Package_HasRuntimeGeneratorAndBuildTransitiveProps_ButNotTheAnalyzers()
    {
        var entries = Entries("LlmLint");

        AssertHas(entries, "LlmLint", "lib/net8.0/LlmLint.dll", "lib/net8.0/LlmLint.xml", "lib/net10.0/LlmLint.dll", "analyzers/dotnet/cs/LlmLint.Generators.dll", "buildTransitive/LlmLint.props", "README.md");

        // The analyzers and code fixes come with the LlmLint.Analyzers dependency, never twice.
        Assert.DoesNotContain("analyzers/dotnet/cs/LlmLint.Analyzers.dll", entries);
        Assert.DoesNotContain("analyzers/dotnet/cs/LlmLint.CodeFixes.dll", entries);
        // Roslyn components must not leak into lib/ (they would be referenced by consumers).
        Assert.DoesNotContain(entries, path => path.StartsWith("lib/", StringComparison.Ordinal) && (path.Contains("Analyzers", StringComparison.Ordinal) || path.Contains("Generators", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnalyzersPackage_IsADevelopmentDependencyWithAnalyzersCodeFixesAndBuildTransitiveAssetsOnly()
    {
        var entries = Entries("LlmLint.Analyzers");

        AssertHas(entries, "LlmLint.Analyzers", "analyzers/dotnet/cs/LlmLint.Analyzers.dll", "analyzers/dotnet/cs/LlmLint.CodeFixes.dll", "buildTransitive/LlmLint.Analyzers.props", "buildTransitive/LlmLint.Analyzers.targets", "buildTransitive/llmlint.catalog.json", "README.md");
        Assert.DoesNotContain(entries, path => path.StartsWith("lib/", StringComparison.Ordinal) || path.StartsWith("runtimes/", StringComparison.Ordinal));
        Assert.DoesNotContain("analyzers/dotnet/cs/LlmLint.Generators.dll", entries);

        var nuspec = Nuspec("LlmLint.Analyzers");
        Assert.Equal("true", nuspec.Descendants().Single(e => e.Name.LocalName == "developmentDependency").Value);
        Assert.Empty(Dependencies(nuspec));
    }

    [Fact]
    public void Package_DependsOnAbstractionsAndTheAnalyzersPackage_ButNotOnRoslynOrADatabaseDriver()
    {
        var dependencies = Dependencies(Nuspec("LlmLint"));
        var ids = dependencies.Select(d => (string)d.Attribute("id")!).ToList();

        Assert.Contains("Microsoft.Extensions.AI.Abstractions", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.DoesNotContain(ids, id => id is "Microsoft.Data.Sqlite" or "Npgsql" or "Pgvector" || id.StartsWith("SQLitePCLRaw", StringComparison.Ordinal));

        // The analyzers reach the app through this dependency.
        AssertFlowsAnalyzersAndBuildAssets(dependencies, "LlmLint.Analyzers");
    }

    [Theory]
    [InlineData("LlmLint.Sqlite", "Microsoft.Data.Sqlite")]
    [InlineData("LlmLint.PostgreSQL", "Npgsql")]
    [InlineData("LlmLint.Redis", "StackExchange.Redis")]
    public void StorePackage_BringsItsDriverAndTheRuntime(string id, string driver)
    {
        var entries = Entries(id);
        AssertHas(entries, id, $"lib/net8.0/{id}.dll", $"lib/net10.0/{id}.dll", "README.md");

        var dependencies = Dependencies(Nuspec(id));
        Assert.Contains(dependencies, d => (string)d.Attribute("id")! == driver);
        // An app that adds only the store package still gets the generator and the warnings.
        AssertFlowsAnalyzersAndBuildAssets(dependencies, "LlmLint");
    }

    [Theory]
    [InlineData("LlmLint.Analyzers", "LlmLint.Analyzers.dll")]
    [InlineData("LlmLint.Analyzers", "LlmLint.CodeFixes.dll")]
    [InlineData("LlmLint", "LlmLint.Generators.dll")]
    public void RoslynComponents_ReferenceTheRoslynFloor(string package, string file)
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage(package));
        var entry = zip.GetEntry("analyzers/dotnet/cs/" + file) ?? throw new InvalidOperationException(file + " is not in the package " + package + ".");
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
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint.Analyzers"));
        var text = Read(zip, "buildTransitive/LlmLint.Analyzers.props");
        Assert.Contains("CompilerVisibleProperty", text, StringComparison.Ordinal);
        Assert.Contains("llmlint.catalog.json", text, StringComparison.Ordinal);
        Assert.Contains("llmlint.models.json", text, StringComparison.Ordinal);

        var targetsText = Read(zip, "buildTransitive/LlmLint.Analyzers.targets");
        Assert.Contains("CompilerApiVersion", targetsText, StringComparison.Ordinal);
        Assert.Contains("BeforeTargets=\"CoreCompile\"", targetsText, StringComparison.Ordinal);
        Assert.Contains(LlmLint.Build.ConfigurationFileItems.Items("$(MSBuildProjectDirectory)", "      "), targetsText.Replace("\r\n", "\n"), StringComparison.Ordinal);

        using var runtime = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        Assert.Contains("LlmLintGeneratorEnabled", Read(runtime, "buildTransitive/LlmLint.props"), StringComparison.Ordinal);
    }

    [Fact]
    public void Runtime_assembly_holds_no_evaluation_code()
    {
        // Dataset readers, cache and routing evaluation live in LlmLint.Evaluation (the CLI, benchmarks and tests), not in
        // the runtime an app references.
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint"));
        foreach (string tfm in new[] { "net8.0", "net10.0" })
        {
            List<string> namespaces = TypeNamespaces(zip.GetEntry($"lib/{tfm}/LlmLint.dll") ?? throw new InvalidOperationException($"lib/{tfm}/LlmLint.dll is not in the package."));
            Assert.Contains("LlmLint.SemanticCache", namespaces);
            Assert.DoesNotContain(namespaces, n => n.StartsWith("LlmLint.Evaluation", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Local_embeddings_and_vector_indexes_are_their_own_package_the_runtime_depends_on()
    {
        // The model and the indexes are in LlmLint.Embeddings, not in LlmLint.dll; the runtime depends on that package
        // (its default embedder), and the embeddings package depends on neither the runtime nor a native library.
        using (var runtime = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint")))
        {
            List<string> namespaces = TypeNamespaces(runtime.GetEntry("lib/net10.0/LlmLint.dll")!);
            Assert.DoesNotContain(namespaces, n => n is "LlmLint.Embeddings" or "LlmLint.Vectors");
        }

        Assert.Contains(Dependencies(Nuspec("LlmLint")), d => (string)d.Attribute("id")! == "LlmLint.Embeddings");

        var entries = Entries("LlmLint.Embeddings");
        AssertHas(entries, "LlmLint.Embeddings", "lib/net8.0/LlmLint.Embeddings.dll", "lib/net10.0/LlmLint.Embeddings.dll", "README.md");
        Assert.DoesNotContain(entries, e => e.StartsWith("runtimes/", StringComparison.Ordinal));
        using (var embeddings = ZipFile.OpenRead(RepoPaths.FindPackage("LlmLint.Embeddings")))
        {
            List<string> namespaces = TypeNamespaces(embeddings.GetEntry("lib/net10.0/LlmLint.Embeddings.dll")!);
            Assert.Contains("LlmLint.Embeddings", namespaces);
            Assert.Contains("LlmLint.Vectors", namespaces);
        }

        var ids = Dependencies(Nuspec("LlmLint.Embeddings")).Select(d => (string)d.Attribute("id")!).ToList();
        Assert.Contains("Microsoft.Extensions.AI.Abstractions", ids);
        Assert.DoesNotContain(ids, id => id.StartsWith("LlmLint", StringComparison.Ordinal) || id.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal));
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

    private static HashSet<string> Entries(string package)
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage(package));
        return zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
    }

    private static void AssertHas(HashSet<string> entries, string package, params string[] expected)
    {
        foreach (var path in expected)
        {
            Assert.True(entries.Contains(path), $"The package {package} lacks '{path}'. It has: {string.Join(", ", entries)}");
        }
    }

    private static XDocument Nuspec(string package)
    {
        using var zip = ZipFile.OpenRead(RepoPaths.FindPackage(package));
        var entry = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static List<XElement> Dependencies(XDocument nuspec) => nuspec.Descendants().Where(e => e.Name.LocalName == "dependency").ToList();

    /// <summary>The dependency on <paramref name="id"/> exists in every group and excludes neither analyzers nor build (buildTransitive) assets.</summary>
    private static void AssertFlowsAnalyzersAndBuildAssets(List<XElement> dependencies, string id)
    {
        var matching = dependencies.Where(d => (string)d.Attribute("id")! == id).ToList();
        Assert.True(matching.Count > 0, $"No dependency on {id}.");
        foreach (var dependency in matching)
        {
            var exclude = (string?)dependency.Attribute("exclude") ?? string.Empty;
            Assert.DoesNotContain("Analyzers", exclude, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Build", exclude, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static string Read(ZipArchive zip, string path)
    {
        using var stream = (zip.GetEntry(path) ?? throw new InvalidOperationException(path + " is not in the package.")).Open();
        return new StreamReader(stream).ReadToEnd();
    }

    private static List<string> TypeNamespaces(ZipArchiveEntry entry) =>
        ReadMetadata(entry, reader => reader.TypeDefinitions.Select(h => reader.GetString(reader.GetTypeDefinition(h).Namespace)).Distinct(StringComparer.Ordinal).ToList());

    private static T ReadMetadata<T>(ZipArchiveEntry entry, Func<MetadataReader, T> read)
    {
        using var source = entry.Open();
        using var buffer = new MemoryStream();
        source.CopyTo(buffer);
        buffer.Position = 0;
        using var pe = new PEReader(buffer);
        return read(pe.GetMetadataReader());
    }

    private static Dictionary<string, Version> ReadReferences(ZipArchiveEntry entry) => ReadMetadata(entry, reader =>
    {
        var result = new Dictionary<string, Version>(StringComparer.Ordinal);
        foreach (var handle in reader.AssemblyReferences)
        {
            var reference = reader.GetAssemblyReference(handle);
            result[reader.GetString(reference.Name)] = reference.Version;
        }

        return result;
    });
}
