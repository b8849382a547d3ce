using System;
using System.Numerics.Tensors;

namespace LlmLint.LearnedRouting;

/// <summary>
/// k-nearest-neighbour router: exact cosine (dot product of L2-normalised rows, SIMD through
/// <see cref="TensorPrimitives"/> over one contiguous matrix), neighbours weighted by
/// <c>exp((sim − simMax) / temperature)</c>, and the weighted mean shrunk towards the training mean with
/// <see cref="PriorWeight"/> pseudo-neighbours.
/// </summary>
/// <remarks>Thread-safe for prediction: per-call scratch is on the stack (k ≤ 256).</remarks>
public sealed class KnnRoutePredictor : ILearnedRoutePredictor
{
    private const int MaxK = 256;
    private readonly float[] _matrix;
    private readonly double[] _weak;
    private readonly double[] _gap;
    private readonly int _rows;
    private readonly double _meanWeak;
    private readonly double _meanGap;

    /// <summary>Creates a predictor over <paramref name="outcomes"/> (the matrix is used as is, not copied).</summary>
    /// <param name="outcomes">Training rows; rows should be L2-normalised.</param>
    /// <param name="k">Number of neighbours (1..256).</param>
    /// <param name="temperature">Softmax temperature over cosine similarities; larger means flatter weights.</param>
    /// <param name="priorWeight">Pseudo-count of the training mean added to the neighbours (smoothing).</param>
    public KnnRoutePredictor(RouteOutcomes outcomes, int k = 32, double temperature = 0.05, double priorWeight = 1.0)
    {
        if (outcomes is null)
        {
            throw new ArgumentNullException(nameof(outcomes));
        }

        if (k < 1 || k > MaxK)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, "k must be between 1 and 256.");
        }

        if (!(temperature > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        }

        if (!(priorWeight >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(priorWeight), priorWeight, "The prior weight must not be negative.");
        }

        _matrix = outcomes.Features;
        _rows = outcomes.Count;
        Dimensions = outcomes.Dimensions;
        K = Math.Min(k, _rows);
        Temperature = temperature;
        PriorWeight = priorWeight;
        _weak = outcomes.WeakQuality;
        _gap = new double[_rows];
        double sw = 0, sg = 0;
        for (int i = 0; i < _rows; i++)
        {
            _gap[i] = outcomes.StrongQuality[i] - outcomes.WeakQuality[i];
            sw += _weak[i];
            sg += _gap[i];
        }

        _meanWeak = sw / _rows;
        _meanGap = sg / _rows;
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <summary>Gets the number of neighbours used.</summary>
    public int K { get; }

    /// <summary>Gets the softmax temperature.</summary>
    public double Temperature { get; }

    /// <summary>Gets the smoothing pseudo-count.</summary>
    public double PriorWeight { get; }

    /// <inheritdoc />
    public double PredictWeakSuccess(ReadOnlySpan<float> features)
    {
        Predict(features, out double weak, out _);
        return weak;
    }

    /// <inheritdoc />
    public double PredictQualityGap(ReadOnlySpan<float> features)
    {
        Predict(features, out _, out double gap);
        return gap;
    }

    /// <summary>Predicts both the weak success and the gap with one neighbour search.</summary>
    public void Predict(ReadOnlySpan<float> features, out double weakSuccess, out double qualityGap)
    {
        if (features.Length != Dimensions)
        {
            throw new ArgumentException($"The feature vector has {features.Length} values; the predictor expects {Dimensions}.", nameof(features));
        }

        int k = K;
        Span<float> topSim = stackalloc float[k];
        Span<int> topIdx = stackalloc int[k];
        int count = 0;
        int d = Dimensions;
        ReadOnlySpan<float> matrix = _matrix;
        for (int r = 0; r < _rows; r++)
        {
            float sim = TensorPrimitives.Dot(matrix.Slice(r * d, d), features);
            if (count < k)
            {
                int pos = count++;
                while (pos > 0 && topSim[pos - 1] < sim)
                {
                    topSim[pos] = topSim[pos - 1];
                    topIdx[pos] = topIdx[pos - 1];
                    pos--;
                }

                topSim[pos] = sim;
                topIdx[pos] = r;
            }
            else if (sim > topSim[k - 1])
            {
                int pos = k - 1;
                while (pos > 0 && topSim[pos - 1] < sim)
                {
                    topSim[pos] = topSim[pos - 1];
                    topIdx[pos] = topIdx[pos - 1];
                    pos--;
                }

                topSim[pos] = sim;
                topIdx[pos] = r;
            }
        }

        double max = count > 0 ? topSim[0] : 0;
        double wSum = PriorWeight, weak = PriorWeight * _meanWeak, gap = PriorWeight * _meanGap;
        for (int i = 0; i < count; i++)
        {
            double w = Math.Exp((topSim[i] - max) / Temperature);
            wSum += w;
            weak += w * _weak[topIdx[i]];
            gap += w * _gap[topIdx[i]];
        }

        weakSuccess = wSum > 0 ? weak / wSum : _meanWeak;
        qualityGap = wSum > 0 ? gap / wSum : _meanGap;
    }
}
