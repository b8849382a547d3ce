using LlmLint.Vectors;

namespace LlmLint.SemanticCache;

/// <summary>
/// The answer-consensus guard: a semantic hit is served only when the nearest stored neighbours agree on their cached
/// answer. When a neighbour with another answer lies within a margin of the best similarity the query is ambiguous and
/// misses. The margin adapts to the neighbourhood (see <see cref="MarginFor"/>): <see cref="DefaultMargin"/> where stored
/// answers repeat (several stored questions share an answer), <see cref="DefaultDistinctMargin"/> where every stored
/// neighbour carries its own answer. Each stored entry can also get a floor: the similarity of its nearest stored
/// neighbour with a different answer (computed on the store side only).
/// </summary>
public static class SemanticConsensus
{
    /// <summary>The default margin where answers repeat among the stored neighbours (several stored questions per answer).</summary>
    public const float DefaultMargin = 0.06f;

    /// <summary>The default margin where every stored neighbour has its own answer (one stored question per answer).</summary>
    public const float DefaultDistinctMargin = 0.01f;

    /// <summary>
    /// Returns <see langword="true"/> when the hits (most similar first) are ambiguous: a hit with another answer than
    /// the first lies within <paramref name="margin"/> of it.
    /// </summary>
    /// <param name="similarities">The similarities, most similar first.</param>
    /// <param name="answers">The answer identity of each hit, same order.</param>
    /// <param name="margin">The margin.</param>
    /// <returns>Whether the query must miss.</returns>
    public static bool IsAmbiguous(ReadOnlySpan<float> similarities, ReadOnlySpan<int> answers, float margin)
    {
        if (similarities.Length != answers.Length)
        {
            throw new ArgumentException("There must be one answer per similarity.", nameof(answers));
        }

        for (int j = 1; j < similarities.Length; j++)
        {
            if (answers[j] != answers[0])
            {
                return similarities[j] >= similarities[0] - margin;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns <see langword="true"/> when the hits are ambiguous under the adaptive margin: <see cref="MarginFor"/>
    /// picks <paramref name="sharedMargin"/> or <paramref name="distinctMargin"/>, then <see cref="IsAmbiguous(ReadOnlySpan{float}, ReadOnlySpan{int}, float)"/> decides.
    /// </summary>
    /// <param name="similarities">The similarities, most similar first.</param>
    /// <param name="answers">The answer identity of each hit, same order.</param>
    /// <param name="sharedMargin">The margin where answers repeat among the hits.</param>
    /// <param name="distinctMargin">The margin where every hit has its own answer.</param>
    /// <returns>Whether the query must miss.</returns>
    public static bool IsAmbiguous(ReadOnlySpan<float> similarities, ReadOnlySpan<int> answers, float sharedMargin, float distinctMargin)
        => IsAmbiguous(similarities, answers, MarginFor(answers, sharedMargin, distinctMargin));

    /// <summary>
    /// Picks the consensus margin from the answer support in the neighbourhood: <paramref name="sharedMargin"/> when some
    /// answer is held by two or more of the hits, <paramref name="distinctMargin"/> when every hit has its own answer.
    /// </summary>
    /// <param name="answers">The answer identity of each stored neighbour within reach.</param>
    /// <param name="sharedMargin">The margin where answers repeat.</param>
    /// <param name="distinctMargin">The margin where they do not.</param>
    /// <returns>The margin to apply.</returns>
    /// <remarks>
    /// Where several stored questions share an answer, each answer's best similarity is the best of several phrasings and
    /// two neighbouring answers interleave, so a small lead of the nearest question over another answer is noise and
    /// a wide margin is needed. Where each stored question has its own answer, the only evidence is the lead of the
    /// nearest question over the next one, and near-duplicate stored questions (similar to each other by more than any
    /// wide margin) would make every query that matches them ambiguous; only a near tie is ambiguous there.
    /// </remarks>
    public static float MarginFor(ReadOnlySpan<int> answers, float sharedMargin, float distinctMargin)
        => HasRepeatedAnswer(answers) ? sharedMargin : distinctMargin;

    /// <summary>Returns <see langword="true"/> when some answer identity occurs twice or more in <paramref name="answers"/>.</summary>
    /// <param name="answers">The answer identities.</param>
    /// <returns>Whether an answer repeats.</returns>
    public static bool HasRepeatedAnswer(ReadOnlySpan<int> answers)
    {
        for (int i = 1; i < answers.Length; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (answers[i] == answers[j])
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Computes each stored entry's floor: the similarity of its nearest stored neighbour with another answer (0 when none is among the <paramref name="neighbours"/> nearest; then the last neighbour's similarity).</summary>
    /// <param name="index">An index holding every stored vector under its position as id.</param>
    /// <param name="vectors">The stored vectors.</param>
    /// <param name="answers">The answer identity of each stored vector.</param>
    /// <param name="neighbours">How many neighbours to look at.</param>
    /// <returns>One floor per stored vector.</returns>
    public static float[] EntryFloors(IVectorIndex index, IReadOnlyList<float[]> vectors, IReadOnlyList<int> answers, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentNullException.ThrowIfNull(answers);
        var floors = new float[vectors.Count];
        var hits = new VectorHit[neighbours + 1];
        for (int i = 0; i < vectors.Count; i++)
        {
            int found = index.Search(vectors[i], hits);
            float floor = 0;
            for (int j = 0; j < found; j++)
            {
                int other = (int)hits[j].Id;
                if (other != i && answers[other] != answers[i])
                {
                    floor = hits[j].Similarity;
                    break;
                }
            }

            floors[i] = floor;
        }

        return floors;
    }
}
