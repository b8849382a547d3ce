using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using LlmLint.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.Extensions.AI;

namespace LlmLint.Generators.Tests.Infrastructure;

/// <summary>Compiles test sources against the real LlmLint and M.E.AI assemblies and runs the generator and analyzer.</summary>
internal static class GeneratorRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var paths = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string tpa = (string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty;
        foreach (string path in tpa.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string name = Path.GetFileNameWithoutExtension(path);
            if (name.StartsWith("System.", StringComparison.Ordinal) || name is "System" or "mscorlib" or "netstandard" or "Microsoft.Bcl.AsyncInterfaces")
            {
                paths.Add(path);
            }
        }

        paths.Add(typeof(ILlmRuntime).Assembly.Location);
        paths.Add(typeof(IChatClient).Assembly.Location);
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    public static CSharpCompilation Compile([StringSyntax("C#-test")] params string[] sources) =>
        CSharpCompilation.Create(
            "UserAssembly",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new LlmLintGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once.</summary>
    public static (GeneratorDriver Driver, Compilation Output, GeneratorRunResult Result) Run(CSharpCompilation compilation)
    {
        GeneratorDriver driver = CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        return (driver, output, driver.GetRunResult().Results.Single());
    }

    /// <summary>Gets the generated sources, ordered by hint name.</summary>
    public static IReadOnlyList<(string HintName, string Text)> Generated([StringSyntax("C#-test")] string source)
    {
        GeneratorRunResult result = Run(Compile(source)).Result;
        Assert.Null(result.Exception);
        return result.GeneratedSources.OrderBy(s => s.HintName, StringComparer.Ordinal).Select(s => (s.HintName, s.SourceText.ToString())).ToList();
    }

    /// <summary>Gets the compiler's errors in the compilation after generation, as a build reports them.</summary>
    public static IReadOnlyList<Diagnostic> CompilerErrors([StringSyntax("C#-test")] string source) =>
        Run(Compile(source)).Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    /// <summary>Runs the companion analyzer over the compilation after generation, as a build does.</summary>
    public static IReadOnlyList<Diagnostic> Analyze([StringSyntax("C#-test")] string source)
    {
        Compilation output = Run(Compile(source)).Output;
        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new LlmFunctionAnalyzer());
        ImmutableArray<Diagnostic> diagnostics = output.WithAnalyzers(analyzers)
            .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
    }
}
