#nullable enable
namespace LlmLint.Diagnostics
{
    /// <summary>Identifiers of every LlmLint diagnostic. IDs are never reused.</summary>
    internal static class DiagnosticIds
    {
        /// <summary>LLM0001: a model catalog override file (<c>llmlint.models.json</c> / <c>llmlint.catalog.json</c>) is invalid.</summary>
        public const string CatalogOverrideInvalid = "LLM0001";

        /// <summary>LLM2000: an LLM call site, with its estimated cost (hidden; read by the CLI).</summary>
        public const string CallSite = "LLM2000";

        /// <summary>LLM2001: a Large- or Frontier-tier model is used for classification or extraction.</summary>
        public const string UseSmallerModel = "LLM2001";

        /// <summary>LLM2002: a prompt literal is larger than the configured token threshold.</summary>
        public const string OversizedPromptLiteral = "LLM2002";

        /// <summary>LLM2003: a deterministic LLM call on a hot path is not cached, or its cache key is unsound.</summary>
        public const string CacheDeterministicCall = "LLM2003";

        /// <summary>LLM2004: dynamic content ahead of a large static block in the system/first message defeats prompt caching.</summary>
        public const string StaticPrefixFirst = "LLM2004";

        /// <summary>LLM2005: an LLM call per item of a collection (a loop, a projection, Parallel.ForEach).</summary>
        public const string CallInLoop = "LLM2005";

        /// <summary>LLM2006: a generation call without an output-token limit.</summary>
        public const string SetOutputTokenLimit = "LLM2006";

        /// <summary>LLM2007: a model id written in code is not in the catalog or is retired.</summary>
        public const string UnknownOrRetiredModel = "LLM2007";

        /// <summary>LLM2008: a long static prompt sent to a provider that caches only up to explicit breakpoints, without one.</summary>
        public const string PromptCacheBreakpoint = "LLM2008";
    }
}
