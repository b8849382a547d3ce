namespace LlmLint.LearnedRouting;

/// <summary>
/// The in-domain baseline: route by group (for MMLU, the subject) using the training split's per-group mean
/// quality of each tier, shrunk towards the overall mean with <c>priorWeight</c> pseudo-samples.
/// </summary>
public sealed class GroupWinRatePredictor
{
    private readonly Dictionary<string, (double Weak, double Gap)> _groups;

    /// <summary>Learns per-group rates.</summary>
    public GroupWinRatePredictor(IReadOnlyList<string> groups, IReadOnlyList<double> weakQuality, IReadOnlyList<double> strongQuality, double priorWeight = 1.0)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups));
        }

        if (weakQuality is null || weakQuality.Count != groups.Count)
        {
            throw new ArgumentException("There must be one weak outcome per group label.", nameof(weakQuality));
        }

        if (strongQuality is null || strongQuality.Count != groups.Count)
        {
            throw new ArgumentException("There must be one strong outcome per group label.", nameof(strongQuality));
        }

        var sums = new Dictionary<string, (double W, double G, int N)>(StringComparer.Ordinal);
        double tw = 0, tg = 0;
        for (int i = 0; i < groups.Count; i++)
        {
            string g = groups[i] ?? string.Empty;
            double gap = strongQuality[i] - weakQuality[i];
            sums.TryGetValue(g, out var s);
            sums[g] = (s.W + weakQuality[i], s.G + gap, s.N + 1);
            tw += weakQuality[i];
            tg += gap;
        }

        int n = Math.Max(1, groups.Count);
        MeanWeak = tw / n;
        MeanGap = tg / n;
        _groups = new Dictionary<string, (double, double)>(StringComparer.Ordinal);
        foreach (var pair in sums)
        {
            double denominator = pair.Value.N + priorWeight;
            _groups[pair.Key] = ((pair.Value.W + priorWeight * MeanWeak) / denominator, (pair.Value.G + priorWeight * MeanGap) / denominator);
        }
    }

    /// <summary>Gets the overall weak-tier mean quality.</summary>
    public double MeanWeak { get; }

    /// <summary>Gets the overall mean gap strong − weak.</summary>
    public double MeanGap { get; }

    /// <summary>Predicts the weak tier's success rate for the group (the overall mean for unseen groups).</summary>
    public double PredictWeakSuccess(string group) => _groups.TryGetValue(group ?? string.Empty, out var v) ? v.Weak : MeanWeak;

    /// <summary>Predicts the quality gap strong − weak for the group (the overall mean for unseen groups).</summary>
    public double PredictQualityGap(string group) => _groups.TryGetValue(group ?? string.Empty, out var v) ? v.Gap : MeanGap;
}
