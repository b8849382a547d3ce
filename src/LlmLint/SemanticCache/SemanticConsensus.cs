using System;
using System.Collections.Generic;
using LlmLint.Vectors;

namespace LlmLint.SemanticCache;

/// <summary>
/// The answer-consensus guard: a semantic hit is served only when the nearest stored neighbours agree on their cached
/// answer. When a neighbour with another answer lies within <see cref="DefaultMargin"/> of the best similarity the query
/// is ambiguous and misses. Each stored entry also gets a floor: the similarity of its nearest stored neighbour with a
/// different answer (computed on the store side only); a query must be closer to the entry than that neighbour is.
/// </summary>
public static class SemanticConsensus
{
    /// <summary>The default consensus margin, fixed a priori.</summary>
    public const float DefaultMargin = 0.05f;

    /// <summary>Returns <see langword="true"/> when the hits (most similar first) are ambiguous: a hit with another answer than the first lies within <paramref name="margin"/> of it.</summary>
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
