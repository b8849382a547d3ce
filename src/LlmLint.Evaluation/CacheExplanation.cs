namespace LlmLint.Evaluation;

/// <summary>
/// Lists, for one configuration, the decisions worth reading: wrong hits (the query was served another question's
/// answer) and right candidates above the threshold that the verifier rejected, with the similarity and the reason.
/// </summary>
public static class CacheExplanation
{
    /// <summary>Explains the decisions of <paramref name="configuration"/> on a dataset.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="storeVectors">One vector per stored text.</param>
    /// <param name="queryVectors">One vector per query.</param>
    /// <param name="configuration">The middleware options.</param>
    /// <returns>One line per wrong hit or rejected right candidate: kind, similarity, reason, query, stored text.</returns>
    public static string Explain(CacheDataset dataset, IReadOnlyList<float[]> storeVectors, IReadOnlyList<float[]> queryVectors, SemanticCacheOptions configuration)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(storeVectors);
        ArgumentNullException.ThrowIfNull(queryVectors);
        ArgumentNullException.ThrowIfNull(configuration);
        IHitVerifier? verifier = configuration.Verifier;
        foreach (LabelledText stored in dataset.Store)
        {
            verifier?.Observe(stored.Text);
        }

        var b = new StringBuilder();
        for (int q = 0; q < queryVectors.Count; q++)
        {
            int best = -1;
            float bestSimilarity = float.NegativeInfinity;
            int first = dataset.IsPaired ? q : 0, last = dataset.IsPaired ? q : storeVectors.Count - 1;
            for (int s = first; s <= last; s++)
            {
                float similarity = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(queryVectors[q], storeVectors[s]);
                if (similarity > bestSimilarity)
                {
                    bestSimilarity = similarity;
                    best = s;
                }
            }

            if (best < 0 || bestSimilarity < configuration.Threshold)
            {
                continue;
            }

            LabelledText query = dataset.Queries[q], stored = dataset.Store[best];
            HitVerification verdict = verifier?.Verify(query.Text, stored.Text, bestSimilarity) ?? new HitVerification(GuardVerdict.NotChecked, "guard off");
            bool right = stored.Label == query.Label;
            if (right == verdict.IsAccepted && verdict.Verdict != GuardVerdict.NotChecked)
            {
                continue;
            }

            string kind = right ? "right-rejected" : verdict.Verdict == GuardVerdict.Rejected ? null! : "wrong-hit";
            if (kind is null)
            {
                continue;
            }

            b.Append(CultureInfo.InvariantCulture, $"{kind}\t{bestSimilarity:0.000}\t{verdict.Reason}\t{OneLine(query.Text)}\t{OneLine(stored.Text)}\n");
        }

        return b.ToString();
    }

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\t', ' ');
}
