namespace LlmLint.Distillation;

/// <summary>
/// Chooses the confidence above which the student answers: the lowest threshold whose answers on held-out captures
/// agree with the teacher at a rate whose 95% lower confidence bound (Wilson score) still reaches the target.
/// </summary>
public static class ConfidenceThreshold
{
    /// <summary>The z-value of a one-sided 95% bound.</summary>
    public const double Z = 1.6448536269514722;

    /// <summary>Chooses the threshold; <see cref="float.PositiveInfinity"/> when no threshold reaches the target (the student never answers).</summary>
    /// <param name="confidences">The student's confidence on each held-out capture.</param>
    /// <param name="agrees">Whether its answer equals the teacher's, per capture.</param>
    /// <param name="target">The agreement to guarantee, in (0, 1).</param>
    /// <returns>The threshold: answer locally when the confidence is at least this.</returns>
    public static float Choose(ReadOnlySpan<float> confidences, ReadOnlySpan<bool> agrees, double target)
    {
        if (confidences.Length != agrees.Length)
        {
            throw new ArgumentException("One agreement flag per confidence is needed.", nameof(agrees));
        }

        if (!(target > 0 && target < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target agreement must lie strictly between 0 and 1.");
        }

        int n = confidences.Length;
        int[] order = new int[n];
        float[] keys = new float[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
            keys[i] = -confidences[i];
        }

        Array.Sort(keys, order);
        float threshold = float.PositiveInfinity;
        int agreed = 0;
        for (int k = 0; k < n; k++)
        {
            if (agrees[order[k]])
            {
                agreed++;
            }

            // Only between distinct confidences: a threshold takes every capture at its confidence or none.
            bool boundary = k == n - 1 || confidences[order[k + 1]] < confidences[order[k]];
            if (boundary && WilsonLower(agreed, k + 1) >= target)
            {
                threshold = confidences[order[k]];
            }
        }

        return threshold;
    }

    /// <summary>The lower bound of the one-sided 95% Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static double WilsonLower(int successes, int trials)
    {
        if (trials <= 0)
        {
            return 0;
        }

        double p = successes / (double)trials, z2 = Z * Z, denominator = 1 + (z2 / trials);
        double centre = p + (z2 / (2 * trials));
        double margin = Z * Math.Sqrt((p * (1 - p) / trials) + (z2 / (4.0 * trials * trials)));
        return (centre - margin) / denominator;
    }
}
