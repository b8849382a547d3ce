namespace LlmLint.Evaluation;


/// <summary>Options of <see cref="CacheEvaluation"/>.</summary>
public sealed class CacheEvaluationOptions
{
    /// <summary>Gets or sets the thresholds to evaluate. Default 0.70 to 0.99 in steps of 0.01.</summary>
    public IReadOnlyList<float> Thresholds { get; set; } = DefaultThresholds();

    /// <summary>Gets or sets the verifier evaluated as "guard on"; <see langword="null"/> evaluates cosine only. Default <see cref="LexicalGuard"/>.</summary>
    public IHitVerifier? Verifier { get; set; } = new LexicalGuard();

    /// <summary>Gets or sets how many nearest neighbours the guards look at, as the middleware does. Default 10.</summary>
    public int Candidates { get; set; } = 10;

    /// <summary>
    /// Gets or sets a value indicating whether the answer-consensus guard is on (guard-on rows): the query misses when a
    /// neighbour whose cached answer differs from the nearest one's lies within the margin of the best similarity —
    /// <see cref="ConsensusMargin"/> when answers repeat among the neighbours within reach, else
    /// <see cref="DistinctAnswersMargin"/>, as in the middleware. In the evaluation a stored entry's label stands for its
    /// cached answer. Default <see langword="true"/>.
    /// </summary>
    public bool AnswerConsensus { get; set; } = true;

    /// <summary>Gets or sets the consensus margin where answers repeat among the neighbours. Default 0.06.</summary>
    public float ConsensusMargin { get; set; } = SemanticConsensus.DefaultMargin;

    /// <summary>Gets or sets the consensus margin where every neighbour has its own answer. Default <see cref="SemanticConsensus.DefaultDistinctMargin"/> (0.01).</summary>
    public float DistinctAnswersMargin { get; set; } = SemanticConsensus.DefaultDistinctMargin;

    /// <summary>
    /// Gets or sets a value indicating whether each stored entry gets its own floor (guard-on rows): the similarity of its
    /// nearest stored neighbour with another answer, computed on the store side only. Default <see langword="false"/>.
    /// </summary>
    public bool EntryFloors { get; set; }

    /// <summary>Gets or sets the largest acceptable wrong-hit rate (wrong hits per query) when recommending a threshold. Default 0.01.</summary>
    public double MaxWrongHitRate { get; set; } = 0.01;

    /// <summary>Gets or sets the embedding batch size. Default 128.</summary>
    public int BatchSize { get; set; } = 128;

    /// <summary>
    /// Gets or sets whether the embedding model reads a text whole, so a long text is keyed as the middleware keys it
    /// with that model (<see cref="LlmLint.Embeddings.LocalEmbeddingGenerator.FitsWindow"/> for the local model);
    /// <see langword="null"/> trusts the word window alone.
    /// </summary>
    public Func<string, bool>? FitsWindow { get; set; }

    private static float[] DefaultThresholds()
    {
        var thresholds = new float[30];
        for (int i = 0; i < thresholds.Length; i++)
        {
            thresholds[i] = MathF.Round(0.70f + (0.01f * i), 2);
        }

        return thresholds;
    }
}
