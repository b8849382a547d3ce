using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>The framework's analyzer test, keeping the diagnostics of its main run for the caller.</summary>
public sealed class LlmLintAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>The analyzer's diagnostics in the test source, from the first (unmodified) run.</summary>
    public ImmutableArray<Diagnostic> Reported { get; private set; }

    private bool _captured;

    protected override ImmutableArray<(Project project, Diagnostic diagnostic)> FilterDiagnostics(ImmutableArray<(Project project, Diagnostic diagnostic)> diagnostics)
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = GetDiagnosticAnalyzers().ToImmutableArray();
        if (!_captured)
        {
            _captured = true;
            Reported = PrimaryDocumentDiagnostics.Analyzer(diagnostics, analyzers);
        }

        return PrimaryDocumentDiagnostics.Keep(base.FilterDiagnostics(diagnostics), analyzers);
    }
}
