using System;
using System.Collections.Generic;

namespace LlmLint.SemanticCache;

/// <summary>
/// Alternatives: two questions that both ask to choose, "X or Y?". Another alternative is another question ("pen or pencil" /
/// "pencil or marker"; "fly or drive" / "drive or take the train"), and the same alternatives for another target are
/// too ("npm or yarn for the frontend" / "yarn or npm for the backend"): when the alternatives share a member but are not
/// the same and the rest of the two texts agrees (<see cref="MeaningText.MinimalPairOverlap"/>), or are the same but one or
/// two content words outside them differ on each side (another target), the hit is vetoed. The same alternatives in another order for the
/// same target ask the same thing. Statements that list options ("either individually or in batches") are not compared.
/// </summary>
public sealed class AlternativesGuard : IMeaningGuard
{
    /// <summary>The most content words of another target on each side ("for the load balancer" / "for the database").</summary>
    private const int MaxTargetWords = 2;

    /// <inheritdoc/>
    public string Name => "alternatives";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        reason = string.Empty;
        if (!query.IsQuestion || !candidate.IsQuestion || Choice(query) is not { } a || Choice(candidate) is not { } b)
        {
            return false;
        }

        bool same = (a.Left == b.Left && a.Right == b.Right) || (a.Left == b.Right && a.Right == b.Left);
        bool shareOne = a.Left == b.Left || a.Left == b.Right || a.Right == b.Left || a.Right == b.Right;
        Func<string, bool> alternative = w => LexicalGuard.Stem(w) is var s && (s == a.Left || s == a.Right || s == b.Left || s == b.Right);
        if (!same && shareOne && query.ContentOverlap(candidate, alternative) >= MeaningText.MinimalPairOverlap)
        {
            reason = $"other alternatives: '{a.Left} or {a.Right}' vs '{b.Left} or {b.Right}'";
            return true;
        }

        if (same && OnlyIn(query, candidate, alternative) is { Count: >= 1 and <= MaxTargetWords } onlyQuery
            && OnlyIn(candidate, query, alternative) is { Count: >= 1 and <= MaxTargetWords } onlyCandidate)
        {
            reason = $"same alternatives, other target: '{string.Join(' ', onlyQuery)}' vs '{string.Join(' ', onlyCandidate)}'";
            return true;
        }

        return false;
    }

    /// <summary>The stems of the content words next to the first "or": the last one before it and the first one after it.</summary>
    private static (string Left, string Right)? Choice(MeaningText text)
    {
        IReadOnlyList<string> w = text.Words;
        int or = -1;
        for (int i = 1; i < w.Count - 1; i++)
        {
            if (w[i] == "or")
            {
                or = i;
                break;
            }
        }

        if (or < 0)
        {
            return null;
        }

        string? left = null, right = null;
        for (int i = or - 1; i >= 0 && left is null; i--)
        {
            left = MeaningText.IsContent(w[i]) ? LexicalGuard.Stem(w[i]) : null;
        }

        for (int i = or + 1; i < w.Count && right is null; i++)
        {
            right = MeaningText.IsContent(w[i]) ? LexicalGuard.Stem(w[i]) : null;
        }

        return left is null || right is null || left == right ? null : (left, right);
    }

    /// <summary>The content words of <paramref name="from"/> (alternatives left out) whose stem <paramref name="other"/> lacks.</summary>
    private static List<string> OnlyIn(MeaningText from, MeaningText other, Func<string, bool> ignore)
    {
        var only = new List<string>();
        foreach (string word in from.Words)
        {
            if (MeaningText.IsContent(word) && !ignore(word) && !other.ContentStems.Contains(LexicalGuard.Stem(word)) && !only.Contains(word))
            {
                only.Add(word);
            }
        }

        return only;
    }
}
