namespace LlmLint.SemanticCache;

/// <summary>Tuning of <see cref="LexicalGuard"/>; the algorithm is described in docs/semantic-cache.md.</summary>
public sealed class LexicalGuardOptions
{
    /// <summary>Gets or sets the similarity at or above which differing key terms no longer veto (numbers, identifiers, entities and negation still do). Default 0.97.</summary>
    public float OverrideSimilarity { get; set; } = 0.97f;

    /// <summary>
    /// Gets or sets the largest number of unmatched content terms on the longer side of a swap of key terms (a minimal pair
    /// such as password/router or card payment/transfer), which vetoes. A swap replaces exactly one term on one side by one
    /// to <see cref="MaxSwappedTerms"/> terms on the other; two or more differences on both sides (view/consider plus
    /// typically/by default) read as a rephrasing. Default 2.
    /// </summary>
    public int MaxSwappedTerms { get; set; } = 2;

    /// <summary>
    /// Gets or sets the smallest share of the content of both texts that the swapped terms must carry to veto, measured as
    /// 1 − the IDF-weighted overlap (the weight of the terms on one side only over the weight of all terms): a swap of one
    /// word in a long sentence is a rephrasing, a swap of one word in a four-word question changes the question. Default 0.6.
    /// </summary>
    public double MinSwapFraction { get; set; } = 0.6;

    /// <summary>
    /// Gets or sets the minimum IDF-weighted overlap of content terms (<see cref="LexicalGuard.SharedTermsCheck"/>); below it the
    /// texts share too little to be the same question. Default 0 (off): a pair above the threshold that shares no content
    /// word is, on every measured set, a paraphrase in other words far more often than a different request (see
    /// docs/semantic-cache.md); set 0.1 to reject such pairs.
    /// </summary>
    public double MinOverlap { get; set; }

    /// <summary>Gets or sets the minimum weighted overlap at which a negation mismatch vetoes (below it the texts are phrased too differently for polarity to be compared). Default 0.75.</summary>
    public double NegationOverlap { get; set; } = 0.75;

    /// <summary>
    /// Gets or sets the length of a shared beginning (characters, case-insensitive) from which two texts are read as one
    /// context followed by two requests, compared word by word (<see cref="LexicalGuard.SharedContextCheck"/>). Default 160.
    /// </summary>
    public int SharedContextChars { get; set; } = 160;

    /// <summary>Gets or sets a value indicating whether a number present on one side only vetoes (true), or only two different numbers do (false). Default true.</summary>
    public bool StrictNumbers { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether term weights come from the IDF of observed key texts (once <see cref="MinDocumentsForIdf"/> are seen). Default true.</summary>
    public bool UseIdf { get; set; } = true;

    /// <summary>Gets or sets the number of observed texts before IDF weights replace uniform weights. Default 50.</summary>
    public int MinDocumentsForIdf { get; set; } = 50;

    /// <summary>
    /// Gets or sets the meaning guards run on the whole texts after the number, identifier and negation checks, at any
    /// similarity. Default <see cref="MeaningGuards.CreateDefault"/>.
    /// </summary>
    public IList<IMeaningGuard> Guards { get; set; } = MeaningGuards.CreateDefault();

    /// <summary>
    /// Gets the names of checks turned off: the built-in <see cref="LexicalGuard.NumbersCheck"/>,
    /// <see cref="LexicalGuard.IdentifiersCheck"/>, <see cref="LexicalGuard.NegationCheck"/>,
    /// <see cref="LexicalGuard.KeyTermsCheck"/>, or a guard's <see cref="IMeaningGuard.Name"/> (used to measure each
    /// check's contribution).
    /// </summary>
    public ISet<string> DisabledChecks { get; } = new HashSet<string>(StringComparer.Ordinal);
}
