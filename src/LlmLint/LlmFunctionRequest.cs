namespace LlmLint;

/// <summary>One rendered call of an LLM function, as generated code hands it to <see cref="ILlmRuntime"/>.</summary>
public sealed class LlmFunctionRequest
{
    /// <summary>Gets the function identity, <c>Namespace.Type.Method</c>; it tags metrics and is part of every cache key.</summary>
    public required string FunctionId { get; init; }

    /// <summary>Gets a hash of the prompt template (and system prompt); changing the template invalidates cached answers.</summary>
    public required string TemplateHash { get; init; }

    /// <summary>Gets the rendered messages.</summary>
    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    /// <summary>Gets the tier that answers the call when <see cref="CascadeTiers"/> is not set.</summary>
    public Tier Tier { get; init; } = Tier.Small;

    /// <summary>Gets the tiers to try in order, cheapest first; an answer that fails validation escalates to the next.</summary>
    public IReadOnlyList<Tier>? CascadeTiers { get; init; }

    /// <summary>Gets the caching policy, or <see langword="null"/> to call the model every time.</summary>
    public LlmCachePolicy? Cache { get; init; }

    /// <summary>Gets the normalised argument values that, with the function identity, template hash and tier, key the exact cache.</summary>
    public string? CacheKey { get; init; }

    /// <summary>Gets the free-text argument a semantic cache compares, when the cache is semantic.</summary>
    public string? SemanticKeyText { get; init; }

    /// <summary>Gets the distillation policy (<see cref="DistillAttribute"/>), or <see langword="null"/> when the function is not distilled.</summary>
    public Distillation.LlmDistillationPolicy? Distillation { get; init; }

    /// <summary>Gets the text a distilled function's student reads: its single free-text argument, else the rendered prompt.</summary>
    public string? DistillationInput { get; init; }

    /// <summary>Gets the normalised argument values (<c>name=length:value;</c>) a distilled function's captures record; <see cref="CacheKey"/> when <see langword="null"/>.</summary>
    public string? Arguments { get; init; }

    /// <summary>Gets the response format (a JSON schema for structured results).</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    /// <summary>Gets the output-token limit.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Gets the sampling temperature.</summary>
    public float? Temperature { get; init; }

    /// <summary>Gets a value indicating whether the call may wait for a provider batch (<c>[Batch]</c>): the request carries <see cref="LlmLintPropertyKeys.Batch"/>, and a tier pipeline with <c>UseBatching(executor, markedOnly: true)</c> sends it to the batch API.</summary>
    public bool Batch { get; init; }
}

/// <summary>How a generated LLM function caches its answers.</summary>
public sealed class LlmCachePolicy
{
    /// <summary>Gets a value indicating whether a paraphrase of <see cref="LlmFunctionRequest.SemanticKeyText"/> may hit.</summary>
    public bool Semantic { get; init; }

    /// <summary>Gets the similarity threshold for a semantic hit; 0 uses the runtime default.</summary>
    public double Threshold { get; init; }

    /// <summary>Gets the time to live, or <see langword="null"/> for the runtime default.</summary>
    public TimeSpan? Ttl { get; init; }
}
