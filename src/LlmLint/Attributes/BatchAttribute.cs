namespace LlmLint;

/// <summary>
/// Lets a generated LLM function wait for a provider batch (OpenAI Batch, Anthropic Message Batches) at about half the
/// price: its requests carry <see cref="LlmLintPropertyKeys.Batch"/>, and a tier pipeline built with
/// <c>UseBatching(executor, markedOnly: true)</c> queues them durably and completes the call when the batch ends —
/// minutes to hours later. For work that can wait (nightly classification, backfills, evaluations), never for a request
/// a user waits on.
/// </summary>
/// <remarks>
/// Without a batching stage in the tier's pipeline the attribute changes nothing: the call is answered at once at the
/// normal price. A batched function cannot stream (LLM9008).
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class BatchAttribute : Attribute
{
}
