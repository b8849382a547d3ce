using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>The framework's code-fix test, judging the analyzer's diagnostics in the test source only.</summary>
public sealed class LlmLintCodeFixTest<TAnalyzer, TFixer> : CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics) =>
        PrimaryDocumentDiagnostics.Keep(base.FilterDiagnostics(diagnostics), GetDiagnosticAnalyzers().ToImmutableArray());
}
