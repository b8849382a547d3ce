namespace LlmLint.Evaluation;

/// <summary>Quality and mean cost per call at every count of strong calls (index k = k strong calls).</summary>
public sealed class RouteCurve
{
    internal RouteCurve(double[] quality, double[] cost)
    {
        Quality = quality;
        Cost = cost;
    }

    /// <summary>Gets the mean quality with k strong calls.</summary>
    public double[] Quality { get; }

    /// <summary>Gets the mean cost per call with k strong calls.</summary>
    public double[] Cost { get; }

    /// <summary>Gets the always-strong quality.</summary>
    public double AllStrongQuality => Quality[Quality.Length - 1];

    /// <summary>Gets the always-strong cost.</summary>
    public double AllStrongCost => Cost[Cost.Length - 1];
}
