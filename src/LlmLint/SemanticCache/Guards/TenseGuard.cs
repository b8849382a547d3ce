namespace LlmLint.SemanticCache;

/// <summary>
/// Past and future: "Did I get paid for the overtime?" is not "Will I get paid for the overtime?"; "Has my parcel been
/// delivered?" is not "Will my parcel be delivered?". Past: did, was, were, had, a perfect with "been", or an -ed verb
/// right after "what"/"who"/"which" ("What changed…"); future: will, shall, "going to". Vetoes only when the two texts have the same content words otherwise; a text in the present names
/// no tense and is not compared.
/// </summary>
public sealed class TenseGuard : WordClassGuard
{
    /// <inheritdoc/>
    public override string Name => "tense";

    /// <inheritdoc/>
    protected override double RequiredOverlap => 1.0;

    /// <inheritdoc/>
    protected override bool IsMember(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word is "did" or "was" or "were" or "had" or "been" or "will" or "shall" or "going" || word.EndsWith("'ll", StringComparison.Ordinal);
    }

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(members);
        IReadOnlyList<string> w = text.Words;
        for (int i = 0; i < w.Count; i++)
        {
            switch (w[i])
            {
                case "did" or "was" or "were" or "had" or "been":
                    members.Add("past");
                    break;
                case "will" or "shall":
                case string contracted when contracted.EndsWith("'ll", StringComparison.Ordinal):
                    members.Add("future");
                    break;
                case "going" when i + 1 < w.Count && w[i + 1] == "to" && i > 0 && w[i - 1] is "am" or "is" or "are" or "i'm":
                    members.Add("future");
                    break;
                case string verb when i == 1 && verb.Length > 4 && verb.EndsWith("ed", StringComparison.Ordinal) && w[0] is "what" or "who" or "which":
                    members.Add("past"); // "What changed in version 3?", "Who approved the refund?"
                    break;
            }
        }
    }
}
