#nullable enable
namespace LlmLint.Diagnostics
{
    /// <summary>Identifiers of every LlmLint diagnostic. IDs are never reused.</summary>
    internal static class DiagnosticIds
    {
        /// <summary>LLM0001: a model catalog override file (<c>llmlint.models.json</c> / <c>llmlint.catalog.json</c>) is invalid.</summary>
        public const string CatalogOverrideInvalid = "LLM0001";

        /// <summary>LLM2001: a Large- or Frontier-tier model is used for classification or extraction.</summary>
        public const string UseSmallerModel = "LLM2001";

        /// <summary>LLM2002: a prompt literal is larger than the configured token threshold.</summary>
        public const string OversizedPromptLiteral = "LLM2002";

        /// <summary>LLM2003: a deterministic LLM call on a hot path is not cached, or its cache key is unsound.</summary>
        public const string CacheDeterministicCall = "LLM2003";
    }
}
