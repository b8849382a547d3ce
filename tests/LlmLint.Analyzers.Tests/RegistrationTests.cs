using System.Collections.Immutable;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace LlmLint.Analyzers.Tests;

/// <summary>Free when unused: nothing is registered when no LLM SDK is referenced.</summary>
public class RegistrationTests
{
    public static TheoryData<int> AnalyzerIndexes() => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(AnalyzerIndexes))]
    public async Task NoActionsRegistered_WithoutSdk_AndRegistered_WithSdk(int index)
    {
        DiagnosticAnalyzer analyzer = AllAnalyzers.Create()[index];
        const string source = "public class A { public int M(int x) => x + 1; }";

        var without = AnalyzerRunner.Compile(new[] { ("/0/A.cs", source) }, Sdks.None)
            .WithAnalyzers(ImmutableArray.Create(analyzer), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        await without.GetAnalyzerDiagnosticsAsync();
        AnalyzerTelemetryInfo none = await without.GetAnalyzerTelemetryInfoAsync(analyzer, default);
        Assert.Equal(0, none.OperationActionsCount);
        Assert.Equal(0, none.CompilationActionsCount);
        Assert.Equal(0, none.AdditionalFileActionsCount);

        var with = AnalyzerRunner.Compile(new[] { ("/0/A.cs", source) }, Sdks.MicrosoftExtensionsAI)
            .WithAnalyzers(ImmutableArray.Create(analyzer), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty));
        await with.GetAnalyzerDiagnosticsAsync();
        AnalyzerTelemetryInfo some = await with.GetAnalyzerTelemetryInfoAsync(analyzer, default);
        Assert.True(some.OperationActionsCount + some.AdditionalFileActionsCount > 0);
    }
}
