using LlmLint.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

/// <summary>
/// Generates the implementation of every <c>partial</c> method marked <c>[Prompt]</c>: prompt rendering bound to the
/// parameters, a request routed to a tier or cascade and cached as the attributes say, and a reflection-free parser
/// for the result type. Invalid methods are skipped; <see cref="LlmFunctionAnalyzer"/> explains why.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class LlmLintGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<LlmFunctionModel> functions = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.PromptAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.TryParse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(TrackingNames.Functions);

        context.RegisterSourceOutput(functions, static (spc, model) => Emitter.Emit(spc, model));
    }
}
