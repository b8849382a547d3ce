using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Cascade;

/// <summary>
/// Asks ordered stages, cheapest first: after each answer a scorer accepts it or the cascade escalates to the next stage.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Every decision is recorded on the final response (<see cref="LlmLintPropertyKeys.CascadeDecisions"/>, read with
/// <see cref="LlmLintChatResponseExtensions.GetCascadeDecisions"/>) and passed to <see cref="CascadeOptions.OnDecision"/>. The final response
/// also carries <see cref="LlmLintPropertyKeys.Accepted"/>, <see cref="LlmLintPropertyKeys.CascadeStage"/> and the stage's
/// <see cref="LlmLintPropertyKeys.Tier"/>.</para>
/// <para>An answer refused (<see cref="ChatFinishReason.ContentFilter"/>) or truncated (<see cref="ChatFinishReason.Length"/>)
/// scores 0. A stage that throws, times out (<see cref="CascadeOptions.StageTimeout"/>) or is rate-limited (HTTP 429) is a fault:
/// <see cref="CascadeOptions.OnFault"/> decides whether the cascade escalates or throws <see cref="CascadeException"/>.
/// Cancellation of the caller's token is never a fault: it propagates. When no stage accepts, the last answer is returned marked
/// not accepted, or <see cref="CascadeException"/> is thrown when <see cref="CascadeOptions.ThrowWhenNoneAccepted"/> is set.</para>
/// <para>Streaming runs the cascade to completion and replays the accepted answer as updates.</para>
/// </remarks>
public sealed class CascadeChatClient : DelegatingChatClient
{
    private readonly CascadeStage[] _stages;
    private readonly CascadeOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="CascadeChatClient"/> class.</summary>
    /// <param name="stages">The stages, cheapest first; at least one.</param>
    /// <param name="options">The options, or <see langword="null"/> for defaults.</param>
    /// <param name="logger">The logger.</param>
    public CascadeChatClient(IReadOnlyList<CascadeStage> stages, CascadeOptions? options = null, ILogger? logger = null)
        : base(FirstClient(stages))
    {
        _stages = new CascadeStage[stages.Count];
        for (int i = 0; i < _stages.Length; i++)
        {
            _stages[i] = stages[i] ?? throw new ArgumentException($"Stage {i} is null.", nameof(stages));
        }

        _options = options ?? new CascadeOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the stages.</summary>
    public IReadOnlyList<CascadeStage> Stages => _stages;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var decisions = new List<CascadeDecision>(_stages.Length);
        ChatResponse? last = null;
        int lastIndex = -1;
        Exception? lastFault = null;
        for (int i = 0; i < _stages.Length; i++)
        {
            CascadeStage stage = _stages[i];
            double threshold = stage.Threshold ?? _options.DefaultThreshold;
            long start = Stopwatch.GetTimestamp();
            ChatResponse response;
            try
            {
                response = await CallStageAsync(stage, messages, options, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                lastFault = ex;
                var faulted = new CascadeDecision(i, stage.Tier, stage.ModelId, null, threshold, false, null, Describe(ex), Stopwatch.GetElapsedTime(start));
                Record(decisions, faulted);
                CascadeLog.StageFaulted(_logger, i, stage.ModelId, ex);
                if (_options.OnFault == CascadeFaultBehavior.Throw)
                {
                    throw new CascadeException($"Cascade stage {i} ({stage.ModelId ?? stage.Tier?.ToString() ?? "unnamed"}) failed: {ex.Message}", decisions, ex);
                }

                continue;
            }

            double score = await ScoreAsync(stage, i, messages, options, response, cancellationToken);
            bool accepted = score >= threshold;
            Record(decisions, new CascadeDecision(i, stage.Tier, response.ModelId ?? stage.ModelId, score, threshold, accepted, CostOf(response, stage), null, Stopwatch.GetElapsedTime(start)));
            last = response;
            lastIndex = i;
            if (accepted)
            {
                return Finish(response, i, true, decisions);
            }
        }

        if (last is null)
        {
            throw new CascadeException($"Every cascade stage ({_stages.Length}) failed; the last fault: {lastFault?.Message}", decisions, lastFault);
        }

        if (_options.ThrowWhenNoneAccepted)
        {
            throw new CascadeException($"No cascade stage ({_stages.Length}) gave an accepted answer.", decisions, lastFault);
        }

        return Finish(last, lastIndex, false, decisions);
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        ChatResponseUpdate[] updates = response.ToChatResponseUpdates();
        for (int i = 0; i < updates.Length; i++)
        {
            if (i == 0)
            {
                updates[i].AdditionalProperties = response.AdditionalProperties;
            }

            yield return updates[i];
        }
    }

    private async Task<ChatResponse> CallStageAsync(CascadeStage stage, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ChatOptions? sent = options;
        if (stage.ModelId is not null && options?.ModelId is null)
        {
            sent = options?.Clone() ?? new ChatOptions();
            sent.ModelId = stage.ModelId;
        }

        if (_options.StageTimeout is not { } timeout)
        {
            return await stage.Client.GetResponseAsync(messages, sent, cancellationToken);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            return await stage.Client.GetResponseAsync(messages, sent, cts.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The stage did not answer within {timeout.TotalMilliseconds} ms.", ex);
        }
    }

    private async ValueTask<double> ScoreAsync(CascadeStage stage, int index, IEnumerable<ChatMessage> messages, ChatOptions? options, ChatResponse response, CancellationToken cancellationToken)
    {
        if (response.FinishReason == ChatFinishReason.ContentFilter || response.FinishReason == ChatFinishReason.Length)
        {
            return 0;
        }

        ICascadeScorer? scorer = stage.Scorer ?? _options.DefaultScorer;
        if (scorer is null)
        {
            return 1;
        }

        double score = await scorer.ScoreAsync(new CascadeScoringContext(messages, options, response, index, stage), cancellationToken);
        return double.IsNaN(score) ? 0 : score;
    }

    private decimal? CostOf(ChatResponse response, CascadeStage stage)
    {
        if (response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CostUsd, out object? c) == true && c is decimal metered)
        {
            return metered;
        }

        return (_options.Calculator ?? Metering.CostCalculator.Default).TryCost(response.ModelId ?? stage.ModelId, response.Usage, out decimal cost) ? cost : null;
    }

    private void Record(List<CascadeDecision> decisions, CascadeDecision decision)
    {
        decisions.Add(decision);
        CascadeLog.Decision(_logger, decision.StageIndex, decision.ModelId, decision.Score ?? double.NaN, decision.Accepted);
        _options.OnDecision?.Invoke(decision);
    }

    private ChatResponse Finish(ChatResponse response, int index, bool accepted, List<CascadeDecision> decisions)
    {
        AdditionalPropertiesDictionary props = response.AdditionalProperties ??= new();
        props[LlmLintPropertyKeys.CascadeDecisions] = decisions.AsReadOnly();
        props[LlmLintPropertyKeys.Accepted] = accepted;
        props[LlmLintPropertyKeys.CascadeStage] = index;
        if (_stages[index].Tier is { } tier)
        {
            props[LlmLintPropertyKeys.Tier] = tier;
        }

        response.ModelId ??= _stages[index].ModelId;
        return response;
    }

    private static string Describe(Exception ex) => ex is System.Net.Http.HttpRequestException { StatusCode: System.Net.HttpStatusCode.TooManyRequests }
        ? "rate limited (HTTP 429): " + ex.Message
        : ex.GetType().Name + ": " + ex.Message;

    private static IChatClient FirstClient(IReadOnlyList<CascadeStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        if (stages.Count == 0)
        {
            throw new ArgumentException("A cascade needs at least one stage.", nameof(stages));
        }

        return stages[0]?.Client ?? throw new ArgumentException("Stage 0 is null.", nameof(stages));
    }
}

internal static partial class CascadeLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "Cascade stage {Stage} ({ModelId}) failed")]
    public static partial void StageFaulted(ILogger logger, int stage, string? modelId, Exception exception);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Debug, Message = "Cascade stage {Stage} ({ModelId}) scored {Score}: accepted {Accepted}")]
    public static partial void Decision(ILogger logger, int stage, string? modelId, double score, bool accepted);
}
