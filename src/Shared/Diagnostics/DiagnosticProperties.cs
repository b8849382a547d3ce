#nullable enable
namespace LlmLint.Diagnostics
{
    /// <summary>
    /// Keys of <c>Diagnostic.Properties</c> written by the analyzers and read by the code fixes and the CLI.
    /// Values are invariant-culture strings.
    /// </summary>
    internal static class DiagnosticProperties
    {
        /// <summary>The resolved model id at the call site, as written in code (e.g. <c>gpt-4o</c>).</summary>
        public const string ModelId = "ModelId";

        /// <summary>The canonical catalog id of <see cref="ModelId"/>.</summary>
        public const string CatalogModelId = "CatalogModelId";

        /// <summary>LLM2000: where the model comes from when more than a literal at the call ("configuration key 'AI:ChatModel': empty in appsettings.json").</summary>
        public const string ModelProvenance = "ModelProvenance";

        /// <summary>The catalog tier of the model (<c>Small</c>, <c>Medium</c>, <c>Large</c>, <c>Frontier</c>).</summary>
        public const string ModelTier = "ModelTier";

        /// <summary>The provider of the model (<c>openai</c>, <c>anthropic</c>, ...).</summary>
        public const string Provider = "Provider";

        /// <summary>The Small-tier model suggested in place of <see cref="ModelId"/> (LLM2001).</summary>
        public const string SuggestedModelId = "SuggestedModelId";

        /// <summary>
        /// How the model id is written where the fix must edit it: <c>Literal</c> (a string literal; the literal is
        /// <c>Diagnostic.AdditionalLocations[0]</c>), <c>Const</c> (the initializer literal of a const or static readonly
        /// field in this project, also at <c>AdditionalLocations[0]</c>) or <c>None</c> (not fixable).
        /// </summary>
        public const string ModelIdWrittenAs = "ModelIdWrittenAs";

        /// <summary>The name of the const/field holding the model id, when <see cref="ModelIdWrittenAs"/> is <c>Const</c>.</summary>
        public const string ModelIdSymbol = "ModelIdSymbol";

        /// <summary>The inferred task kind: <c>Classification</c>, <c>Extraction</c> or <c>Other</c>.</summary>
        public const string TaskKind = "TaskKind";

        /// <summary>The strongest evidence for the task kind: <c>Structural</c> or <c>Textual</c>.</summary>
        public const string EvidenceStrength = "EvidenceStrength";

        /// <summary>Human-readable evidence, separated by <c>"; "</c>.</summary>
        public const string Evidence = "Evidence";

        /// <summary>The SDK of the call site: <c>MicrosoftExtensionsAI</c>, <c>OpenAI</c>, <c>Anthropic</c>, <c>SemanticKernel</c>.</summary>
        public const string Sdk = "Sdk";

        /// <summary>Estimated tokens of a prompt literal (LLM2002) or of the whole known prompt (LLM2001).</summary>
        public const string EstimatedTokens = "EstimatedTokens";

        /// <summary>Estimated USD per 1,000 calls at the site's model (invariant decimal).</summary>
        public const string CostPer1000Calls = "CostPer1000Calls";

        /// <summary>Estimated USD per 1,000 calls with <see cref="SuggestedModelId"/> (invariant decimal).</summary>
        public const string SuggestedCostPer1000Calls = "SuggestedCostPer1000Calls";

        /// <summary>
        /// LLM2003 variant: <c>NotCached</c> (no cache around the call), <c>NonDeterministicKey</c> or <c>KeyOmitsPromptInput</c>.
        /// </summary>
        public const string CacheIssue = "CacheIssue";

        /// <summary>
        /// LLM2003 fix: <c>InsertUseDistributedCache</c> when the client comes from a Microsoft.Extensions.AI builder in this
        /// project and the in-memory store types are referenced (the fix passes its own <c>MemoryDistributedCache</c>); the
        /// <c>.Build()</c> invocation to extend is <c>Diagnostic.AdditionalLocations[0]</c>.
        /// </summary>
        public const string CacheFix = "CacheFix";

        /// <summary>
        /// Why the site runs repeatedly: <c>Loop</c> (LLM2005, LLM2003); for LLM2003 also <c>CallerLoop</c>,
        /// <c>BackgroundJob</c>, <c>ConstantPrompt</c> or <c>LowCardinality</c> (the first piece of recurrence evidence).
        /// </summary>
        public const string HotPath = "HotPath";

        /// <summary>LLM2000: <c>true</c> when the model id is in the catalog; otherwise the cost properties are absent.</summary>
        public const string ModelKnown = "ModelKnown";

        /// <summary>LLM2000: estimated input tokens per call (folded prompt; documented defaults for unknown parts).</summary>
        public const string InputTokens = "InputTokens";

        /// <summary>LLM2000: estimated output tokens per call (the output limit, or a task-kind default).</summary>
        public const string OutputTokens = "OutputTokens";

        /// <summary>LLM2000: estimated USD per call (invariant decimal); absent when the model is unknown.</summary>
        public const string CostPerCall = "CostPerCall";

        /// <summary>LLM2000: calls per day assumed for the site (<c>[CallVolume]</c>, option, or the default 1,000).</summary>
        public const string CallsPerDay = "CallsPerDay";

        /// <summary>LLM2000: where <see cref="CallsPerDay"/> comes from: <c>Attribute</c>, <c>Option</c> or <c>Default</c>.</summary>
        public const string CallsPerDaySource = "CallsPerDaySource";

        /// <summary>The call-site id: the containing method as <c>Namespace.Type.Method</c>.</summary>
        public const string CallSite = "CallSite";

        /// <summary>LLM2001: estimated USD saved per 1,000 calls with <see cref="SuggestedModelId"/> (invariant decimal).</summary>
        public const string SavingPer1000Calls = "SavingPer1000Calls";

        /// <summary>LLM2004 fix: <c>SwapConcatenation</c> or <c>MoveInterpolationHoles</c>; the expression is <c>AdditionalLocations[0]</c>.</summary>
        public const string ReorderFix = "ReorderFix";

        /// <summary>LLM2004 fix: the source text that replaces the prompt expression at <c>AdditionalLocations[0]</c>.</summary>
        public const string ReorderedText = "ReorderedText";

        /// <summary>LLM2007: <c>Unknown</c> or <c>Retired</c>.</summary>
        public const string ModelProblem = "ModelProblem";

        /// <summary>Value of <see cref="ModelIdWrittenAs"/> for a string literal at the call site.</summary>
        public const string WrittenAsLiteral = "Literal";

        /// <summary>Value of <see cref="ModelIdWrittenAs"/> for a const/static readonly field initializer.</summary>
        public const string WrittenAsConst = "Const";

        /// <summary>Value of <see cref="CacheFix"/>.</summary>
        public const string InsertUseDistributedCache = "InsertUseDistributedCache";

        /// <summary>
        /// LLM2005 fix: how the call's request is marked for the batch route (<c>WithBatch()</c>): <see cref="MarkOptions"/>
        /// (the options argument is <c>AdditionalLocations[0]</c>) or <see cref="AddBatchOptions"/> (the last argument is
        /// <c>AdditionalLocations[0]</c>). Set only outside a request path and when the compilation references LlmLint.
        /// </summary>
        public const string BatchFix = "BatchFix";

        /// <summary>Value of <see cref="BatchFix"/>: the call passes options; they are marked (a copy, unless made at the call).</summary>
        public const string MarkOptions = "MarkOptions";

        /// <summary>Value of <see cref="BatchFix"/>: the call passes no options; marked options are added.</summary>
        public const string AddBatchOptions = "AddBatchOptions";
    }
}
