using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// A restricted set against the whole set: "Notify the affected policyholders" is not "Notify all policyholders",
/// "Return the damaged items from my order" is not "Return the entire order". One text has a universal quantifier (all,
/// every, each, entire, whole, both) and the other has none but adds, within three words of the quantified thing, a
/// restricting content word the first lacks; the quantified text adds at most one content word of its own, and the rest
/// of the two texts agrees.
/// </summary>
public sealed class RestrictedScopeGuard : IMeaningGuard
{
    private static readonly FrozenSet<string> Universal = FrozenSet.ToFrozenSet(
        ["all", "every", "each", "entire", "whole", "both", "everything", "everyone", "everybody", "entirely", "fully", "completely", "totally"], StringComparer.Ordinal);

    /// <summary>The most content words the quantified text may add besides its quantifier ("all the lights in the house").</summary>
    private const int MaxOwnWords = 1;

    /// <summary>How far from the quantified thing a restricting word may stand ("the affected policyholders", "the parents of absent students").</summary>
    private const int RestrictorReach = 3;

    /// <inheritdoc/>
    public string Name => "restricted scope";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        bool qAll = HasUniversal(query), cAll = HasUniversal(candidate);
        reason = string.Empty;
        if (qAll == cAll)
        {
            return false;
        }

        (MeaningText whole, MeaningText restricted) = qAll ? (query, candidate) : (candidate, query);
        if (whole.ContentOverlap(restricted, Universal.Contains) < MeaningText.MinimalPairOverlap
            || Unmatched(whole, restricted) > MaxOwnWords
            || Head(whole) is not { } head
            || RestrictorNear(restricted, whole, head) is not { } restrictor)
        {
            return false;
        }

        reason = $"scope differs: the whole set vs only the '{restrictor}' ones";
        return true;
    }

    private static bool HasUniversal(MeaningText text)
    {
        foreach (string word in text.Words)
        {
            if (Universal.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static int Unmatched(MeaningText from, MeaningText other)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in from.Words)
        {
            if (MeaningText.IsContent(word) && !Universal.Contains(word) && LexicalGuard.Stem(word) is var stem && !other.ContentStems.Contains(stem))
            {
                seen.Add(stem);
            }
        }

        return seen.Count;
    }

    /// <summary>The first content word after the universal quantifier: the thing quantified ("all the lights" → lights).</summary>
    private static string? Head(MeaningText whole)
    {
        IReadOnlyList<string> w = whole.Words;
        for (int i = 0; i < w.Count; i++)
        {
            if (!Universal.Contains(w[i]))
            {
                continue;
            }

            for (int j = i + 1; j < w.Count; j++)
            {
                if (MeaningText.IsContent(w[j]) && !Universal.Contains(w[j]))
                {
                    return LexicalGuard.Stem(w[j]);
                }
            }
        }

        return null;
    }

    /// <summary>A content word of <paramref name="restricted"/> that <paramref name="whole"/> lacks, within <see cref="RestrictorReach"/> words of the head.</summary>
    private static string? RestrictorNear(MeaningText restricted, MeaningText whole, string head)
    {
        IReadOnlyList<string> w = restricted.Words;
        for (int i = 0; i < w.Count; i++)
        {
            if (!MeaningText.IsContent(w[i]) || LexicalGuard.Stem(w[i]) != head)
            {
                continue;
            }

            for (int j = Math.Max(0, i - RestrictorReach); j <= Math.Min(w.Count - 1, i + RestrictorReach); j++)
            {
                if (j != i && MeaningText.IsContent(w[j]) && !whole.ContentStems.Contains(LexicalGuard.Stem(w[j])))
                {
                    return w[j];
                }
            }
        }

        return null;
    }
}
