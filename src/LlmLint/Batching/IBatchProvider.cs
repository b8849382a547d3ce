using System.Threading.Tasks;

namespace LlmLint.Batching;

/// <summary>A provider's batch API: submit many requests as one job, ask how it stands, read its results.</summary>
public interface IBatchProvider
{
    /// <summary>Gets the provider's name, for errors and logs (<c>OpenAI</c>, <c>Anthropic</c>).</summary>
    string Name { get; }

    /// <summary>Gets the largest number of requests one batch may hold.</summary>
    int MaxRequestsPerBatch { get; }

    /// <summary>Submits requests as one batch.</summary>
    /// <param name="requests">The request id (its custom id in the batch) and the request.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The provider's batch id.</returns>
    Task<string> SubmitAsync(IReadOnlyList<KeyValuePair<string, BatchRequest>> requests, CancellationToken cancellationToken = default);

    /// <summary>Asks how a batch stands; when it has ended, returns how each request finished.</summary>
    /// <param name="providerBatchId">The provider's batch id.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns><see langword="null"/> while the batch runs; else the outcomes the provider reported and why the others have none.</returns>
    Task<BatchEnd?> TryGetOutcomesAsync(string providerBatchId, CancellationToken cancellationToken = default);
}
