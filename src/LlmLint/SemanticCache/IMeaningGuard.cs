namespace LlmLint.SemanticCache;

/// <summary>
/// One check of the default verifier: finds a difference between a query and a cached question that changes the answer
/// (opposite actions, another object, swapped roles, other units or dates, another scope or degree). Each guard sees the
/// whole texts and is measured on its own by <c>llmlint eval cache --ablate-guards</c>.
/// </summary>
/// <remarks>Implementations are stateless and thread-safe.</remarks>
public interface IMeaningGuard
{
    /// <summary>Gets the guard's short name (used by ablation and in reasons).</summary>
    string Name { get; }

    /// <summary>Looks for a difference in meaning.</summary>
    /// <param name="query">The new request.</param>
    /// <param name="candidate">The cached question.</param>
    /// <param name="reason">The difference found, for the verdict's reason.</param>
    /// <returns><see langword="true"/> when the texts differ in a way that changes the answer.</returns>
    bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason);
}
