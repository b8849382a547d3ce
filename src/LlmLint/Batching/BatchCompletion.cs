namespace LlmLint.Batching;

/// <summary>A finished batched request handed to <see cref="BatchingOptions.OnCompleted"/>: its answer or its error.</summary>
/// <param name="RequestId">The request id (<see cref="BatchingChatClient"/> returns it in <see cref="BatchRequestException.RequestId"/> and the response's <see cref="ChatResponse.ResponseId"/>).</param>
/// <param name="Request">The request as it was queued.</param>
/// <param name="Response">The answer, or <see langword="null"/> when the request failed.</param>
/// <param name="Error">The provider's error, or <see langword="null"/> when it answered.</param>
public sealed record BatchCompletion(string RequestId, BatchRequest Request, ChatResponse? Response, string? Error);
