using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.SemanticCache.Verification;

/// <summary>
/// An opt-in verifier that asks the small tier "do these two requests have the same answer?" and accepts a candidate only
/// on a plain <c>YES</c>. It fails closed: a timeout, an error or any other reply rejects the candidate (a miss, never a
/// wrong hit). Put it behind the built-in guards so it runs only on candidates they accepted:
/// <c>options.Verifier = new VerifierChain(options.Verifier, judge)</c>. Each verdict is metered as the cache's own cost
/// (function <see cref="SemanticCacheOverhead.JudgeFunction"/>) and counted in <see cref="Overhead"/>. It is also an
/// <see cref="Calibration.IAnswerComparer"/> for shadow checks of free-text answers (<see cref="AreEquivalentAsync"/>).
/// </summary>
/// <remarks>
/// Thread-safe. The synchronous <see cref="Verify"/> cannot ask a model and rejects; the cache always calls
/// <see cref="VerifyAsync"/>. Key texts go to the judge model: only use a judge that may see the prompts.
/// </remarks>
public sealed class SmallTierJudgeVerifier : IHitVerifier, Calibration.IAnswerComparer
{
    /// <summary>The judge's instructions.</summary>
    public const string Instructions =
        "You decide whether a cached answer may be reused. Two user requests are given. Reply YES if one correct answer answers both "
        + "requests exactly (same action, object, amounts, dates, names, direction and scope), otherwise NO. Reply with one word: YES or NO.";

    /// <summary>The judge's instructions when it compares a cached answer with a fresh one (a shadow check).</summary>
    public const string AnswerInstructions =
        "You check a cached answer. A user request and two answers to it are given. Reply YES if answer A is as correct for the "
        + "request as answer B (the same facts, values and decision; wording may differ), otherwise NO. Reply with one word: YES or NO.";

    private readonly IChatClient _judge;
    private readonly SmallTierJudgeOptions _options;

    /// <summary>Initializes a new instance of the <see cref="SmallTierJudgeVerifier"/> class.</summary>
    /// <param name="smallTier">The small tier's client (the keyed service <see cref="LlmLintServiceKeys.Small"/>).</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public SmallTierJudgeVerifier(IChatClient smallTier, SmallTierJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(smallTier);
        _options = options ?? new SmallTierJudgeOptions();
        if (_options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SmallTierJudgeOptions.Timeout must be positive (was {_options.Timeout}).", nameof(options));
        }

        _judge = SemanticCacheOverhead.Metered(smallTier, _options.Ledger, _options.Calculator, Tier.Small);
    }

    /// <summary>Gets the counters of verdict calls: calls, failures, timeouts and their metered cost.</summary>
    public CacheOverheadCounters Overhead { get; } = new();

    /// <summary>Creates a judge on the small tier registered by <c>AddLlmLint</c> (keyed <see cref="LlmLintServiceKeys.Small"/>), metered into the registered <see cref="ICostLedger"/> if any.</summary>
    /// <param name="services">The service provider.</param>
    /// <param name="options">The options; its ledger defaults to the registered one.</param>
    /// <returns>The judge.</returns>
    public static SmallTierJudgeVerifier FromServices(IServiceProvider services, SmallTierJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new SmallTierJudgeOptions();
        options.Ledger ??= services.GetService<ICostLedger>();
        return new SmallTierJudgeVerifier(services.GetRequiredKeyedService<IChatClient>(LlmLintServiceKeys.Small), options);
    }

    /// <inheritdoc/>
    public HitVerification Verify(string query, string candidate, float similarity)
        => new(GuardVerdict.Rejected, "the judge answers only asynchronously");

    /// <inheritdoc/>
    public async ValueTask<HitVerification> VerifyAsync(string query, string candidate, float similarity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        (bool? same, string reason) = await AskAsync(
            Instructions,
            $"Request A:\n<<<\n{query}\n>>>\nRequest B:\n<<<\n{candidate}\n>>>\nDo A and B have the same answer? YES or NO.",
            cancellationToken);
        return same switch
        {
            true => new HitVerification(GuardVerdict.Accepted, "judge: same answer"),
            false => new HitVerification(GuardVerdict.Rejected, "judge: different answer"),
            null => new HitVerification(GuardVerdict.Rejected, reason),
        };
    }

    /// <summary>
    /// Compares a cached answer with a fresh one for a shadow check (<see cref="SemanticCacheOptions.AnswerComparer"/>):
    /// <see langword="true"/> on a plain <c>YES</c>, <see langword="false"/> on <c>NO</c>. A timeout, an error or another reply
    /// throws, so the shadow check records no outcome rather than a guessed one.
    /// </summary>
    /// <param name="query">The request.</param>
    /// <param name="cachedAnswer">The answer the cache served.</param>
    /// <param name="freshAnswer">The model's answer now.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>Whether the cached answer is right for the request.</returns>
    /// <exception cref="InvalidOperationException">The judge did not give a verdict (timeout, error, unreadable reply).</exception>
    public async ValueTask<bool> AreEquivalentAsync(string query, string cachedAnswer, string freshAnswer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(cachedAnswer);
        ArgumentNullException.ThrowIfNull(freshAnswer);
        (bool? same, string reason) = await AskAsync(
            AnswerInstructions,
            $"Request:\n<<<\n{query}\n>>>\nAnswer A:\n<<<\n{cachedAnswer}\n>>>\nAnswer B:\n<<<\n{freshAnswer}\n>>>\nDo A and B say the same? YES or NO.",
            cancellationToken);
        return same ?? throw new InvalidOperationException($"The small-tier judge gave no verdict ({reason}).");
    }

    /// <summary>Asks the judge one question; <see langword="null"/> with the reason when it gave no plain YES or NO.</summary>
    private async ValueTask<(bool? Yes, string Reason)> AskAsync(string instructions, string question, CancellationToken cancellationToken)
    {
        var messages = new List<ChatMessage> { new(ChatRole.System, instructions), new(ChatRole.User, question) };
        ChatOptions options = SemanticCacheOverhead.OptionsFor(null, SemanticCacheOverhead.JudgeFunction);
        options.ModelId = _options.ModelId;
        options.Temperature = 0;
        options.MaxOutputTokens = 3;

        Overhead.CountCall();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        ChatResponse response;
        try
        {
            // Task.Run bounds a client that blocks before returning its task as well as one that ignores the token.
            response = await Task.Run(() => _judge.GetResponseAsync(messages, options, timeout.Token), timeout.Token).WaitAsync(_options.Timeout, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            Overhead.CountTimeout();
            return (null, "judge timed out");
        }
        catch (Exception)
        {
            Overhead.CountFailure();
            return (null, "judge failed");
        }

        Overhead.AddCost(SemanticCacheOverhead.CostOf(response));
        ReadOnlySpan<char> word = response.Text.AsSpan().Trim().TrimEnd(".!".AsSpan());
        if (word.Equals("YES", StringComparison.OrdinalIgnoreCase))
        {
            return (true, string.Empty);
        }

        if (word.Equals("NO", StringComparison.OrdinalIgnoreCase))
        {
            return (false, string.Empty);
        }

        Overhead.CountFailure();
        return (null, "judge reply unreadable");
    }
}
