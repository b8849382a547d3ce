namespace LlmLint.Batching;

/// <summary>A request in the durable batch queue.</summary>
/// <param name="Id">The request id (the batch line's custom id).</param>
/// <param name="RequestJson">The request (<see cref="BatchRequest.ToJson"/>).</param>
/// <param name="EnqueuedAt">When it was accepted.</param>
/// <param name="State">Where it stands.</param>
/// <param name="ProviderBatchId">The provider's batch id once submitted.</param>
/// <param name="ResultJson">The answer (<see cref="BatchResult.ToJson"/>) once finished with one.</param>
/// <param name="Error">The provider's error for this request once finished without an answer.</param>
public sealed record BatchItem(string Id, string RequestJson, DateTimeOffset EnqueuedAt, BatchItemState State = BatchItemState.Queued, string? ProviderBatchId = null, string? ResultJson = null, string? Error = null);
