using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// The verifiers check the analyzer's diagnostics in the test source (<c>/0/Test0.cs</c>) only; extra sources and
/// additional files are context. Compiler diagnostics count in every file (the whole test project must compile).
/// </summary>
public static class PrimaryDocumentDiagnostics
{
    public const string PrimaryPath = "/0/Test0.cs";

    public static ImmutableArray<(Project Project, Diagnostic Diagnostic)> Keep(
        ImmutableArray<(Project Project, Diagnostic Diagnostic)> diagnostics, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
        return diagnostics.Where(d => !analyzerIds.Contains(d.Diagnostic.Id) || IsInPrimary(d.Diagnostic)).ToImmutableArray();
    }

    public static ImmutableArray<Diagnostic> Analyzer(ImmutableArray<(Project Project, Diagnostic Diagnostic)> diagnostics, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var analyzerIds = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet();
        return diagnostics.Select(d => d.Diagnostic).Where(d => analyzerIds.Contains(d.Id) && IsInPrimary(d)).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static bool IsInPrimary(Diagnostic d) => d.Location.IsInSource && d.Location.SourceTree!.FilePath == PrimaryPath;
}
