using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>Compiles sources and runs analyzers through <see cref="CompilationWithAnalyzers"/>, collecting analyzer exceptions.</summary>
public static class AnalyzerRunner
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    public static CSharpCompilation Compile(IEnumerable<(string Path, string Source)> sources, Sdks sdks) =>
        CSharpCompilation.Create(
            "TestProject",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Source, ParseOptions, s.Path)),
            TestReferences.For(sdks),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public sealed record Result(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<Exception> AnalyzerExceptions, ImmutableArray<Diagnostic> CompilerErrors);

    public static async Task<Result> RunAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> analyzers, AnalyzerOptions options, CancellationToken ct = default)
    {
        var exceptions = new ConcurrentQueue<Exception>();
        var cwa = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            options,
            onAnalyzerException: (ex, _, _) => exceptions.Enqueue(ex),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false));
        ImmutableArray<Diagnostic> all = await cwa.GetAnalyzerDiagnosticsAsync(ct);
        foreach (Diagnostic d in all)
        {
            if (d.Id == "AD0001")
            {
                exceptions.Enqueue(new InvalidOperationException(d.GetMessage()));
            }
        }

        ImmutableArray<Diagnostic> errors = compilation.GetDiagnostics(ct).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new Result(all.Where(d => d.Id != "AD0001").OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray(), exceptions.ToList(), errors);
    }
}
