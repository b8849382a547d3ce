namespace LlmLint.SemanticCache.Calibration;

/// <summary>One-sided Wilson score bounds of a binomial proportion (the wrong-hit rate of observed hits).</summary>
internal static class WilsonBound
{
    /// <summary>Gets the upper bound of the true rate given <paramref name="failures"/> out of <paramref name="trials"/>.</summary>
    /// <param name="failures">The wrong outcomes.</param>
    /// <param name="trials">All outcomes.</param>
    /// <param name="z">The one-sided normal quantile of the confidence level.</param>
    /// <returns>The upper bound; 1 when there are no trials.</returns>
    public static double Upper(long failures, long trials, double z) => trials <= 0 ? 1d : Bound(failures, trials, z, +1);

    /// <summary>Gets the lower bound of the true rate given <paramref name="failures"/> out of <paramref name="trials"/>.</summary>
    /// <param name="failures">The wrong outcomes.</param>
    /// <param name="trials">All outcomes.</param>
    /// <param name="z">The one-sided normal quantile of the confidence level.</param>
    /// <returns>The lower bound; 0 when there are no trials.</returns>
    public static double Lower(long failures, long trials, double z) => trials <= 0 ? 0d : Bound(failures, trials, z, -1);

    /// <summary>Gets the one-sided standard normal quantile of <paramref name="confidence"/> (for example 1.645 for 0.95).</summary>
    /// <param name="confidence">The confidence level, within (0.5, 1).</param>
    /// <returns>The quantile.</returns>
    public static double Quantile(double confidence)
    {
        // Acklam's rational approximation of the inverse normal CDF, upper region (relative error below 1.2e-9).
        double q = Math.Sqrt(-2 * Math.Log(1 - confidence));
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (confidence > 0.97575)
        {
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }

        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double p = confidence - 0.5;
        double r = p * p;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * p / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private static double Bound(long failures, long trials, double z, int sign)
    {
        double n = trials;
        double p = (double)failures / n;
        double z2 = z * z;
        double center = p + (z2 / (2 * n));
        double spread = z * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));
        return Math.Clamp((center + (sign * spread)) / (1 + (z2 / n)), 0d, 1d);
    }
}
