namespace LlmLint.LearnedRouting;

/// <summary>
/// Picks the routing threshold on a calibration split: the highest threshold (fewest strong-tier calls) such that
/// routing prompts with <c>score ≥ threshold</c> to the strong tier reaches <c>target × strong-only quality</c>.
/// </summary>
public static class ThresholdCalibrator
{
    /// <summary>Calibrates a threshold.</summary>
    /// <param name="scores">Router scores (higher = more need for the strong tier).</param>
    /// <param name="weakQuality">Weak-tier quality per calibration prompt.</param>
    /// <param name="strongQuality">Strong-tier quality per calibration prompt.</param>
    /// <param name="target">Share of the strong tier's quality to reach, in (0, 1.5].</param>
    /// <returns>The threshold; <see cref="double.PositiveInfinity"/> when the weak tier alone meets the target,
    /// <see cref="double.NegativeInfinity"/> when only all-strong does (or nothing does).</returns>
    public static double Calibrate(ReadOnlySpan<double> scores, ReadOnlySpan<double> weakQuality, ReadOnlySpan<double> strongQuality, double target)
    {
        if (scores.Length == 0)
        {
            throw new ArgumentException("The calibration split is empty.", nameof(scores));
        }

        if (weakQuality.Length != scores.Length || strongQuality.Length != scores.Length)
        {
            throw new ArgumentException("Scores and outcomes must have the same length.", nameof(weakQuality));
        }

        if (!(target > 0 && target <= 1.5))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be in (0, 1.5].");
        }

        int n = scores.Length;
        var order = new int[n];
        var keys = new double[n];
        double quality = 0, strongTotal = 0;
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = -scores[i];
            quality += weakQuality[i];
            strongTotal += strongQuality[i];
        }

        Array.Sort(keys, order);
        double goal = target * strongTotal - 1e-9;
        if (quality >= goal)
        {
            return double.PositiveInfinity;
        }

        int k = 0;
        while (k < n)
        {
            double s = scores[order[k]];
            while (k < n && scores[order[k]] == s)
            {
                quality += strongQuality[order[k]] - weakQuality[order[k]];
                k++;
            }

            if (quality >= goal)
            {
                return s;
            }
        }

        return double.NegativeInfinity;
    }
}
