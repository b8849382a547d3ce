namespace LlmLint.Batching;

/// <summary>An ended provider batch: the outcome of each request it reported, and why a request without one has none.</summary>
/// <param name="Outcomes">The reported outcomes.</param>
/// <param name="MissingReason">The error of every submitted request the provider reported nothing for (an expired, cancelled or failed batch).</param>
public sealed record BatchEnd(IReadOnlyList<BatchOutcome> Outcomes, string MissingReason);
