using System.Collections.Immutable;
using LlmLint.Generators.Diagnostics;
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

            // Types rather than methods: a generated method carries [GeneratedCode] and would be skipped as generated.
            start.RegisterSymbolAction(symbolContext => Analyze(symbolContext, prompt), SymbolKind.NamedType);
        });
    }

    private static void Analyze(SymbolAnalysisContext context, INamedTypeSymbol prompt)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        foreach (ISymbol member in type.GetMembers())
        {
            if (member is not IMethodSymbol { MethodKind: MethodKind.Ordinary, PartialDefinitionPart: null } method)
            {
                continue;
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
                continue;
            }

            var diagnostics = new List<Diagnostic>();
            LlmLintGenerator.Parser.Analyze(method, diagnostics, context.CancellationToken);
            foreach (Diagnostic diagnostic in diagnostics)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }
    }
}
