using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Metering;

/// <summary>Options of <see cref="CostMeteringChatClient"/>.</summary>
public sealed class CostMeteringOptions
{
    /// <summary>Gets or sets the prices; <see cref="CostCalculator.Default"/> when <see langword="null"/>.</summary>
    public CostCalculator? Calculator { get; set; }

    /// <summary>Gets or sets the model every call is compared with for <c>llmlint.saved</c> (for example the model used before routing).</summary>
    public string? BaselineModelId { get; set; }

    /// <summary>Gets or sets the ledger that receives one record per call.</summary>
    public ICostLedger? Ledger { get; set; }

    /// <summary>Gets or sets the tier this client meters, when it wraps one tier's client.</summary>
    public Tier? Tier { get; set; }

    /// <summary>Gets or sets the model id used when neither the response nor the request names one.</summary>
    public string? ModelId { get; set; }

    /// <summary>Gets or sets the cascade stage index this client meters.</summary>
    public int? CascadeStage { get; set; }
}

/// <summary>
/// Costs every response from its <see cref="UsageDetails"/> and the catalog's prices, and publishes the <c>LlmLint</c> meter's
/// <c>llmlint.*</c> instruments (see <see cref="LlmLintMetrics"/>) and, when configured, a <see cref="CostRecord"/> per call.
/// Token counts and call durations (<c>gen_ai.client.token.usage</c>, <c>gen_ai.client.operation.duration</c>) are left to
/// Microsoft.Extensions.AI's <see cref="OpenTelemetryChatClient"/>, so an app that uses both counts every token once.
/// </summary>
/// <remarks>
/// Thread-safe. Sets <see cref="LlmLintPropertyKeys.CallId"/> and <see cref="LlmLintPropertyKeys.CostUsd"/> (absent for an unknown
/// price) on the response. A response already metered by an inner metering client is passed through unless it is a cache hit.
/// A cache hit costs 0 and saves the baseline cost (or its own model's cost when no baseline is set). Prompt-cache reads and writes
/// the provider reports are priced at the catalog's cached-input and cache-write prices, and what the reads saved is counted as
/// <c>llmlint.saved</c> with <c>llmlint.saved.source</c> = <c>prompt cache</c>. A response a batch API answered
/// (<see cref="LlmLintPropertyKeys.Batch"/>, set by <c>UseBatching</c>) is priced at the model's batch discount and the
/// difference counted with source <c>batch</c>. Streamed calls are metered
/// from their <see cref="UsageContent"/> once the stream ends. A failing ledger is logged and bypassed. Logs no content.
/// </remarks>
public sealed class CostMeteringChatClient : DelegatingChatClient
{
    private readonly CostMeteringOptions _options;
    private readonly CostCalculator _calculator;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance of the <see cref="CostMeteringChatClient"/> class.</summary>
    /// <param name="innerClient">The client to meter.</param>
    /// <param name="options">The options, or <see langword="null"/> for defaults.</param>
    /// <param name="logger">The logger.</param>
    public CostMeteringChatClient(IChatClient innerClient, CostMeteringOptions? options = null, ILogger? logger = null)
        : base(innerClient)
    {
        _options = options ?? new CostMeteringOptions();
        _calculator = _options.Calculator ?? CostCalculator.Default;
        _logger = logger ?? NullLogger.Instance;
        if (logger is not null && _calculator.Logger is NullLogger)
        {
            _calculator.Logger = logger;
        }
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
        AdditionalPropertiesDictionary props = response.AdditionalProperties ??= new();
        bool hit = props.TryGetValue(LlmLintPropertyKeys.CacheHit, out object? h) && h is true;
        if (!hit && props.ContainsKey(LlmLintPropertyKeys.Metered))
        {
            return response;
        }

        Tier? tier = props.TryGetValue(LlmLintPropertyKeys.Tier, out object? t) && t is Tier rt ? rt : _options.Tier;
        bool? accepted = props.TryGetValue(LlmLintPropertyKeys.Accepted, out object? a) && a is bool ab ? ab : null;
        bool batch = props.TryGetValue(LlmLintPropertyKeys.Batch, out object? b) && b is true;
        CostRecord record = await MeterAsync(options, response.ModelId, response.Usage, hit, tier, accepted ?? false, cancellationToken, batch);
        props[LlmLintPropertyKeys.Metered] = true;
        props[LlmLintPropertyKeys.CallId] = record.CallId;
        if (record.CostUsd is { } cost)
        {
            props[LlmLintPropertyKeys.CostUsd] = cost;
        }

        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        UsageDetails? usage = null;
        string? modelId = null;
        bool hit = false;
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            modelId ??= update.ModelId;
            hit |= update.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CacheHit, out object? h) == true && h is true;
            foreach (AIContent c in update.Contents)
            {
                if (c is UsageContent u)
                {
                    (usage ??= new UsageDetails()).Add(u.Details);
                }
            }

            yield return update;
        }

        await MeterAsync(options, modelId, usage, hit, _options.Tier, false, cancellationToken);
    }

    private async ValueTask<CostRecord> MeterAsync(ChatOptions? options, string? responseModel, UsageDetails? usage, bool hit, Tier? tier, bool succeeded, CancellationToken cancellationToken, bool batch = false)
    {
        string? model = responseModel ?? options?.ModelId ?? _options.ModelId;
        string function = ChatOptionsProperties.Get<string>(options, LlmLintPropertyKeys.FunctionId) ?? string.Empty;
        var tags = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.request.model", options?.ModelId ?? _options.ModelId },
            { "gen_ai.response.model", model },
            { "llmlint.function", function },
            { "llmlint.tier", tier?.ToString() },
            { "llmlint.cache", hit ? "hit" : "miss" },
            { "llmlint.cascade.stage", _options.CascadeStage },
        };

        // Token usage and duration (gen_ai.client.*) are OpenTelemetryChatClient's instruments (UseOpenTelemetry); this
        // client publishes only what they cannot: the price of the tokens and what was saved.
        TokenCounts tokens = TokenCounts.From(usage);

        decimal? cost = null;
        decimal saved = 0;
        decimal promptCacheSaved = 0;
        decimal batchSaved = 0;
        if (usage is null)
        {
            if (hit)
            {
                cost = 0;
            }
            else
            {
                LlmLintMetrics.UnknownCost.Add(1, tags);
            }
        }
        else if (_calculator.TryCost(model, tokens, out decimal actual))
        {
            decimal baseline = _options.BaselineModelId is { } b && _calculator.TryCost(b, tokens, out decimal bc) ? bc : actual;
            saved = hit ? baseline : Math.Max(0, baseline - actual);
            promptCacheSaved = hit ? 0 : _calculator.PromptCacheSaving(model, tokens);
            if (batch && !hit && _calculator.BatchDiscount(model) is { } discount)
            {
                // A batch API bills the whole call at the model's batch discount.
                batchSaved = actual * (decimal)discount;
                actual -= batchSaved;
            }

            cost = hit ? 0 : actual;
        }
        else if (hit)
        {
            cost = 0;
        }
        else
        {
            LlmLintMetrics.UnknownCost.Add(1, tags);
        }

        if (cost is { } c)
        {
            LlmLintMetrics.Cost.Record((double)c, tags);
        }

        if (saved > 0)
        {
            LlmLintMetrics.Saved.Add((double)saved, WithSource(tags, hit ? LlmLintMetrics.SavedByResponseCache : LlmLintMetrics.SavedByModel));
        }

        if (promptCacheSaved > 0)
        {
            LlmLintMetrics.Saved.Add((double)promptCacheSaved, WithSource(tags, LlmLintMetrics.SavedByPromptCache));
        }

        if (batchSaved > 0)
        {
            LlmLintMetrics.Saved.Add((double)batchSaved, WithSource(tags, LlmLintMetrics.SavedByBatch));
        }

        var record = new CostRecord
        {
            FunctionId = function,
            Tier = tier,
            ModelId = model,
            InputTokens = hit ? 0 : tokens.Input,
            CachedInputTokens = hit ? 0 : tokens.CachedInput,
            OutputTokens = hit ? 0 : tokens.Output,
            CostUsd = cost,
            SavedUsd = saved + promptCacheSaved + batchSaved,
            CacheHit = hit,
            CascadeStage = _options.CascadeStage,
            Succeeded = succeeded,
        };

        if (_options.Ledger is { } ledger)
        {
            try
            {
                await ledger.RecordAsync(record, cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                MeteringLog.LedgerFailed(_logger, ex);
            }
        }

        return record;
    }

    private static TagList WithSource(TagList tags, string source)
    {
        TagList tagged = tags;
        tagged.Add(LlmLintMetrics.SavedSourceTag, source);
        return tagged;
    }
}
