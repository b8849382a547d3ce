namespace LlmLint.Batching;

/// <summary>How one batched request finished: an answer (<see cref="ResultJson"/>) or the provider's error.</summary>
/// <param name="Id">The request id.</param>
/// <param name="ResultJson">The answer (<see cref="BatchResult.ToJson"/>), or <see langword="null"/>.</param>
/// <param name="Error">The error, or <see langword="null"/>.</param>
public sealed record BatchOutcome(string Id, string? ResultJson, string? Error);
