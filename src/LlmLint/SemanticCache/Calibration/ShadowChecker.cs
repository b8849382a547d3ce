using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.SemanticCache.Verification;
using Microsoft.Extensions.Logging;

namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// Produces verified outcomes in the background for a sample (<see cref="SemanticCacheOptions.ShadowCheckRate"/>) of
/// lookups: a hit is asked upstream again and the fresh answer compared with the served one; a miss whose nearest entry
/// lay just below the threshold (and that the verifier accepts) has its fresh answer compared with that entry's, at no
/// model cost. At most <see cref="SemanticCacheOptions.MaxConcurrentShadowChecks"/> run at once; the rest are skipped
/// and counted. Upstream calls are tagged <see cref="SemanticCacheOverhead.ShadowCheckFunction"/> and metered.
/// </summary>
/// <remarks>Thread-safe. A failing or timed-out check records nothing and never reaches the caller.</remarks>
internal sealed partial class ShadowChecker
{
    private readonly IChatClient _upstream;
    private readonly ThresholdCalibrator _calibrator;
    private readonly SemanticCacheOptions _options;
    private readonly ILogger _logger;
    private int _running;

    public ShadowChecker(IChatClient upstream, ThresholdCalibrator calibrator, SemanticCacheOptions options, ILogger logger)
    {
        _upstream = SemanticCacheOverhead.Metered(upstream, options.OverheadLedger, options.OverheadCalculator, null);
        _calibrator = calibrator;
        _options = options;
        _logger = logger;
    }

    /// <summary>Gets the counters of the upstream calls of shadow checks.</summary>
    public CacheOverheadCounters Overhead { get; } = new();

    /// <summary>Gets the number of checks running.</summary>
    public int Running => Volatile.Read(ref _running);

    /// <summary>Samples a lookup for a check and takes a slot of the concurrency bound (no allocation).</summary>
    /// <returns><see langword="true"/> when the caller must start a check (which releases the slot).</returns>
    public bool TryAcquire()
    {
        double rate = _options.ShadowCheckRate;
        if (rate <= 0 || (rate < 1 && Random.Shared.NextDouble() >= rate))
        {
            return false;
        }

        if (Interlocked.Increment(ref _running) > _options.MaxConcurrentShadowChecks)
        {
            Interlocked.Decrement(ref _running);
            _calibrator.Statistics.CountShadowSkipped();
            return false;
        }

        _calibrator.Statistics.CountShadowCheck();
        return true;
    }

    /// <summary>Starts the check of a served hit: the request is asked upstream again and the answers compared.</summary>
    public void StartHitCheck(IList<ChatMessage> messages, ChatOptions? options, string keyText, string servedAnswer, SemanticPartition partition, float similarity)
    {
        var copy = new List<ChatMessage>(messages);
        ChatOptions shadowOptions = SemanticCacheOverhead.OptionsFor(options, SemanticCacheOverhead.ShadowCheckFunction);
        _ = Task.Run(() => RunHitCheckAsync(copy, shadowOptions, keyText, servedAnswer, partition, similarity));
    }

    /// <summary>Starts the check of a miss: would its nearest entry (below the threshold) have been right?</summary>
    public void StartMissCheck(string keyText, SemanticSearchResult nearest, string freshAnswer, SemanticPartition partition)
        => _ = Task.Run(() => RunMissCheckAsync(keyText, nearest, freshAnswer, partition));

    /// <summary>Waits until no check is running (for tests and graceful shutdown).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task.</returns>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _running) > 0)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task RunHitCheckAsync(List<ChatMessage> messages, ChatOptions options, string keyText, string servedAnswer, SemanticPartition partition, float similarity)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ShadowCheckTimeout);
            Overhead.CountCall();
            ChatResponse fresh = await _upstream.GetResponseAsync(messages, options, timeout.Token).WaitAsync(timeout.Token);
            Overhead.AddCost(SemanticCacheOverhead.CostOf(fresh));
            if (!SemanticCachingChatClient.IsCacheable(fresh))
            {
                return; // a truncated, refused or tool-calling answer verifies nothing
            }

            bool same = await _options.AnswerComparer.AreEquivalentAsync(keyText, servedAnswer, fresh.Text, timeout.Token);
            _calibrator.Record(partition, similarity, !same);
        }
        catch (OperationCanceledException)
        {
            Overhead.CountTimeout();
        }
        catch (Exception ex)
        {
            Overhead.CountFailure();
            LogShadowFailed(_logger, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task RunMissCheckAsync(string keyText, SemanticSearchResult nearest, string freshAnswer, SemanticPartition partition)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_options.ShadowCheckTimeout);
            if (CachedResponseReader.TryRead(nearest.Payload.Span) is not { } stored)
            {
                return;
            }

            // Only a candidate the verifier would accept counts: outcomes describe what the cache would serve.
            if (_options.Verifier is { } verifier
                && (await verifier.VerifyAsync(keyText, nearest.KeyText, nearest.Similarity, timeout.Token)).Verdict == GuardVerdict.Rejected)
            {
                return;
            }

            bool same = await _options.AnswerComparer.AreEquivalentAsync(keyText, stored.Text, freshAnswer, timeout.Token);
            _calibrator.Record(partition, nearest.Similarity, !same);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogShadowFailed(_logger, ex);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "A semantic-cache shadow check failed; no outcome was recorded")]
    private static partial void LogShadowFailed(ILogger logger, Exception exception);
}
