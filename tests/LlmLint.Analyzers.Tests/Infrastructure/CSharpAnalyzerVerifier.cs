using System;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Verifies, with Microsoft.CodeAnalysis.Testing, that an analyzer reports exactly the diagnostics marked with
/// <c>{|ID:text|}</c> in the test source, that the test project compiles against the chosen real SDK assemblies, and
/// that the analyzer never throws (an exception surfaces as an unexpected AD0001). Failures throw
/// <see cref="InvalidOperationException"/>.
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <returns>The analyzer's diagnostics in the test source, in source order.</returns>
    public static Task<ImmutableArray<Diagnostic>> VerifyAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null)
    {
        var setup = new TestSetup();
        configure?.Invoke(setup);
        return VerifyAsync(markup, setup);
    }

    public static async Task<ImmutableArray<Diagnostic>> VerifyAsync(string markup, TestSetup setup)
    {
        var test = new LlmLintAnalyzerTest<TAnalyzer>();
        TestProjectSetup.Apply(test, markup, setup);
        await test.RunAsync();
        return test.Reported;
    }
}
