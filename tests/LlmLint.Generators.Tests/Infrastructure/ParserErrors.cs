using System;
using System.Runtime.CompilerServices;

namespace LlmLint.Generators.Tests.Infrastructure;

internal static class ParserErrors
{
    /// <summary>Makes any exception the parser would swallow fail the test run loudly.</summary>
    [ModuleInitializer]
    internal static void FailOnSwallowedExceptions() =>
        LlmLintGenerator.Parser.UnexpectedException = static exception => throw new InvalidOperationException("The parser failed: " + exception, exception);
}
