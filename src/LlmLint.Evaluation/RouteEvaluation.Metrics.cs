namespace LlmLint.Evaluation;

/// <summary>RouteLLM's metrics: the quality/cost curve of a router's scores, APGR, CPT and the saving at a quality target.</summary>
public static partial class RouteEvaluation
{
    /// <summary>Computes the quality and cost of routing the top-scoring prompts to the strong model, for every count of strong calls.</summary>
    /// <remarks>Prompts with equal scores are an unordered group: inside it, quality and cost grow linearly
    /// (the expectation over random tie-breaking), so a constant-score router is exactly the random router.</remarks>
    public static RouteCurve Curve(ReadOnlySpan<double> scores, ReadOnlySpan<double> weakQuality, ReadOnlySpan<double> strongQuality, ReadOnlySpan<double> weakCost, ReadOnlySpan<double> strongCost)
    {
        int n = scores.Length;
        if (n == 0)
        {
            throw new ArgumentException("No samples to evaluate.", nameof(scores));
        }

        if (weakQuality.Length != n || strongQuality.Length != n || weakCost.Length != n || strongCost.Length != n)
        {
            throw new ArgumentException("Scores, qualities and costs must have the same length.", nameof(weakQuality));
        }

        var order = new int[n];
        var keys = new double[n];
        double q0 = 0, c0 = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i]))
            {
                throw new ArgumentException($"Score {i} is NaN.", nameof(scores));
            }

            order[i] = i;
            keys[i] = -scores[i];
            q0 += weakQuality[i];
            c0 += weakCost[i];
        }

        Array.Sort(keys, order);
        var quality = new double[n + 1];
        var cost = new double[n + 1];
        quality[0] = q0;
        cost[0] = c0;
        int k = 0;
        while (k < n)
        {
            int end = k;
            double gq = 0, gc = 0;
            while (end < n && keys[end] == keys[k])
            {
                gq += strongQuality[order[end]] - weakQuality[order[end]];
                gc += strongCost[order[end]] - weakCost[order[end]];
                end++;
            }

            int size = end - k;
            double baseQ = quality[k], baseC = cost[k];
            for (int j = 1; j <= size; j++)
            {
                quality[k + j] = baseQ + gq * j / size;
                cost[k + j] = baseC + gc * j / size;
            }

            k = end;
        }

        for (int i = 0; i <= n; i++)
        {
            quality[i] /= n;
            cost[i] /= n;
        }

        return new RouteCurve(quality, cost);
    }

    /// <summary>Computes APGR, CPT(50%), CPT(80%) and the saving at <paramref name="target"/> × strong quality from a curve.</summary>
    public static RouteMetrics Metrics(RouteCurve curve, double target = 0.95)
    {
        if (curve is null)
        {
            throw new ArgumentNullException(nameof(curve));
        }

        int n = curve.Quality.Length - 1;
        double weak = curve.Quality[0], strong = curve.AllStrongQuality;
        double gap = strong - weak;
        double apgr;
        if (Math.Abs(gap) < 1e-12)
        {
            apgr = double.NaN;
        }
        else
        {
            double area = 0;
            for (int i = 0; i < n; i++)
            {
                area += (curve.Quality[i] + curve.Quality[i + 1]) / 2 - weak;
            }

            apgr = area / n / gap;
        }

        double? Cpt(double share) => Math.Abs(gap) < 1e-12 ? null : FirstShare(curve.Quality, weak + share * gap);
        double? at95 = FirstShare(curve.Quality, target * strong);
        double? saving = null;
        if (at95 is double s)
        {
            double c = Interpolate(curve.Cost, s * n);
            saving = curve.AllStrongCost > 0 ? 1 - c / curve.AllStrongCost : 0;
        }

        return new RouteMetrics(apgr, Cpt(0.5), Cpt(0.8), saving, at95);
    }

    /// <summary>Evaluates a threshold on the test split: route to strong when score ≥ threshold.</summary>
    public static CalibratedResult ApplyThreshold(double threshold, ReadOnlySpan<double> scores, ReadOnlySpan<double> weakQuality, ReadOnlySpan<double> strongQuality, ReadOnlySpan<double> weakCost, ReadOnlySpan<double> strongCost)
    {
        double q = 0, c = 0, sq = 0, sc = 0;
        int strongCalls = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            bool strong = scores[i] >= threshold;
            strongCalls += strong ? 1 : 0;
            q += strong ? strongQuality[i] : weakQuality[i];
            c += strong ? strongCost[i] : weakCost[i];
            sq += strongQuality[i];
            sc += strongCost[i];
        }

        int n = scores.Length;
        return new CalibratedResult(threshold, (double)strongCalls / n, q / n, sq > 0 ? q / sq : double.NaN, sc > 0 ? 1 - c / sc : 0);
    }

    private static double? FirstShare(double[] quality, double goal)
    {
        int n = quality.Length - 1;
        const double eps = 1e-12;
        if (quality[0] >= goal - eps)
        {
            return 0;
        }

        for (int i = 1; i <= n; i++)
        {
            if (quality[i] >= goal - eps)
            {
                double prev = quality[i - 1];
                double frac = quality[i] > prev ? (goal - prev) / (quality[i] - prev) : 1;
                return (i - 1 + Math.Clamp(frac, 0, 1)) / n;
            }
        }

        return null;
    }

    private static double Interpolate(double[] values, double position)
    {
        int lo = (int)Math.Floor(position);
        if (lo >= values.Length - 1)
        {
            return values[values.Length - 1];
        }

        double f = position - lo;
        return values[lo] + (values[lo + 1] - values[lo]) * f;
    }
}
