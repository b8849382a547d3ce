using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Verifies an analyzer's diagnostics and its code fix with Microsoft.CodeAnalysis.Testing: the fixed source must match
/// and compile (markup in it names the diagnostics still expected after the fix), and Fix All runs through the
/// framework's document, project and solution scopes.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TFixer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    public static Task<ImmutableArray<Diagnostic>> VerifyAnalyzerAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAsync(markup, configure);

    /// <summary>
    /// Applies the first code action to the first fixable diagnostic. With one fixable diagnostic the framework's Fix All
    /// check must give the same text; with more, Fix All is <see cref="VerifyFixAllAsync"/>'s job.
    /// </summary>
    public static Task VerifyFixAsync([StringSyntax("C#-test")] string markup, [StringSyntax("C#-test")] string fixedSource, Action<TestSetup>? configure = null)
    {
        LlmLintCodeFixTest<TAnalyzer, TFixer> test = Create(markup, fixedSource, configure);
        test.CodeFixTestBehaviors |= CodeFixTestBehaviors.FixOne;
        test.NumberOfIncrementalIterations = 1;
        if (FixableMarkupCount(markup) > 1)
        {
            test.CodeFixTestBehaviors |= CodeFixTestBehaviors.SkipFixAllCheck;
        }

        return test.RunAsync();
    }

    /// <summary>Fixes every diagnostic, one at a time and through Fix All (document, project, solution); both must give <paramref name="fixedSource"/>.</summary>
    public static Task VerifyFixAllAsync([StringSyntax("C#-test")] string markup, [StringSyntax("C#-test")] string fixedSource, Action<TestSetup>? configure = null)
    {
        LlmLintCodeFixTest<TAnalyzer, TFixer> test = Create(markup, fixedSource, configure);
        test.BatchFixedCode = fixedSource;
        return test.RunAsync();
    }

    /// <summary>Asserts the diagnostics of <paramref name="markup"/> and that no code fix is offered for any of them.</summary>
    public static Task VerifyNoFixAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null)
    {
        LlmLintCodeFixTest<TAnalyzer, TFixer> test = Create(markup, markup, configure);
        test.NumberOfIncrementalIterations = 0;
        test.NumberOfFixAllIterations = 0;
        return test.RunAsync();
    }

    private static LlmLintCodeFixTest<TAnalyzer, TFixer> Create(string markup, string fixedSource, Action<TestSetup>? configure)
    {
        var setup = new TestSetup();
        configure?.Invoke(setup);
        var test = new LlmLintCodeFixTest<TAnalyzer, TFixer>();
        TestProjectSetup.Apply(test, markup, setup);
        test.FixedState.Sources.Add(fixedSource);
        foreach (string extra in setup.ExtraSources)
        {
            test.FixedState.Sources.Add(extra);
        }

        return test;
    }

    private static int FixableMarkupCount(string markup)
    {
        ImmutableArray<string> ids = new TFixer().FixableDiagnosticIds;
        return Regex.Matches(markup, @"\{\|([A-Za-z0-9]+):").Count(m => ids.Contains(m.Groups[1].Value));
    }
}
