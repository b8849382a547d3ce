namespace LlmLint.DependencyInjection;

/// <summary>
/// The service keys under which <see cref="LlmLintServiceCollectionExtensions.AddLlmLint"/> registers each tier's client
/// (Microsoft.Extensions.AI's <c>AddKeyedChatClient</c>): resolve one with
/// <c>GetRequiredKeyedService&lt;IChatClient&gt;("llmlint:small")</c> or <c>[FromKeyedServices("llmlint:small")]</c>.
/// </summary>
public static class LlmLintServiceKeys
{
    /// <summary>The key of the <see cref="Tier.Small"/> client.</summary>
    public const string Small = "llmlint:small";

    /// <summary>The key of the <see cref="Tier.Medium"/> client.</summary>
    public const string Medium = "llmlint:medium";

    /// <summary>The key of the <see cref="Tier.Large"/> client.</summary>
    public const string Large = "llmlint:large";

    /// <summary>The key of the <see cref="Tier.Frontier"/> client.</summary>
    public const string Frontier = "llmlint:frontier";

    /// <summary>Gets the key of a tier's client.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>The key, for example <c>"llmlint:small"</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tier"/> is not a defined tier.</exception>
    public static string ForTier(Tier tier) => tier switch
    {
        Tier.Small => Small,
        Tier.Medium => Medium,
        Tier.Large => Large,
        Tier.Frontier => Frontier,
        _ => throw new ArgumentOutOfRangeException(nameof(tier), tier, "Unknown tier: expected Small, Medium, Large or Frontier."),
    };
}
