namespace LlmLint.SemanticCache;

/// <summary>
/// Comparatives and superlatives: "cheapest" is not "most expensive", "faster" is not "slower", "fewer side effects" is
/// not "more side effects", "maximum dose" is not "minimum dose". Graded forms are found by inflection (-er/-est of a
/// gradable adjective in the WordNet lexicon, irregular better/worst) and by a degree word (more, less, most, least,
/// fewer, top, bottom, maximum, minimum) before a word. Two graded forms differ when they grade the same word in
/// opposite directions or opposite (antonym) words in the same direction, and the rest of the texts agree.
/// </summary>
public sealed class ComparisonGuard : IMeaningGuard
{
    private readonly MeaningLexicon _lexicon;

    /// <summary>Initializes a new instance of the <see cref="ComparisonGuard"/> class.</summary>
    public ComparisonGuard()
        : this(MeaningLexicon.Default)
    {
    }

    internal ComparisonGuard(MeaningLexicon lexicon) => _lexicon = lexicon;

    /// <inheritdoc/>
    public string Name => "comparatives and superlatives";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        List<Graded> a = Collect(query), b = Collect(candidate);
        foreach (Graded x in a)
        {
            foreach (Graded y in b)
            {
                bool opposite = (x.Base == y.Base && x.Up != y.Up) || (x.Up == y.Up && x.Base.Length > 0 && y.Base.Length > 0 && _lexicon.AreAntonyms(x.Base, y.Base));
                if (opposite && !b.Contains(x) && !a.Contains(y) && query.ContentOverlap(candidate, w => w == x.Word || w == y.Word || w == x.Base || w == y.Base) >= MeaningText.MinimalPairOverlap)
                {
                    reason = $"opposite degrees: '{x.Word}' vs '{y.Word}'";
                    return true;
                }
            }
        }

        reason = string.Empty;
        return false;
    }

    private List<Graded> Collect(MeaningText text)
    {
        var graded = new List<Graded>();
        for (int i = 0; i < text.Words.Count; i++)
        {
            string word = text.Words[i];
            bool? up = word switch
            {
                "more" or "most" or "greater" or "greatest" or "top" or "maximum" or "max" => true,
                "less" or "least" or "fewer" or "fewest" or "bottom" or "minimum" or "min" => false,
                _ => null,
            };
            if (up is { } direction)
            {
                string next = i + 1 < text.Words.Count && MeaningText.IsContent(text.Words[i + 1]) ? _lexicon.Lemma(text.Words[i + 1]) : string.Empty;
                graded.Add(new Graded(word, next, direction));
                continue;
            }

            if (word.Length > 4 && (word.EndsWith("er", StringComparison.Ordinal) || word.EndsWith("est", StringComparison.Ordinal)))
            {
                string lemma = _lexicon.Lemma(word);
                if (lemma != word && _lexicon.IsGradable(lemma))
                {
                    graded.Add(new Graded(word, lemma, true));
                }
            }
        }

        return graded;
    }

    private readonly record struct Graded(string Word, string Base, bool Up);
}
