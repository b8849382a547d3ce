using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// What is asked: how, why, when, where, who, which/what, how much, how long, or a yes-no question. "How do I appeal a
/// parking fine?" is not "Why should I appeal a parking fine?"; "Do I need a visa for Japan?" is not "Which visa do I need
/// for Japan?". Vetoes only when the two texts have the same content words, so a rephrasing that changes the question
/// word along with other words ("How do I get a copy" / "Where can I request a copy") is left to the embedding. A
/// preposition left at the end of a question ("Where does it leave from?") belongs to the question word.
/// </summary>
public sealed class QuestionTypeGuard : WordClassGuard
{
    private const string Which = "which", YesNo = "yes-no";

    private static readonly FrozenSet<string> Manner = FrozenSet.ToFrozenSet(["way", "steps", "process", "procedure", "method", "do"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Members = FrozenSet.ToFrozenSet(
        ["how", "why", "when", "where", "who", "whom", "whose", "which", "what", "time", "much", "many", "long", "often", "way", "steps", "process", "procedure", "method", "from", "about"], StringComparer.Ordinal);

    /// <inheritdoc/>
    public override string Name => "question type";

    /// <inheritdoc/>
    protected override double RequiredOverlap => 1.0;

    /// <inheritdoc/>
    protected override bool IsMember(string word) => Members.Contains(word);

    /// <summary>
    /// "Which Python versions does the SDK support?" asks to pick among several; "Is Python supported by the SDK?" asks
    /// whether one exists: the two differ even when the rest is rephrased a little, so they veto at the minimal-pair
    /// overlap. Every other pair of kinds vetoes only when every content word is shared.
    /// </summary>
    /// <inheritdoc/>
    protected override double RequiredOverlapBetween(IReadOnlySet<string> query, IReadOnlySet<string> candidate)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        return (query.Contains(Which) && candidate.Contains(YesNo)) || (query.Contains(YesNo) && candidate.Contains(Which)) ? MeaningText.MinimalPairOverlap : RequiredOverlap;
    }

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(members);
        if (Kind(text) is { } kind)
        {
            members.Add(kind);
            if (kind == "what" && text.Words[0] == "which")
            {
                // A "which" question is a "what" question too: "Which card…" / "What card…" agree.
                members.Add(Which);
            }
        }
    }

    /// <summary>
    /// The kind of question the text opens with: its first word when that is a question word ("how", "what time" → when,
    /// "what's the way / what do I do to" → how), "yes-no" when it opens with an auxiliary and has no question word later
    /// (or asks "is there a way to" → how); none for a statement or an embedded question ("Can you tell me what…").
    /// </summary>
    private static string? Kind(MeaningText text)
    {
        IReadOnlyList<string> w = text.Words;
        if (w.Count == 0)
        {
            return null;
        }

        string next = w.Count > 1 ? w[1] : string.Empty;
        switch (w[0])
        {
            case "how":
                return next is "much" or "many" ? "how much" : next is "long" ? "how long" : next is "often" ? "how often" : "how";
            case "why" or "when" or "where":
                return w[0];
            case "who" or "whom" or "whose":
                return "who";
            case "what" or "which":
                return next == "time" ? "when" : MentionsManner(w, 0) ? "how" : "what";
        }

        if (!text.IsYesNoQuestion)
        {
            return null;
        }

        for (int i = 1; i < w.Count; i++)
        {
            if (w[i] is "how" or "why" or "when" or "where" or "who" or "whom" or "whose" or "what" or "which")
            {
                return null;
            }
        }

        return MentionsManner(w, 0) ? "how" : "yes-no";
    }

    private static bool MentionsManner(IReadOnlyList<string> w, int from)
    {
        for (int j = from + 1; j < Math.Min(w.Count, from + 6); j++)
        {
            // "what do I do to", "what's the way to", "is there a way to": the manner word is followed by "to".
            if (Manner.Contains(w[j]) && (w[j] != "do" || (j + 1 < w.Count && w[j + 1] == "to")))
            {
                return true;
            }
        }

        return false;
    }
}
