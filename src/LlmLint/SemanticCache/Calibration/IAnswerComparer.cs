using System.Threading.Tasks;

namespace LlmLint.SemanticCache.Calibration;

/// <summary>Decides whether a cached answer and a fresh answer to the same request say the same thing (the outcome of a shadow check).</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IAnswerComparer
{
    /// <summary>Compares two answers to <paramref name="query"/>.</summary>
    /// <param name="query">The key text of the request.</param>
    /// <param name="cachedAnswer">The answer the cache served (or would have served).</param>
    /// <param name="freshAnswer">The answer the model gave now.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns><see langword="true"/> when the cached answer is right for the request.</returns>
    ValueTask<bool> AreEquivalentAsync(string query, string cachedAnswer, string freshAnswer, CancellationToken cancellationToken);
}
