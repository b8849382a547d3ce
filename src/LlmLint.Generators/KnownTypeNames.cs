namespace LlmLint.Generators;

/// <summary>Metadata names of the runtime types the generator and its companion analyzer recognise.</summary>
internal static class KnownTypeNames
{
    public const string PromptAttribute = "LlmLint.PromptAttribute";
    public const string RouteAttribute = "LlmLint.RouteAttribute";
    public const string CacheAttribute = "LlmLint.CacheAttribute";
    public const string CascadeAttribute = "LlmLint.CascadeAttribute";
    public const string DistillAttribute = "LlmLint.DistillAttribute";

    /// <summary>The <c>[Batch]</c> attribute.</summary>
    public const string BatchAttribute = "LlmLint.BatchAttribute";
    public const string NotInPromptAttribute = "LlmLint.NotInPromptAttribute";
    public const string LlmRuntime = "LlmLint.ILlmRuntime";
    public const string Tier = "LlmLint.Tier";
}
