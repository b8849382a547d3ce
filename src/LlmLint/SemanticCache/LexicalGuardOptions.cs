namespace LlmLint.SemanticCache;

/// <summary>Tuning of <see cref="LexicalGuard"/>; the algorithm is described in docs/semantic-cache.md.</summary>
public sealed class LexicalGuardOptions
{
    /// <summary>Gets or sets the similarity at or above which differing key terms no longer veto (numbers, identifiers, entities and negation still do). Default 0.97.</summary>
    public float OverrideSimilarity { get; set; } = 0.97f;

    /// <summary>Gets or sets the minimum weighted overlap of content terms when each side has a term the other lacks (a substitution such as password/router). Default 0.6.</summary>
    public double MinSubstitutionOverlap { get; set; } = 0.6;

    /// <summary>Gets or sets the minimum weighted overlap when only one side has extra terms. Default 0.34.</summary>
    public double MinOverlap { get; set; } = 0.34;

    /// <summary>Gets or sets the minimum weighted overlap at which a negation mismatch vetoes (below it the texts are phrased too differently for polarity to be compared). Default 0.5.</summary>
    public double NegationOverlap { get; set; } = 0.5;

    /// <summary>Gets or sets a value indicating whether a number present on one side only vetoes (true), or only two different numbers do (false). Default true.</summary>
    public bool StrictNumbers { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether term weights come from the IDF of observed key texts (once <see cref="MinDocumentsForIdf"/> are seen). Default true.</summary>
    public bool UseIdf { get; set; } = true;

    /// <summary>Gets or sets the number of observed texts before IDF weights replace uniform weights. Default 50.</summary>
    public int MinDocumentsForIdf { get; set; } = 50;
}
