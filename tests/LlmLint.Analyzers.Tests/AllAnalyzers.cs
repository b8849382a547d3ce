using System.Collections.Immutable;
using LlmLint.Analyzers.Rules;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Analyzers.Tests;

internal static class AllAnalyzers
{
    public static ImmutableArray<DiagnosticAnalyzer> Create() => ImmutableArray.Create<DiagnosticAnalyzer>(
        new ModelCatalogAnalyzer(),
        new UseSmallerModelAnalyzer(),
        new OversizedPromptAnalyzer(),
        new CacheDeterministicCallAnalyzer(),
        new CallSiteAnalyzer(),
        new StaticPrefixFirstAnalyzer(),
        new CallInLoopAnalyzer(),
        new OutputTokenLimitAnalyzer(),
        new UnknownModelAnalyzer(),
        new PromptCacheBreakpointAnalyzer());
}
