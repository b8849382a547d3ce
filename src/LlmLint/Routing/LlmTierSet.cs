namespace LlmLint.Routing;

/// <summary>One registered tier: its client and the model id that client calls.</summary>
/// <param name="Tier">The tier.</param>
/// <param name="Client">The client.</param>
/// <param name="ModelId">The model id, used for pricing and as the default <see cref="ChatOptions.ModelId"/> in cache keys.</param>
public sealed record TierRegistration(Tier Tier, IChatClient Client, string? ModelId);

/// <summary>
/// The clients registered per <see cref="Tier"/>. A request for a tier with no client goes to the next larger registered tier.
/// </summary>
/// <remarks>Register during start-up; lookups are thread-safe once registration is done.</remarks>
public sealed class LlmTierSet
{
    private const int TierCount = (int)Tier.Frontier + 1;
    private readonly TierRegistration?[] _tiers = new TierRegistration?[TierCount];

    /// <summary>Registers (or replaces) the client of a tier.</summary>
    /// <param name="tier">The tier.</param>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id the client calls.</param>
    /// <returns>This set.</returns>
    public LlmTierSet Add(Tier tier, IChatClient client, string? modelId = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _tiers[CheckTier(tier, nameof(tier))] = new TierRegistration(tier, client, modelId);
        return this;
    }

    /// <summary>Gets a value indicating whether any tier is registered.</summary>
    public bool IsEmpty
    {
        get
        {
            foreach (TierRegistration? t in _tiers)
            {
                if (t is not null)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>Gets the registration of exactly <paramref name="tier"/>, without fallback.</summary>
    /// <param name="tier">The tier.</param>
    /// <returns>The registration, or <see langword="null"/>.</returns>
    public TierRegistration? GetExact(Tier tier) => _tiers[CheckTier(tier, nameof(tier))];

    /// <summary>Gets the client for <paramref name="tier"/>, or for the next larger registered tier.</summary>
    /// <param name="tier">The requested tier.</param>
    /// <returns>The registration that serves it.</returns>
    /// <exception cref="InvalidOperationException">Neither <paramref name="tier"/> nor any larger tier is registered.</exception>
    public TierRegistration Resolve(Tier tier)
    {
        for (int i = CheckTier(tier, nameof(tier)); i < TierCount; i++)
        {
            if (_tiers[i] is { } registration)
            {
                return registration;
            }
        }

        throw new InvalidOperationException(
            $"No chat client is registered for tier {tier} or any larger tier. Register one with AddTier(Tier.{tier}, client, modelId) (registered: {Describe()}).");
    }

    /// <summary>Gets the smallest registered tier.</summary>
    /// <returns>The registration.</returns>
    /// <exception cref="InvalidOperationException">No tier is registered.</exception>
    public TierRegistration Smallest() => Resolve(Tier.Small);

    private string Describe()
    {
        var text = string.Empty;
        foreach (TierRegistration? t in _tiers)
        {
            if (t is not null)
            {
                text += (text.Length == 0 ? string.Empty : ", ") + t.Tier + (t.ModelId is null ? string.Empty : "=" + t.ModelId);
            }
        }

        return text.Length == 0 ? "none" : text;
    }

    private static int CheckTier(Tier tier, string paramName) =>
        (uint)tier < TierCount ? (int)tier : throw new ArgumentOutOfRangeException(paramName, tier, "Unknown tier.");
}
