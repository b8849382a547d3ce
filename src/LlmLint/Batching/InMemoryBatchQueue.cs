using System.Linq;
using System.Threading.Tasks;

namespace LlmLint.Batching;

/// <summary>A batch queue in memory: for tests and for work that may be lost with the process (nothing survives a restart).</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryBatchQueue : IBatchQueue
{
    private readonly object _gate = new();
    private readonly Dictionary<string, BatchItem> _items = new(StringComparer.Ordinal);
    private long _order;
    private readonly Dictionary<string, long> _orderOf = new(StringComparer.Ordinal);

    /// <summary>Gets the number of requests not yet delivered.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _items.Values.Count(i => i.State != BatchItemState.Delivered);
            }
        }
    }

    /// <inheritdoc/>
    public ValueTask EnqueueAsync(BatchItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_gate)
        {
            if (!_items.TryAdd(item.Id, item with { State = BatchItemState.Queued }))
            {
                throw new ArgumentException($"A request with id '{item.Id}' is already queued.", nameof(item));
            }

            _orderOf[item.Id] = _order++;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchItem>> GetQueuedAsync(int max, CancellationToken cancellationToken = default) =>
        new(Select(i => i.State == BatchItemState.Queued, max));

    /// <inheritdoc/>
    public ValueTask MarkSubmittedAsync(IReadOnlyList<string> ids, string providerBatchId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            foreach (string id in ids)
            {
                if (_items.TryGetValue(id, out BatchItem? item) && item.State == BatchItemState.Queued)
                {
                    _items[id] = item with { State = BatchItemState.Submitted, ProviderBatchId = providerBatchId };
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> GetOpenBatchesAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return new(_items.Values.Where(i => i.State == BatchItemState.Submitted).Select(i => i.ProviderBatchId!).Distinct(StringComparer.Ordinal).ToList());
        }
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<string>> GetSubmittedAsync(string providerBatchId, CancellationToken cancellationToken = default) =>
        new(Select(i => i.State == BatchItemState.Submitted && i.ProviderBatchId == providerBatchId, int.MaxValue).Select(i => i.Id).ToList());

    /// <inheritdoc/>
    public ValueTask FinishAsync(IReadOnlyList<BatchOutcome> outcomes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        lock (_gate)
        {
            foreach (BatchOutcome outcome in outcomes)
            {
                if (_items.TryGetValue(outcome.Id, out BatchItem? item) && item.State == BatchItemState.Submitted)
                {
                    _items[outcome.Id] = item with { State = BatchItemState.Finished, ResultJson = outcome.ResultJson, Error = outcome.Error };
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask<IReadOnlyList<BatchItem>> GetFinishedAsync(int max, CancellationToken cancellationToken = default) =>
        new(Select(i => i.State == BatchItemState.Finished, max));

    /// <inheritdoc/>
    public ValueTask MarkDeliveredAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(id, out BatchItem? item) && item.State == BatchItemState.Finished)
            {
                // Delivered requests are not kept: nothing reads them again.
                _items.Remove(id);
                _orderOf.Remove(id);
            }
        }

        return ValueTask.CompletedTask;
    }

    private List<BatchItem> Select(Func<BatchItem, bool> predicate, int max)
    {
        lock (_gate)
        {
            return _items.Values.Where(predicate).OrderBy(i => _orderOf[i.Id]).Take(max).ToList();
        }
    }
}
