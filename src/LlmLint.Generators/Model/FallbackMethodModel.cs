namespace LlmLint.Generators.Model;

/// <summary>
/// A <c>[Prompt]</c> method the generator cannot implement (an LLM9xxx error). The generator still writes a body that
/// throws <see cref="System.NotSupportedException"/> with the reason, so the compiler's "partial method must have an
/// implementation part" (CS8795) never hides the LLM9xxx diagnostic that says what is wrong.
/// </summary>
/// <remarks>Holds no symbols, syntax or compilations (see the note at the top of LlmFunctionModel.cs).</remarks>
internal sealed record FallbackMethodModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string HintName,
    string Modifiers,
    string ReturnType,
    string MethodName,
    string TypeParameters,
    string Parameters,
    EquatableArray<string> Constraints,
    string Reason);

/// <summary>What the parser made of one <c>[Prompt]</c> method: a function to generate, or a fallback body.</summary>
/// <remarks>Exactly one of the two is set. Holds no symbols, syntax or compilations.</remarks>
internal sealed record ParsedMethod(LlmFunctionModel? Function, FallbackMethodModel? Fallback);
