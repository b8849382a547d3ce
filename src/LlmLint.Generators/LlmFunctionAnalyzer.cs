using System.Collections.Generic;
using System.Collections.Immutable;
using LlmLint.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LlmLint.Generators;

/// <summary>
/// The generator's companion analyzer: explains why a <c>[Prompt]</c> method cannot be generated (LLM9001–LLM9009).
/// It runs the generator's own parser, so what it reports is exactly what the generator skips.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LlmFunctionAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.All);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            INamedTypeSymbol? prompt = start.Compilation.GetTypeByMetadataName(KnownTypeNames.PromptAttribute);
            if (prompt is null)
            {
                return;
            }

            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, prompt), SymbolKind.Method);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol prompt)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method.PartialDefinitionPart is not null)
        {
            // The implementation part (generated or hand-written); the definition is analysed instead.
            return;
        }

        bool marked = false;
        foreach (AttributeData attribute in method.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, prompt))
            {
                marked = true;
                break;
            }
        }

        if (!marked)
        {
            return;
        }

        var diagnostics = new List<Diagnostic>();
        LlmLintGenerator.Parser.Analyze(method, diagnostics, context.CancellationToken);
        foreach (Diagnostic diagnostic in diagnostics)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }
}
