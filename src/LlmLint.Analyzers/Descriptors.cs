using LlmLint.Diagnostics;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers
{
    /// <summary>Every descriptor LlmLint reports, built through one factory.</summary>
    internal static class Descriptors
    {
        private const string HelpLinkFormat = "https://github.com/llmlint/llmlint/blob/main/docs/rules/{0}.md";

        internal static class Categories
        {
            public const string Reliability = "Reliability";
            public const string Usage = "Usage";
            public const string Performance = "Performance";
            public const string Security = "Security";
        }

        public static readonly DiagnosticDescriptor CatalogOverrideInvalid = Create(
            DiagnosticIds.CatalogOverrideInvalid,
            "Model catalog override is invalid",
            "Model catalog file '{0}' is invalid and was ignored: {1}",
            Categories.Reliability,
            DiagnosticSeverity.Warning,
            "A model catalog file given as an AdditionalFiles item (llmlint.models.json or llmlint.catalog.json) could not be read. LlmLint falls back to the built-in catalog, so cost figures and tiers may not match your overrides.");

        public static readonly DiagnosticDescriptor UseSmallerModel = Create(
            DiagnosticIds.UseSmallerModel,
            "Use a smaller model for classification or extraction",
            "'{0}' is a {1}-tier model used for {2} ({3}); about {4} per 1,000 calls, {5} with '{6}'",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "Classification and extraction tasks with a small, fixed output are served well by Small-tier models at a fraction of the price. A Large- or Frontier-tier model at such a call site usually costs 10 to 30 times more for the same answer. The rule reports a Warning when the evidence is structural (typed enum/bool/small record result, parsing the answer into an enum or bool, a small JSON schema, a tiny output budget) and an Info when it rests on the prompt text alone.");

        public static readonly DiagnosticDescriptor OversizedPromptLiteral = Create(
            DiagnosticIds.OversizedPromptLiteral,
            "Prompt literal is oversized",
            "Prompt literal is about {0} tokens (threshold {1}){2}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A large prompt literal is sent, and billed, on every call. Move stable instructions into a cached prefix (provider prompt caching), shorten it, or load it from a versioned prompt file so that its size and cost are visible and reviewed.");

        public static readonly DiagnosticDescriptor CacheDeterministicCall = Create(
            DiagnosticIds.CacheDeterministicCall,
            "Cache this deterministic LLM call",
            "This {0} call to '{1}' is deterministic and runs {2}, but nothing caches it",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A classification or extraction call, or a single-turn call at temperature 0 without tools, returns the same answer for the same input. When it runs in a loop or on a request path, an exact cache (UseDistributedCache, LlmLint caching clients, HybridCache or IMemoryCache around the call, or [Cache] on the method) removes repeated spending.");

        public static readonly DiagnosticDescriptor CacheKeyUnsound = Create(
            DiagnosticIds.CacheDeterministicCall,
            "Cache this deterministic LLM call",
            "The cache key around this LLM call {0}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A cache key that contains DateTime.Now, Guid.NewGuid or Random never hits, and a key that omits a value that flows into the prompt serves one input's answer for another. Build the key from exactly the values that shape the prompt.");

        private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description, bool isEnabledByDefault = true)
        {
            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault,
                description,
                string.Format(System.Globalization.CultureInfo.InvariantCulture, HelpLinkFormat, id));
        }
    }
}
