namespace LlmLint.Generators.Diagnostics;

/// <summary>The IDs of the rules that validate LlmLint's own attributes (LLM9xxx).</summary>
internal static class DiagnosticIds
{
    public const string MethodOrTypeNotPartial = "LLM9001";
    public const string PlaceholderWithoutParameter = "LLM9002";
    public const string ParameterNotInTemplate = "LLM9003";
    public const string UnsupportedReturnType = "LLM9004";
    public const string NoRuntimeMember = "LLM9005";
    public const string ParameterNotKeyable = "LLM9006";
    public const string AmbiguousSemanticKey = "LLM9007";
    public const string ConflictingAttributes = "LLM9008";
    public const string InvalidAttributeValue = "LLM9009";
}
