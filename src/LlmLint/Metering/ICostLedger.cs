using System.Threading.Tasks;

namespace LlmLint.Metering;

/// <summary>One metered upstream call (or cache hit).</summary>
public sealed record CostRecord
{
    /// <summary>Gets the call id.</summary>
    public Guid CallId { get; init; } = Guid.NewGuid();

    /// <summary>Gets when the call finished.</summary>
    public DateTimeOffset Timestamp { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Gets the function or call site, or an empty string.</summary>
    public string FunctionId { get; init; } = string.Empty;

    /// <summary>Gets the tier, or <see langword="null"/> when unknown.</summary>
    public Tier? Tier { get; init; }

    /// <summary>Gets the model id.</summary>
    public string? ModelId { get; init; }

    /// <summary>Gets the input tokens (cached ones included).</summary>
    public long InputTokens { get; init; }

    /// <summary>Gets the input tokens served from the provider's prompt cache.</summary>
    public long CachedInputTokens { get; init; }

    /// <summary>Gets the output tokens.</summary>
    public long OutputTokens { get; init; }

    /// <summary>Gets the cost in USD, or <see langword="null"/> when the model has no price.</summary>
    public decimal? CostUsd { get; init; }

    /// <summary>Gets the USD saved against the baseline (or, for a cache hit, against calling the model).</summary>
    public decimal SavedUsd { get; init; }

    /// <summary>Gets a value indicating whether the exact cache served the call.</summary>
    public bool CacheHit { get; init; }

    /// <summary>Gets the cascade stage index, or <see langword="null"/> outside a cascade.</summary>
    public int? CascadeStage { get; init; }

    /// <summary>Gets a value indicating whether the answer was accepted.</summary>
    public bool Succeeded { get; init; }
}

/// <summary>Aggregates of a function and tier.</summary>
/// <param name="FunctionId">The function.</param>
/// <param name="Tier">The tier, or <see langword="null"/>.</param>
/// <param name="Calls">The number of records.</param>
/// <param name="SuccessfulCalls">The number of accepted answers.</param>
/// <param name="CostUsd">The summed known cost.</param>
/// <param name="UnknownCostCalls">The number of records whose cost is unknown.</param>
/// <param name="SavedUsd">The summed savings.</param>
public sealed record CostSummary(string FunctionId, Tier? Tier, long Calls, long SuccessfulCalls, decimal CostUsd, long UnknownCostCalls, decimal SavedUsd)
{
    /// <summary>Gets the cost per successful request: all known cost (failed and escalated calls included) over accepted answers; <see langword="null"/> when none succeeded.</summary>
    public decimal? CostPerSuccessfulRequest => SuccessfulCalls == 0 ? null : CostUsd / SuccessfulCalls;
}

/// <summary>Keeps per-call cost records for reports. Implementations are thread-safe.</summary>
public interface ICostLedger
{
    /// <summary>Records a call.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when recorded.</returns>
    ValueTask RecordAsync(CostRecord record, CancellationToken cancellationToken = default);

    /// <summary>Marks a recorded call as successful (its answer was accepted by the application).</summary>
    /// <param name="callId">The call id (<see cref="LlmLintPropertyKeys.CallId"/> on the response).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when marked.</returns>
    ValueTask MarkSucceededAsync(Guid callId, CancellationToken cancellationToken = default);

    /// <summary>Aggregates records per function and tier, ordered by function then tier.</summary>
    /// <param name="since">Only records at or after this instant, or all when <see langword="null"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The aggregates.</returns>
    Task<IReadOnlyList<CostSummary>> QueryAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default);
}

/// <summary>An in-process ledger (for tests and short-lived tools).</summary>
public sealed class InMemoryCostLedger : ICostLedger
{
    private readonly object _gate = new();
    private readonly Dictionary<Guid, CostRecord> _records = new();

    /// <summary>Gets a snapshot of the records.</summary>
    public IReadOnlyList<CostRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return new List<CostRecord>(_records.Values);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask RecordAsync(CostRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records[record.CallId] = record;
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask MarkSucceededAsync(Guid callId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_records.TryGetValue(callId, out CostRecord? r))
            {
                _records[callId] = r with { Succeeded = true };
            }
        }

        return default;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<CostSummary>> QueryAsync(DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        var groups = new SortedDictionary<(string, int), CostSummary>();
        lock (_gate)
        {
            foreach (CostRecord r in _records.Values)
            {
                if (since is { } s && r.Timestamp < s)
                {
                    continue;
                }

                var key = (r.FunctionId, r.Tier is { } t ? (int)t : -1);
                groups.TryGetValue(key, out CostSummary? g);
                g ??= new CostSummary(r.FunctionId, r.Tier, 0, 0, 0m, 0, 0m);
                groups[key] = g with
                {
                    Calls = g.Calls + 1,
                    SuccessfulCalls = g.SuccessfulCalls + (r.Succeeded ? 1 : 0),
                    CostUsd = g.CostUsd + (r.CostUsd ?? 0m),
                    UnknownCostCalls = g.UnknownCostCalls + (r.CostUsd is null ? 1 : 0),
                    SavedUsd = g.SavedUsd + r.SavedUsd,
                };
            }
        }

        return Task.FromResult<IReadOnlyList<CostSummary>>(new List<CostSummary>(groups.Values));
    }
}
