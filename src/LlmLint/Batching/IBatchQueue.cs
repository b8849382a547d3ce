using System.Threading.Tasks;

namespace LlmLint.Batching;

/// <summary>
/// The durable queue of batched requests: a request is accepted only once it is stored, and it moves Queued → Submitted →
/// Finished → Delivered. <see cref="BatchExecutor"/> resumes from it after a restart. Implementations: in memory (tests,
/// nothing survives a restart) and SQLite (<c>LlmLint.Sqlite</c>).
/// </summary>
public interface IBatchQueue
{
    /// <summary>Stores a new request; when this returns, the request survives a restart.</summary>
    /// <param name="item">The request, state <see cref="BatchItemState.Queued"/>.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the request is stored.</returns>
    ValueTask EnqueueAsync(BatchItem item, CancellationToken cancellationToken = default);

    /// <summary>Gets the oldest queued requests.</summary>
    /// <param name="max">The most to return.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The requests, oldest first.</returns>
    ValueTask<IReadOnlyList<BatchItem>> GetQueuedAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Marks requests as sent in a provider batch.</summary>
    /// <param name="ids">The request ids.</param>
    /// <param name="providerBatchId">The provider's batch id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    ValueTask MarkSubmittedAsync(IReadOnlyList<string> ids, string providerBatchId, CancellationToken cancellationToken = default);

    /// <summary>Gets the provider batch ids that still hold submitted requests.</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The batch ids.</returns>
    ValueTask<IReadOnlyList<string>> GetOpenBatchesAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the ids of the submitted requests of a provider batch.</summary>
    /// <param name="providerBatchId">The provider's batch id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The request ids.</returns>
    ValueTask<IReadOnlyList<string>> GetSubmittedAsync(string providerBatchId, CancellationToken cancellationToken = default);

    /// <summary>Records how submitted requests finished: each with an answer or an error.</summary>
    /// <param name="outcomes">The outcomes.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the outcomes are stored.</returns>
    ValueTask FinishAsync(IReadOnlyList<BatchOutcome> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Gets finished requests not yet handed over.</summary>
    /// <param name="max">The most to return.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The requests.</returns>
    ValueTask<IReadOnlyList<BatchItem>> GetFinishedAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Marks a finished request as handed over, so it is handed over once.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    ValueTask MarkDeliveredAsync(string id, CancellationToken cancellationToken = default);
}
