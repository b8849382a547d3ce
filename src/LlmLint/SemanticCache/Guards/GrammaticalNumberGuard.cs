namespace LlmLint.SemanticCache;

/// <summary>
/// Singular and plural of a definite thing in an instruction: "Delete the draft" is not "Delete the drafts", "Unlock the
/// door" is not "Unlock the doors". Vetoes when two instructions (neither is a question) are the same words except that one
/// names a thing in the singular after a definite determiner (the, this, that, my, our, your, his, her, their) that the
/// other names in the plural (agreement words such as is/are, it/them may differ too). A bare or indefinite noun
/// ("a dog" / "dogs") is generic and not compared. In a question ("the limit" / "the limits for top-ups") the number
/// rarely changes the answer, unless a verb agrees with it: "Is the dependent covered?" / "Are the dependents covered?"
/// ask about one person and about all of them.
/// </summary>
public sealed class GrammaticalNumberGuard : IMeaningGuard
{
    /// <summary>How many words before the noun the definite determiner may stand ("the worker process").</summary>
    private const int DeterminerReach = 3;

    /// <inheritdoc/>
    public string Name => "singular and plural";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        reason = string.Empty;
        if (query.Words.Count != candidate.Words.Count || !SameExceptNumber(query.Words, candidate.Words, out bool verbAgrees)
            || ((query.IsQuestion || candidate.IsQuestion) && !verbAgrees))
        {
            return false;
        }

        if (PluralOfDefinite(query, candidate) is { } a)
        {
            reason = $"singular vs plural: '{a.Singular}' vs '{a.Plural}'";
            return true;
        }

        if (PluralOfDefinite(candidate, query) is { } b)
        {
            reason = $"singular vs plural: '{b.Plural}' vs '{b.Singular}'";
            return true;
        }

        return false;
    }

    /// <summary>A definite singular noun of <paramref name="singular"/> whose plural, and not itself, is in <paramref name="plural"/>.</summary>
    private static (string Singular, string Plural)? PluralOfDefinite(MeaningText singular, MeaningText plural)
    {
        IReadOnlyList<string> w = singular.Words;
        for (int i = 1; i < w.Count; i++)
        {
            string word = w[i];
            if (!MeaningText.IsContent(word) || plural.WordSet.Contains(word) || !AfterDefiniteDeterminer(w, i))
            {
                continue;
            }

            foreach (string form in (ReadOnlySpan<string>)[word + "s", word + "es", word.EndsWith('y') ? word[..^1] + "ies" : string.Empty])
            {
                if (form.Length > 0 && plural.WordSet.Contains(form) && !singular.WordSet.Contains(form))
                {
                    return (word, form);
                }
            }
        }

        return null;
    }

    /// <summary>The same words in the same places, apart from one noun's number and the words that agree with it.</summary>
    /// <param name="a">The words of one text.</param>
    /// <param name="b">The words of the other.</param>
    /// <param name="verbAgrees">Set when a verb agrees with the number too ("Is the dependent" / "Are the dependents").</param>
    private static bool SameExceptNumber(IReadOnlyList<string> a, IReadOnlyList<string> b, out bool verbAgrees)
    {
        int nouns = 0;
        verbAgrees = false;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            if (IsAgreement(a[i]) && IsAgreement(b[i]))
            {
                verbAgrees |= IsAgreeingVerb(a[i]) && IsAgreeingVerb(b[i]);
                continue;
            }

            string shorter = a[i].Length < b[i].Length ? a[i] : b[i], longer = ReferenceEquals(shorter, a[i]) ? b[i] : a[i];
            if (++nouns > 1 || !longer.StartsWith(shorter[..^1], StringComparison.Ordinal) || longer.Length - shorter.Length is < 1 or > 2)
            {
                return false;
            }
        }

        return nouns == 1;
    }

    private static bool IsAgreeingVerb(string word) => word is "is" or "are" or "was" or "were" or "has" or "have" or "does" or "do";

    private static bool IsAgreement(string word) => word is "is" or "are" or "was" or "were" or "it" or "them" or "this" or "these" or "that" or "those" or "has" or "have" or "does" or "do";

    private static bool AfterDefiniteDeterminer(IReadOnlyList<string> w, int i)
    {
        for (int j = i - 1; j >= Math.Max(0, i - DeterminerReach); j--)
        {
            if (w[j] is "the" or "this" or "that" or "my" or "our" or "your" or "his" or "her" or "their")
            {
                return true;
            }

            if (w[j] is "a" or "an" or "of" or "to" or "for" or "in" or "on" or "with" or "from")
            {
                return false;
            }
        }

        return false;
    }
}
