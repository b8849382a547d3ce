using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>Reads the properties LLM2000 carries, for the call-shape tests.</summary>
internal static class CallSiteProperties
{
    /// <summary>The model id of each diagnostic in source order; "(none)" where the model did not resolve.</summary>
    public static string[] ModelIds(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.Location.SourceSpan.Start)
            .Select(d => d.Properties.TryGetValue("ModelId", out string? m) ? m ?? "(none)" : "(none)")
            .ToArray();
}
