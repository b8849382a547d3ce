using System.Linq;

namespace LlmLint.SemanticCache;

/// <summary>
/// Alternatives: questions that ask to choose, "X or Y?". Another alternative is another question ("pen or pencil" /
/// "pencil or marker"; "a senior engineer or a manager" / "a junior or a senior engineer"), and the same alternatives
/// for another target are too ("npm or yarn for the frontend" / "yarn or npm for the backend"): when each choice offers
/// a word the other text does not hold and the rest of the two texts agrees (<see cref="MeaningText.MinimalPairOverlap"/>),
/// or the choices are the same but one or two content words outside them differ on each side (another target), the hit
/// is vetoed.
/// A choice is not a yes-no question about one of its members either ("Is the buyer or the seller responsible?" /
/// "Is the seller responsible?"). An alternative is the run of content words next to "or" ("store credit", "new
/// card"). The same alternatives in another order for the same target ask the same thing. Statements that list options
/// ("either individually or in batches") are not compared.
/// </summary>
public sealed class AlternativesGuard : IMeaningGuard
{
    /// <summary>The most content words of another target on each side ("for the load balancer" / "for the database").</summary>
    private const int MaxTargetWords = 2;

    /// <summary>The most content words of one alternative ("the original card").</summary>
    private const int MaxAlternativeWords = 3;

    /// <inheritdoc/>
    public string Name => "alternatives";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        reason = string.Empty;
        if (!query.IsQuestion || !candidate.IsQuestion)
        {
            return false;
        }

        Choice? a = Choice.Of(query), b = Choice.Of(candidate);
        if (a is null || b is null)
        {
            return (a ?? b) is { } choice && ChoiceAgainstYesNo(a is null ? query : candidate, a is null ? candidate : query, choice, out reason);
        }

        // What each choice offers that the other text does not mention anywhere ("eco" / "heating", "new" / "original").
        List<string> onlyA = a.Missing(candidate), onlyB = b.Missing(query);
        bool same = onlyA.Count == 0 && onlyB.Count == 0;
        Func<string, bool> alternative = w => LexicalGuard.Stem(w) is var stem && (a.Contains(stem) || b.Contains(stem));
        if (onlyA.Count > 0 && onlyB.Count > 0 && query.ContentOverlap(candidate, alternative) >= MeaningText.MinimalPairOverlap)
        {
            reason = $"other alternatives: '{a}' vs '{b}'";
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

    // A yes-no question about one member of the other text's choice, with the rest agreeing: another question.
    private static bool ChoiceAgainstYesNo(MeaningText yesNo, MeaningText chooser, Choice choice, out string reason)
    {
        reason = string.Empty;
        if (!yesNo.IsYesNoQuestion || !chooser.IsYesNoQuestion || yesNo.WordSet.Contains("or"))
        {
            return false;
        }

        bool hasLeft = yesNo.ContentStems.IsSupersetOf(choice.LeftStems), hasRight = yesNo.ContentStems.IsSupersetOf(choice.RightStems);
        if (hasLeft == hasRight || yesNo.ContentOverlap(chooser, w => choice.Contains(LexicalGuard.Stem(w))) < MeaningText.MinimalPairOverlap)
        {
            return false;
        }

        reason = $"a choice ('{choice}') vs a yes-no question about '{(hasLeft ? choice.Left : choice.Right)}'";
        return true;
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

    /// <summary>The two alternatives around the first "or": the run of content words (stems) before it and the run after it.</summary>
    private sealed class Choice
    {
        private Choice(string[] left, string[] right)
        {
            LeftStems = left;
            RightStems = right;
            Left = string.Join(' ', left);
            Right = string.Join(' ', right);
        }

        public string[] LeftStems { get; }

        public string[] RightStems { get; }

        public string Left { get; }

        public string Right { get; }

        public static Choice? Of(MeaningText text)
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

            var left = new List<string>();
            for (int i = or - 1; i >= 0 && left.Count < MaxAlternativeWords && MeaningText.IsContent(w[i]); i--)
            {
                left.Insert(0, LexicalGuard.Stem(w[i]));
            }

            // The right alternative may open with an article or a preposition ("or a manager", "or to a new card").
            int start = or + 1;
            while (start < w.Count && w[start] is "a" or "an" or "the" or "to" or "as" or "for" or "with" or "in" or "on" or "by" or "at" or "my" or "your" or "our")
            {
                start++;
            }

            var right = new List<string>();
            for (int i = start; i < w.Count && right.Count < MaxAlternativeWords && MeaningText.IsContent(w[i]); i++)
            {
                right.Add(LexicalGuard.Stem(w[i]));
            }

            if (left.Count == 0 || right.Count == 0)
            {
                return null;
            }

            var choice = new Choice([.. left], [.. right]);
            return choice.Left == choice.Right ? null : choice;
        }

        public List<string> Missing(MeaningText other)
        {
            var missing = new List<string>();
            foreach (string stem in LeftStems.Concat(RightStems))
            {
                if (!other.ContentStems.Contains(stem))
                {
                    missing.Add(stem);
                }
            }

            return missing;
        }

        public bool Contains(string stem) => Array.IndexOf(LeftStems, stem) >= 0 || Array.IndexOf(RightStems, stem) >= 0;

        public override string ToString() => $"{Left} or {Right}";
    }
}
