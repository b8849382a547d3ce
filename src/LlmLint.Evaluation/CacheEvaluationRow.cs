namespace LlmLint.Evaluation;


/// <summary>The outcome at one threshold, with the guard on or off.</summary>
public sealed record CacheEvaluationRow(float Threshold, bool Guard, int Queries, int Hits, int RightHits, int WrongHits, int Misses)
{
    /// <summary>Gets the share of queries that hit.</summary>
    public double HitRate => Queries == 0 ? 0 : (double)Hits / Queries;

    /// <summary>Gets the wrong-hit rate: the share of queries answered with another question's answer.</summary>
    public double WrongHitRate => Queries == 0 ? 0 : (double)WrongHits / Queries;

    /// <summary>Gets the share of hits that were wrong.</summary>
    public double WrongShareOfHits => Hits == 0 ? 0 : (double)WrongHits / Hits;

    /// <summary>Gets the number of wrong hits on queries whose answer is not stored at all (in a pairs file: different-meaning queries served).</summary>
    public int UnanswerableHits { get; init; }
}
