using LlmLint.Metering;

namespace LlmLint.PromptCaching;

/// <summary>Options of <see cref="PromptCachingChatClient"/>.</summary>
public sealed class PromptCachingOptions
{
    /// <summary>Gets or sets the catalog the minimum cacheable prefix comes from; <see cref="CostCalculator.Default"/> when <see langword="null"/>.</summary>
    public CostCalculator? Calculator { get; set; }

    /// <summary>Gets or sets the model id used when neither the request nor the inner client's metadata names one.</summary>
    public string? ModelId { get; set; }

    /// <summary>
    /// Gets or sets the shortest static prefix, in tokens, worth marking for the cache, in place of the catalog's
    /// <c>minCacheableTokens</c> for the model. Needed for a model the catalog does not know.
    /// </summary>
    public int? MinPrefixTokens { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the conversation before the request's last message is cached too (a second
    /// Anthropic breakpoint), so the next turn of the same conversation reads it. Default <see langword="true"/>.
    /// </summary>
    public bool CacheConversation { get; set; } = true;

    /// <summary>
    /// Gets or sets the OpenAI <c>prompt_cache_key</c> of a request, or <see langword="null"/> to derive one from the static prefix.
    /// A key set on the request (<see cref="PromptCachingChatOptions.WithPromptCacheKey"/>) wins.
    /// </summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string?>? PromptCacheKey { get; set; }
}
