using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>
/// How the recurrence tests check LLM2003: each recurrence signal with a case that fires and a case that does not, on
/// the real SDK assemblies.
/// </summary>
internal static class RecurrenceVerifier
{
    public static void Refs(TestSetup s) => s.Sdks = Sdks.All;

    /// <summary>Asserts one LLM2003 whose message names <paramref name="evidence"/>, at <paramref name="severity"/>.</summary>
    public static async Task<Diagnostic> FiresAsync(string markup, string evidence, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(markup, Refs);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Contains(evidence, d.GetMessage());
        Assert.Equal(severity, d.Severity);
        return d;
    }
}
