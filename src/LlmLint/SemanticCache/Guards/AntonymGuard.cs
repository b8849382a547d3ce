using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// Opposite actions and states: a word on one side only whose WordNet antonym (in any inflection) is on the other side
/// only — buy/sell, increase/decrease, safe/dangerous, on/off — or the same word with a negating prefix (lock/unlock,
/// enable/disable, eligible/ineligible) — when the rest of the texts agree (<see cref="MeaningText.MinimalPairOverlap"/>).
/// </summary>
public sealed class AntonymGuard : IMeaningGuard
{
    private static readonly string[] NegatingPrefixes = ["un", "dis", "in", "im", "il", "ir", "non", "de", "mis"];

    private static readonly FrozenSet<string> Auxiliaries = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "i", "me", "my", "you", "your", "we", "our", "us", "it", "its", "they", "them", "their", "he",
        "she", "his", "her", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did", "have", "has", "had",
        "can", "could", "will", "would", "shall", "should", "may", "might", "must", "to", "of", "and", "or", "'s",
    ], StringComparer.Ordinal);

    private readonly MeaningLexicon _lexicon;

    /// <summary>Initializes a new instance of the <see cref="AntonymGuard"/> class with the embedded WordNet lexicon.</summary>
    public AntonymGuard()
        : this(MeaningLexicon.Default)
    {
    }

    internal AntonymGuard(MeaningLexicon lexicon) => _lexicon = lexicon;

    /// <inheritdoc/>
    public string Name => "antonyms";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        foreach (string a in query.WordSet)
        {
            if (candidate.WordSet.Contains(a) || Auxiliaries.Contains(a) || char.IsDigit(a[0]))
            {
                continue;
            }

            foreach (string b in candidate.WordSet)
            {
                if (query.WordSet.Contains(b) || Auxiliaries.Contains(b) || char.IsDigit(b[0]))
                {
                    continue;
                }

                if ((IsNegatedForm(a, b) || IsNegatedForm(b, a) || _lexicon.AreAntonyms(a, b))
                    && query.ContentOverlap(candidate, w => w == a || w == b) >= MeaningText.MinimalPairOverlap)
                {
                    reason = $"opposites: '{a}' vs '{b}'";
                    return true;
                }
            }
        }

        reason = string.Empty;
        return false;
    }

    private static bool IsNegatedForm(string word, string other)
    {
        if (word.Length < 4 || other.Length <= word.Length)
        {
            return false;
        }

        foreach (string prefix in NegatingPrefixes)
        {
            if (other.Length == word.Length + prefix.Length && other.StartsWith(prefix, StringComparison.Ordinal) && other.EndsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
