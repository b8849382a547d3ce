using System.Threading.Tasks;

namespace LlmLint.Routing;

/// <summary>Chooses the tier that answers a request. Implementations are thread-safe.</summary>
public interface IRouter
{
    /// <summary>Chooses the tier for a request.</summary>
    /// <param name="messages">The request's messages.</param>
    /// <param name="options">The request's options.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The tier.</returns>
    ValueTask<Tier> RouteAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken);
}

/// <summary>
/// The default router: an explicit <see cref="LlmLintPropertyKeys.Tier"/> wins; otherwise a task hint in the options
/// (<see cref="TaskHintKey"/>) or the prompt length decides.
/// </summary>
/// <remarks>Thread-safe. Rules, first match wins: explicit tier; task hint in <see cref="TaskTiers"/>; prompt of more than
/// <see cref="LargePromptChars"/> characters → <see cref="LargePromptTier"/>; tools or a JSON schema → <see cref="StructuredTier"/>;
/// otherwise <see cref="DefaultTier"/>.</remarks>
public sealed class RuleBasedRouter : IRouter
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of a task hint string (for example <c>"classify"</c>).</summary>
    public const string TaskHintKey = "llmlint.task";

    /// <summary>Gets or sets the tier of requests no rule matches.</summary>
    public Tier DefaultTier { get; set; } = Tier.Small;

    /// <summary>Gets or sets the tier of long prompts.</summary>
    public Tier LargePromptTier { get; set; } = Tier.Large;

    /// <summary>Gets or sets the prompt length in characters above which <see cref="LargePromptTier"/> answers.</summary>
    public int LargePromptChars { get; set; } = 24_000;

    /// <summary>Gets or sets the tier of requests with tools or a JSON schema.</summary>
    public Tier StructuredTier { get; set; } = Tier.Small;

    /// <summary>Gets the tier per task hint (ordinal, case-insensitive).</summary>
    public IDictionary<string, Tier> TaskTiers { get; } = new Dictionary<string, Tier>(StringComparer.OrdinalIgnoreCase)
    {
        ["classify"] = Tier.Small,
        ["extract"] = Tier.Small,
        ["summarize"] = Tier.Medium,
        ["translate"] = Tier.Medium,
        ["reason"] = Tier.Large,
        ["code"] = Tier.Large,
        ["plan"] = Tier.Frontier,
    };

    /// <inheritdoc />
    public ValueTask<Tier> RouteAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        if (ChatOptionsProperties.TryGet(options, LlmLintPropertyKeys.Tier, out Tier explicitTier))
        {
            return new ValueTask<Tier>(explicitTier);
        }

        if (ChatOptionsProperties.Get<string>(options, TaskHintKey) is { } hint && TaskTiers.TryGetValue(hint, out Tier hinted))
        {
            return new ValueTask<Tier>(hinted);
        }

        long chars = options?.Instructions?.Length ?? 0;
        foreach (ChatMessage m in messages)
        {
            foreach (AIContent c in m.Contents)
            {
                if (c is TextContent t)
                {
                    chars += t.Text?.Length ?? 0;
                }
            }
        }

        if (chars > LargePromptChars)
        {
            return new ValueTask<Tier>(LargePromptTier);
        }

        if (options?.Tools is { Count: > 0 } || options?.ResponseFormat is ChatResponseFormatJson { Schema: not null })
        {
            return new ValueTask<Tier>(StructuredTier);
        }

        return new ValueTask<Tier>(DefaultTier);
    }
}
