using System.Threading.Tasks;

namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// The default <see cref="IAnswerComparer"/>: two answers are the same when they are equal ignoring case, runs of white
/// space and trailing punctuation. Right for classification, extraction and other short, deterministic answers; for free
/// text it counts every rewording as a wrong hit, which only makes the calibrated threshold more cautious — plug in a
/// judge (<see cref="Verification.SmallTierJudgeVerifier"/>) or your own comparer for such functions.
/// </summary>
public sealed class NormalizedAnswerComparer : IAnswerComparer
{
    /// <summary>Gets the shared instance.</summary>
    public static NormalizedAnswerComparer Instance { get; } = new();

    /// <inheritdoc/>
    public ValueTask<bool> AreEquivalentAsync(string query, string cachedAnswer, string freshAnswer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cachedAnswer);
        ArgumentNullException.ThrowIfNull(freshAnswer);
        return new(string.Equals(SemanticRequestKey.Normalize(cachedAnswer), SemanticRequestKey.Normalize(freshAnswer), StringComparison.Ordinal));
    }
}
