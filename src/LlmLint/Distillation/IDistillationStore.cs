using System.Threading.Tasks;

namespace LlmLint.Distillation;

/// <summary>
/// Keeps captured teacher answers (<see cref="DistillationCapture"/>) per function, within a <see cref="DistillationRetention"/>:
/// the newest captures of each function up to a count, none older than an age.
/// </summary>
/// <remarks>Implementations are thread-safe. The runtime bounds every call and bypasses a failing store (the user's call never waits or fails on it).</remarks>
public interface IDistillationStore
{
    /// <summary>Gets a value indicating whether the store completes in memory without blocking (then the runtime calls it inline).</summary>
    bool InProcess => false;

    /// <summary>Adds a capture and drops the function's captures the retention no longer keeps.</summary>
    /// <param name="capture">The capture.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the capture is stored.</returns>
    ValueTask AddAsync(DistillationCapture capture, CancellationToken cancellationToken = default);

    /// <summary>Reads a function's captures within the retention, oldest first.</summary>
    /// <param name="functionId">The function identity.</param>
    /// <param name="templateHash">Only captures made under this template hash; <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The captures.</returns>
    ValueTask<IReadOnlyList<DistillationCapture>> ReadAsync(string functionId, string? templateHash = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the functions that have captures, in ordinal order.</summary>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The function identities.</returns>
    ValueTask<IReadOnlyList<string>> FunctionsAsync(CancellationToken cancellationToken = default);
}
