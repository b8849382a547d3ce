namespace LlmLint.PromptCaching;

/// <summary>Per-request and per-message settings of <see cref="PromptCachingChatClient"/>.</summary>
public static class PromptCachingChatOptions
{
    /// <summary>Key of <see cref="ChatOptions.AdditionalProperties"/>: the OpenAI <c>prompt_cache_key</c> for this request.</summary>
    public const string PromptCacheKey = "llmlint.prompt_cache.key";

    /// <summary>Key of <see cref="ChatMessage.AdditionalProperties"/>: this system message changes from call to call.</summary>
    public const string Dynamic = "llmlint.prompt_cache.dynamic";

    /// <summary>Sets the OpenAI <c>prompt_cache_key</c> of this request (requests sharing a key and a prefix are routed to the same cache).</summary>
    /// <param name="options">The options.</param>
    /// <param name="key">The key.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithPromptCacheKey(this ChatOptions options, string key)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        (options.AdditionalProperties ??= [])[PromptCacheKey] = key;
        return options;
    }

    /// <summary>
    /// Marks a system message as changing from call to call (a date, a user's name). It is kept out of the cached prefix: among
    /// the leading system messages it is sent after the static ones. Other messages are never moved.
    /// </summary>
    /// <param name="message">The system message.</param>
    /// <returns><paramref name="message"/>.</returns>
    public static ChatMessage MarkPromptDynamic(this ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role != ChatRole.System)
        {
            throw new ArgumentException($"Only system messages can be marked dynamic; this message's role is '{message.Role}'.", nameof(message));
        }

        (message.AdditionalProperties ??= [])[Dynamic] = true;
        return message;
    }

    internal static bool IsDynamic(ChatMessage message) =>
        message.AdditionalProperties?.TryGetValue(Dynamic, out object? d) == true && d is true;
}
