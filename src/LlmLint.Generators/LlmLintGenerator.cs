using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

/// <summary>
/// Generates the implementation of every <c>partial</c> method marked <c>[Prompt]</c>: prompt rendering bound to the
/// parameters, a request routed to a tier or cascade and cached as the attributes say, and a reflection-free parser
/// for the result type. An invalid method that can still be given a body gets one that throws
/// <c>NotSupportedException</c> with the reason, so the only build error is the one <see cref="LlmFunctionAnalyzer"/>
/// reports (LLM9xxx), never the compiler's "must have an implementation part" (CS8795).
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class LlmLintGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParsedMethod> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypeNames.PromptAttribute,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => Parser.TryParse(ctx, ct))
            .WithTrackingName(TrackingNames.Parse)
            .Where(static parsed => parsed is not null)
            .Select(static (parsed, _) => parsed!);

        IncrementalValuesProvider<LlmFunctionModel> functions = parsed
            .Where(static parsed => parsed.Function is not null)
            .Select(static (parsed, _) => parsed.Function!)
            .WithTrackingName(TrackingNames.Functions);

        IncrementalValuesProvider<FallbackMethodModel> fallbacks = parsed
            .Where(static parsed => parsed.Fallback is not null)
            .Select(static (parsed, _) => parsed.Fallback!)
            .WithTrackingName(TrackingNames.Fallbacks);

        context.RegisterSourceOutput(functions, static (spc, model) => Emitter.Emit(spc, model));
        context.RegisterSourceOutput(fallbacks, static (spc, model) => FallbackEmitter.Emit(spc, model));
    }
}
