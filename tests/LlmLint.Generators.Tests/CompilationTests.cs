using System.Collections.Generic;
using System.Linq;
using LlmLint.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Generators.Tests;

public sealed class CompilationTests
{
    [Theory]
    [InlineData(nameof(Sources.TicketTriage))]
    [InlineData(nameof(Sources.Scalars))]
    [InlineData(nameof(Sources.EdgeCases))]
    [InlineData(nameof(Sources.Distilled))]
    public void Generated_code_compiles_without_warnings_under_nullable(string sourceName)
    {
        string source = sourceName switch
        {
            nameof(Sources.TicketTriage) => Sources.TicketTriage,
            nameof(Sources.Scalars) => Sources.Scalars,
            nameof(Sources.Distilled) => Sources.Distilled,
            _ => Sources.EdgeCases,
        };
        var compilation = GeneratorRunner.Compile(source);
        (_, Compilation output, GeneratorRunResult result) = GeneratorRunner.Run(compilation);

        Assert.Null(result.Exception);
        Assert.NotEmpty(result.GeneratedSources);
        List<Diagnostic> problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }

    [Fact]
    public void Generated_files_raise_no_documentation_warnings()
    {
        // Projects with GenerateDocumentationFile parse comments in Diagnose mode; generated files must stay clean.
        var compilation = GeneratorRunner.Compile(Sources.EdgeCases, Sources.TicketTriage);
        var parseOptions = GeneratorRunner.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(
            compilation.SyntaxTrees.Select(t => t.WithRootAndOptions(t.GetRoot(), parseOptions)));
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new LlmLintGenerator().AsSourceGenerator() }, parseOptions: parseOptions);

        driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);

        List<Diagnostic> problems = output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.SourceTree?.FilePath.EndsWith(".g.cs", System.StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(output.SyntaxTrees.Count() > compilation.SyntaxTrees.Count());
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(p => p.ToString())));
    }

    [Fact]
    public void Without_the_generator_the_partial_methods_do_not_compile()
    {
        // Guards the test above: the user code alone is incomplete, so a clean build proves the generated code is used.
        var compilation = GeneratorRunner.Compile(Sources.TicketTriage);

        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS8795");
    }
}
