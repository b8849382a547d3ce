using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.SemanticCache.Verification;

/// <summary>
/// An opt-in verifier that asks the small tier "do these two requests have the same answer?" and accepts a candidate only
/// on a plain <c>YES</c>. It fails closed: a timeout, an error or any other reply rejects the candidate (a miss, never a
/// wrong hit). Put it behind the built-in guards so it runs only on candidates they accepted:
/// <c>options.Verifier = new VerifierChain(options.Verifier, judge)</c>. Each verdict is metered as the cache's own cost
/// (function <see cref="SemanticCacheOverhead.JudgeFunction"/>) and counted in <see cref="Overhead"/>.
/// </summary>
/// <remarks>
/// Thread-safe. The synchronous <see cref="Verify"/> cannot ask a model and rejects; the cache always calls
/// <see cref="VerifyAsync"/>. Key texts go to the judge model: only use a judge that may see the prompts.
/// </remarks>
public sealed class SmallTierJudgeVerifier : IHitVerifier
{
    /// <summary>The judge's instructions.</summary>
    public const string Instructions =
        "You decide whether a cached answer may be reused. Two user requests are given. Reply YES if one correct answer answers both "
        + "requests exactly (same action, object, amounts, dates, names, direction and scope), otherwise NO. Reply with one word: YES or NO.";

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
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, Instructions),
            new(ChatRole.User, $"Request A:\n<<<\n{query}\n>>>\nRequest B:\n<<<\n{candidate}\n>>>\nDo A and B have the same answer? YES or NO."),
        };
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
            return new HitVerification(GuardVerdict.Rejected, "judge timed out");
        }
        catch (Exception)
        {
            Overhead.CountFailure();
            return new HitVerification(GuardVerdict.Rejected, "judge failed");
        }

        Overhead.AddCost(SemanticCacheOverhead.CostOf(response));
        return Parse(response.Text);
    }

    private HitVerification Parse(string reply)
    {
        ReadOnlySpan<char> word = reply.AsSpan().Trim().TrimEnd(".!".AsSpan());
        if (word.Equals("YES", StringComparison.OrdinalIgnoreCase))
        {
            return new HitVerification(GuardVerdict.Accepted, "judge: same answer");
        }

        if (word.Equals("NO", StringComparison.OrdinalIgnoreCase))
        {
            return new HitVerification(GuardVerdict.Rejected, "judge: different answer");
        }

        Overhead.CountFailure();
        return new HitVerification(GuardVerdict.Rejected, "judge reply unreadable");
    }
}
