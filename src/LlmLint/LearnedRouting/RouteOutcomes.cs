using System.Globalization;

namespace LlmLint.LearnedRouting;

/// <summary>
/// Recorded outcomes to train a router on: one row per prompt with its feature vector (a contiguous row-major
/// matrix), the quality of the weak tier's answer and of the strong tier's answer (0..1; 0/1 for correctness).
/// </summary>
public sealed class RouteOutcomes
{
    /// <summary>Creates a set from a contiguous row-major matrix.</summary>
    public RouteOutcomes(float[] features, int dimensions, double[] weakQuality, double[] strongQuality)
    {
        if (features is null)
        {
            throw new ArgumentNullException(nameof(features));
        }

        if (dimensions < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The number of dimensions must be positive.");
        }

        if (weakQuality is null)
        {
            throw new ArgumentNullException(nameof(weakQuality));
        }

        if (strongQuality is null)
        {
            throw new ArgumentNullException(nameof(strongQuality));
        }

        if (features.Length % dimensions != 0 || features.Length / dimensions != weakQuality.Length)
        {
            throw new ArgumentException($"The feature matrix has {features.Length} values, which is not {weakQuality.Length} rows of {dimensions}.", nameof(features));
        }

        if (strongQuality.Length != weakQuality.Length)
        {
            throw new ArgumentException($"There are {strongQuality.Length} strong outcomes for {weakQuality.Length} weak outcomes.", nameof(strongQuality));
        }

        for (int i = 0; i < weakQuality.Length; i++)
        {
            CheckQuality(weakQuality[i], i, nameof(weakQuality));
            CheckQuality(strongQuality[i], i, nameof(strongQuality));
        }

        Features = features;
        Dimensions = dimensions;
        WeakQuality = weakQuality;
        StrongQuality = strongQuality;
    }

    /// <summary>Gets the row-major feature matrix.</summary>
    public float[] Features { get; }

    /// <summary>Gets the row length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the number of rows.</summary>
    public int Count => WeakQuality.Length;

    /// <summary>Gets the weak tier's quality per row.</summary>
    public double[] WeakQuality { get; }

    /// <summary>Gets the strong tier's quality per row.</summary>
    public double[] StrongQuality { get; }

    /// <summary>Gets row <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index) => Features.AsSpan(index * Dimensions, Dimensions);

    /// <summary>Builds a set from per-row vectors.</summary>
    public static RouteOutcomes FromRows(float[][] rows, double[] weakQuality, double[] strongQuality)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        if (rows.Length == 0)
        {
            throw new ArgumentException("At least one row is required.", nameof(rows));
        }

        int d = rows[0].Length;
        var matrix = new float[rows.Length * d];
        for (int i = 0; i < rows.Length; i++)
        {
            if (rows[i] is null || rows[i].Length != d)
            {
                throw new ArgumentException($"Row {i.ToString(CultureInfo.InvariantCulture)} does not have {d.ToString(CultureInfo.InvariantCulture)} values.", nameof(rows));
            }

            rows[i].AsSpan().CopyTo(matrix.AsSpan(i * d, d));
        }

        return new RouteOutcomes(matrix, d, weakQuality, strongQuality);
    }

    private static void CheckQuality(double value, int row, string parameter)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new ArgumentException($"Row {row.ToString(CultureInfo.InvariantCulture)} has quality {value.ToString(CultureInfo.InvariantCulture)}; it must be in [0, 1].", parameter);
        }
    }
}

/// <summary>Predicts, from a prompt's feature vector, how the weak tier will do compared with the strong tier.</summary>
public interface ILearnedRoutePredictor
{
    /// <summary>Gets the feature vector length the predictor expects.</summary>
    int Dimensions { get; }

    /// <summary>Predicts the probability (or expected quality) that the weak tier's answer is good enough.</summary>
    double PredictWeakSuccess(ReadOnlySpan<float> features);

    /// <summary>
    /// Predicts the expected quality gap strong − weak (−1..1). Routing sends a prompt to the strong tier when this
    /// exceeds a calibrated threshold.
    /// </summary>
    double PredictQualityGap(ReadOnlySpan<float> features);
}
