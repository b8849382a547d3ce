namespace LlmLint.Shadow;

/// <summary>What the shadow evidence says about moving a function to the cheap tier.</summary>
public enum ShadowVerdict
{
    /// <summary>Too few samples, or the confidence interval straddles the target.</summary>
    NeedMoreSamples = 0,

    /// <summary>The lower bound of the agreement interval reaches the target: safe to route to the cheap tier.</summary>
    SafeToRoute = 1,

    /// <summary>The upper bound is below the target: keep the function on the larger tier.</summary>
    KeepOnLargerTier = 2,
}

/// <summary>The evidence of one function: agreement with a Wilson interval, the verdict and the saving at the observed volume.</summary>
public sealed record ShadowEvidenceResult(ShadowSummary Summary, double Lower, double Upper, ShadowVerdict Verdict, double SavingAtVolumeUsd);

/// <summary>Turns shadow summaries into verdicts.</summary>
public static class ShadowEvidence
{
    /// <summary>The z value of a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>The Wilson score interval of <paramref name="successes"/> out of <paramref name="trials"/>.</summary>
    public static (double Lower, double Upper) Wilson(long successes, long trials, double z = Z95)
    {
        if (trials < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "The number of trials must not be negative.");
        }

        if (successes < 0 || successes > trials)
        {
            throw new ArgumentOutOfRangeException(nameof(successes), successes, "Successes must be between 0 and the number of trials.");
        }

        if (trials == 0)
        {
            return (0, 1);
        }

        double n = trials, p = successes / n, z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Judges a summary: below <paramref name="minSamples"/> → need more samples; else lower ≥ target → safe; upper &lt; target → keep; else need more.</summary>
    public static ShadowEvidenceResult Judge(ShadowSummary summary, double target = 0.95, long minSamples = 100)
    {
        if (summary is null)
        {
            throw new ArgumentNullException(nameof(summary));
        }

        if (!(target > 0 && target <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The target must be in (0, 1].");
        }

        if (minSamples < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(minSamples), minSamples, "The minimum number of samples must be at least 1.");
        }

        var (lower, upper) = Wilson(summary.Agreements, summary.Samples);
        ShadowVerdict verdict = summary.Samples < minSamples ? ShadowVerdict.NeedMoreSamples
            : lower >= target ? ShadowVerdict.SafeToRoute
            : upper < target ? ShadowVerdict.KeepOnLargerTier
            : ShadowVerdict.NeedMoreSamples;
        return new ShadowEvidenceResult(summary, lower, upper, verdict, summary.SavingPerCall * Math.Max(summary.Calls, summary.Samples));
    }
}
