using System.Runtime.CompilerServices;
using System.Threading.Tasks;

namespace LlmLint.Routing;

/// <summary>
/// Sends each request to the client of a tier chosen per request: <see cref="LlmLintPropertyKeys.Tier"/> when set, otherwise the
/// <see cref="IRouter"/>. A missing tier falls back to the next larger registered tier.
/// </summary>
/// <remarks>
/// Thread-safe. The inner client is the one registered for the smallest tier unless the tier set registers that tier itself.
/// When the chosen tier has a model id and the request sets none, the request is sent with a clone of the options carrying that
/// model id; the caller's options are never changed. The response's <see cref="ChatResponse.AdditionalProperties"/> get
/// <see cref="LlmLintPropertyKeys.Tier"/>. Logs nothing. Disposing it leaves the tier clients (and the inner client) to their owners.
/// </remarks>
public sealed class TierRoutingChatClient : DelegatingChatClient
{
    private readonly LlmTierSet _tiers;
    private readonly IRouter _router;

    /// <summary>Initializes a new instance of the <see cref="TierRoutingChatClient"/> class.</summary>
    /// <param name="innerClient">The fallback client, used for tiers the set does not serve (registered as the smallest tier).</param>
    /// <param name="tiers">The registered tiers.</param>
    /// <param name="router">The router, or <see langword="null"/> for a <see cref="RuleBasedRouter"/>.</param>
    public TierRoutingChatClient(IChatClient innerClient, LlmTierSet tiers, IRouter? router = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        _tiers = tiers;
        _router = router ?? new RuleBasedRouter();
    }

    /// <summary>Gets the tier set.</summary>
    public LlmTierSet Tiers => _tiers;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (TierRegistration target, ChatOptions? sent) = await SelectAsync(messages, options, cancellationToken);
        ChatResponse response = await target.Client.GetResponseAsync(messages, sent, cancellationToken);
        (response.AdditionalProperties ??= new())[LlmLintPropertyKeys.Tier] = target.Tier;
        response.ModelId ??= target.ModelId;
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (TierRegistration target, ChatOptions? sent) = await SelectAsync(messages, options, cancellationToken);
        await foreach (ChatResponseUpdate update in target.Client.GetStreamingResponseAsync(messages, sent, cancellationToken))
        {
            update.ModelId ??= target.ModelId;
            yield return update;
        }
    }

    /// <summary>Chooses the registration that serves a request.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The registration.</returns>
    public async ValueTask<TierRegistration> ResolveAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Tier tier = ChatOptionsProperties.TryGet(options, LlmLintPropertyKeys.Tier, out Tier explicitTier)
            ? explicitTier
            : await _router.RouteAsync(messages, options, cancellationToken);
        return _tiers.Resolve(tier);
    }

    /// <summary>Does not dispose the tier clients: the routing client does not own them.</summary>
    /// <param name="disposing">Whether managed resources are being released.</param>
    protected override void Dispose(bool disposing)
    {
    }

    private async ValueTask<(TierRegistration, ChatOptions?)> SelectAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        TierRegistration target = await ResolveAsync(messages, options, cancellationToken);
        ChatOptions? sent = options;
        if (target.ModelId is not null && options?.ModelId is null)
        {
            sent = options?.Clone() ?? new ChatOptions();
            sent.ModelId = target.ModelId;
        }

        return (target, sent);
    }
}
