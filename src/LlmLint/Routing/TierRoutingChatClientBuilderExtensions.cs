using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Routing;

/// <summary>Adds <see cref="TierRoutingChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class TierRoutingChatClientBuilderExtensions
{
    /// <summary>
    /// Routes each request to a tier's client. The pipeline's inner client serves <paramref name="innerTier"/> unless
    /// <paramref name="tiers"/> registers that tier.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="tiers">The tiers; resolved from services when <see langword="null"/>, else an empty set.</param>
    /// <param name="router">The router; resolved from services when <see langword="null"/>, else a <see cref="RuleBasedRouter"/>.</param>
    /// <param name="innerTier">The tier the inner client serves.</param>
    /// <param name="innerModelId">The model id of the inner client.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseTierRouting(this ChatClientBuilder builder, LlmTierSet? tiers = null, IRouter? router = null, Tier innerTier = Tier.Small, string? innerModelId = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            LlmTierSet source = tiers ?? services.GetService<LlmTierSet>() ?? new LlmTierSet();
            var set = new LlmTierSet();
            for (Tier t = Tier.Small; t <= Tier.Frontier; t++)
            {
                if (source.GetExact(t) is { } r)
                {
                    set.Add(t, r.Client, r.ModelId);
                }
            }

            if (set.GetExact(innerTier) is null)
            {
                set.Add(innerTier, inner, innerModelId);
            }

            return new TierRoutingChatClient(inner, set, router ?? services.GetService<IRouter>());
        });
    }
}
