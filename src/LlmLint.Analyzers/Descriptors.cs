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
            "A classification or extraction call, or a single-turn call at temperature 0 without tools, returns the same answer for the same input. When the same input recurs (a loop over items, a background or scheduled job, a prompt with no or few variable parts), an exact cache (UseDistributedCache, LlmLint caching clients, HybridCache or IMemoryCache around the call, or [Cache] on the method) removes repeated spending.");

        public static readonly DiagnosticDescriptor CacheKeyUnsound = Create(
            DiagnosticIds.CacheDeterministicCall,
            "Cache this deterministic LLM call",
            "The cache key around this LLM call {0}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A cache key that contains DateTime.Now, Guid.NewGuid or Random never hits, and a key that omits a value that flows into the prompt serves one input's answer for another. Build the key from exactly the values that shape the prompt.");

        public static readonly DiagnosticDescriptor CallSite = Create(
            DiagnosticIds.CallSite,
            "LLM call site",
            "LLM call to '{0}' ({1}): about {2} per 1,000 calls at {3} calls/day",
            Categories.Performance,
            DiagnosticSeverity.Hidden,
            "Marks every recognised LLM call site with its provider, model, tier, task kind, estimated input and output tokens, estimated cost per call and per 1,000 calls, and the daily call volume. Hidden by default; the llmlint CLI raises it to read the properties and build the cost report.");

        public static readonly DiagnosticDescriptor StaticPrefixFirst = Create(
            DiagnosticIds.StaticPrefixFirst,
            "Put the static prompt prefix first",
            "Dynamic content comes before about {0} tokens of static text in the {1}; put the static text first so provider prompt caching can reuse it{2}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "Provider prompt caching (OpenAI automatic prefix caching, Anthropic cache_control) reuses the longest identical prefix of a request and bills it at a fraction of the input price. An interpolation hole or user input ahead of a large static block makes every prefix different, so nothing is cached.");

        public static readonly DiagnosticDescriptor CallInLoop = Create(
            DiagnosticIds.CallInLoop,
            "LLM call inside a loop",
            "LLM call to '{0}' runs once per item ({1}); a batch API is about {2}% cheaper, or cache repeated items",
            Categories.Performance,
            DiagnosticSeverity.Info,
            "A call per item of a collection pays the full online price for work that rarely needs an immediate answer. Provider batch APIs (OpenAI Batch, Anthropic Message Batches) run the same requests at about half the price, and an exact cache removes repeated items.");

        public static readonly DiagnosticDescriptor PromptCacheBreakpoint = Create(
            DiagnosticIds.PromptCacheBreakpoint,
            "Mark the static prompt for the provider's prompt cache",
            "About {0} tokens of static system prompt go to '{1}' on every call without a cache_control breakpoint; Anthropic caches only up to a breakpoint, so each call pays full input price for it{2}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "Anthropic bills a repeated prompt prefix at about a tenth of the input price, but only up to a cache_control breakpoint the request sets; without one the same long system prompt is billed in full on every call. A breakpoint on the last static block (the system prompt) makes the second and later calls within the cache's lifetime read it from the cache.");

        public static readonly DiagnosticDescriptor SetOutputTokenLimit = Create(
            DiagnosticIds.SetOutputTokenLimit,
            "Set an output-token limit",
            "This call to '{0}' sets no output-token limit ({1})",
            Categories.Performance,
            DiagnosticSeverity.Info,
            "Output tokens cost 3 to 5 times as much as input tokens. Without a limit, a verbose or looping answer is billed up to the model's maximum output. Set the limit the task needs.");

        public static readonly DiagnosticDescriptor UnknownModel = Create(
            DiagnosticIds.UnknownOrRetiredModel,
            "Unknown or retired model id",
            "Model id '{0}' is not in the model catalog{1}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A model id that no provider serves fails at run time, and cost estimates for it are impossible. A retired model stops answering on its retirement date. The rule checks model ids written in code (literals and constants) against the model catalog, including llmlint.models.json overrides.");

        public static readonly DiagnosticDescriptor RetiredModel = Create(
            DiagnosticIds.UnknownOrRetiredModel,
            "Unknown or retired model id",
            "Model id '{0}' is retired{1}",
            Categories.Performance,
            DiagnosticSeverity.Warning,
            "A model id that no provider serves fails at run time, and cost estimates for it are impossible. A retired model stops answering on its retirement date. The rule checks model ids written in code (literals and constants) against the model catalog, including llmlint.models.json overrides.");

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
