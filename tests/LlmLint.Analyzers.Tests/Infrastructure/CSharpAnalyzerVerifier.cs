using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Verifies that an analyzer reports exactly the diagnostics marked with <c>{|ID:text|}</c> (for the IDs it supports),
/// that the test source compiles, and that the analyzer never throws.
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task<ImmutableArray<Diagnostic>> VerifyAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null)
    {
        var setup = new TestSetup();
        configure?.Invoke(setup);
        return VerifyAsync(markup, setup);
    }

    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, TestSetup setup)
    {
        (string source, List<ExpectedSpan> expected) = Markup.Parse(markup);
        var sources = new List<(string, string)> { ("/0/Test0.cs", source) };
        for (int i = 0; i < setup.ExtraSources.Count; i++)
        {
            sources.Add(($"/0/Stub{i}.cs", setup.ExtraSources[i]));
        }

        var analyzer = new TAnalyzer();
        var compilation = AnalyzerRunner.Compile(sources, setup.Sdks);
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), setup.AnalyzerOptions());
        if (result.CompilerErrors.Length > 0)
        {
            throw new InvalidOperationException("Test source does not compile:\n" + string.Join("\n", result.CompilerErrors.Take(10)));
        }

        if (result.AnalyzerExceptions.Count > 0)
        {
            throw new InvalidOperationException("Analyzer threw: " + result.AnalyzerExceptions[0]);
        }

        var ids = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        ImmutableArray<Diagnostic> actual = result.Diagnostics.Where(d => ids.Contains(d.Id) && d.Location.IsInSource && d.Location.SourceTree!.FilePath == "/0/Test0.cs").ToImmutableArray();
        var actualSpans = actual.Select(d => new ExpectedSpan(d.Id, d.Location.SourceSpan)).OrderBy(s => s.Span.Start).ThenBy(s => s.Id).ToList();
        var expectedSpans = expected.OrderBy(s => s.Span.Start).ThenBy(s => s.Id).ToList();
        if (!actualSpans.SequenceEqual(expectedSpans))
        {
            var sb = new StringBuilder();
            sb.AppendLine("Diagnostics do not match the markup.");
            sb.AppendLine("Expected:");
            foreach (ExpectedSpan e in expectedSpans)
            {
                sb.AppendLine($"  {e.Id} at {e.Span}: '{source.Substring(e.Span.Start, e.Span.Length)}'");
            }

            sb.AppendLine("Actual:");
            foreach (Diagnostic d in actual)
            {
                sb.AppendLine($"  {d.Id} at {d.Location.SourceSpan}: '{source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length)}' — {d.GetMessage()}");
            }

            throw new InvalidOperationException(sb.ToString());
        }

        return actual;
    }
}
