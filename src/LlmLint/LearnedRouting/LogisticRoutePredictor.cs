using System.Numerics.Tensors;

namespace LlmLint.LearnedRouting;

/// <summary>Training settings for <see cref="LogisticRoutePredictor"/>.</summary>
public sealed record LogisticTrainingOptions
{
    /// <summary>Gets the L2 penalty on the weights (not the bias).</summary>
    public double L2 { get; init; } = 1e-4;

    /// <summary>Gets the number of passes over the data.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Gets the mini-batch size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Gets the Adam learning rate.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Gets the seed of the shuffling (training is deterministic for a given seed).</summary>
    public int Seed { get; init; } = 17;
}

/// <summary>
/// Two L2-regularised logistic regressions on the feature vector, one for "the weak tier's answer is good" and one
/// for "the strong tier's answer is good", trained by mini-batch Adam with a fixed shuffling seed (deterministic).
/// The quality gap is <c>P(strong) − P(weak)</c>.
/// </summary>
/// <remarks>Thread-safe for prediction.</remarks>
public sealed class LogisticRoutePredictor : ILearnedRoutePredictor
{
    private readonly float[] _weakWeights;
    private readonly float[] _strongWeights;
    private readonly double _weakBias;
    private readonly double _strongBias;

    private LogisticRoutePredictor(float[] weakWeights, double weakBias, float[] strongWeights, double strongBias)
    {
        _weakWeights = weakWeights;
        _weakBias = weakBias;
        _strongWeights = strongWeights;
        _strongBias = strongBias;
        Dimensions = weakWeights.Length;
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <summary>Trains a predictor on <paramref name="outcomes"/>.</summary>
    public static LogisticRoutePredictor Train(RouteOutcomes outcomes, LogisticTrainingOptions? options = null)
    {
        if (outcomes is null)
        {
            throw new ArgumentNullException(nameof(outcomes));
        }

        options ??= new LogisticTrainingOptions();
        if (options.Epochs < 1 || options.BatchSize < 1 || !(options.LearningRate > 0) || !(options.L2 >= 0))
        {
            throw new ArgumentException("Epochs and batch size must be positive, the learning rate positive and L2 not negative.", nameof(options));
        }

        float[] ww = Fit(outcomes, outcomes.WeakQuality, options, out double wb);
        float[] sw = Fit(outcomes, outcomes.StrongQuality, options, out double sb);
        return new LogisticRoutePredictor(ww, wb, sw, sb);
    }

    /// <inheritdoc />
    public double PredictWeakSuccess(ReadOnlySpan<float> features) => Sigmoid(Logit(_weakWeights, _weakBias, features));

    /// <summary>Predicts the probability that the strong tier's answer is good.</summary>
    public double PredictStrongSuccess(ReadOnlySpan<float> features) => Sigmoid(Logit(_strongWeights, _strongBias, features));

    /// <inheritdoc />
    public double PredictQualityGap(ReadOnlySpan<float> features) => PredictStrongSuccess(features) - PredictWeakSuccess(features);

    private double Logit(float[] weights, double bias, ReadOnlySpan<float> features)
    {
        if (features.Length != Dimensions)
        {
            throw new ArgumentException($"The feature vector has {features.Length} values; the predictor expects {Dimensions}.", nameof(features));
        }

        return TensorPrimitives.Dot(weights, features) + bias;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>The log-odds of the labels' mean (clamped to [0.001, 0.999]): the starting bias of a logistic fit.</summary>
    internal static double BaseLogit(double[] labels)
    {
        double mean = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            mean += labels[i];
        }

        mean = Math.Clamp(mean / labels.Length, 1e-3, 1 - 1e-3);
        return Math.Log(mean / (1 - mean));
    }

    private static float[] Fit(RouteOutcomes data, double[] labels, LogisticTrainingOptions o, out double bias)
    {
        int n = data.Count, d = data.Dimensions;
        var w = new float[d];
        var grad = new float[d];
        var m = new float[d];
        var v = new float[d];
        var scratch = new float[d];
        double b = BaseLogit(labels), mb = 0, vb = 0;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var rng = new Random(o.Seed);
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        int step = 0;
        float lr = (float)o.LearningRate;
        for (int epoch = 0; epoch < o.Epochs; epoch++)
        {
            for (int i = n - 1; i > 0; i--)
            {
                int j = rng.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int start = 0; start < n; start += o.BatchSize)
            {
                int end = Math.Min(n, start + o.BatchSize);
                Array.Clear(grad);
                double gb = 0;
                for (int t = start; t < end; t++)
                {
                    int row = order[t];
                    ReadOnlySpan<float> x = data.Row(row);
                    double p = Sigmoid(TensorPrimitives.Dot(w, x) + b);
                    float g = (float)(p - labels[row]);
                    TensorPrimitives.MultiplyAdd(x, g, grad, grad);
                    gb += g;
                }

                float inv = 1f / (end - start);
                TensorPrimitives.Multiply(grad, inv, grad);
                TensorPrimitives.MultiplyAdd(w, (float)o.L2, grad, grad);
                gb *= inv;
                step++;
                float c1 = (float)(1 - Math.Pow(beta1, step));
                float c2 = (float)(1 - Math.Pow(beta2, step));

                // m = beta1 m + (1 - beta1) g ; v = beta2 v + (1 - beta2) g^2
                TensorPrimitives.Multiply(m, (float)beta1, m);
                TensorPrimitives.MultiplyAdd(grad, (float)(1 - beta1), m, m);
                TensorPrimitives.Multiply(grad, grad, scratch);
                TensorPrimitives.Multiply(v, (float)beta2, v);
                TensorPrimitives.MultiplyAdd(scratch, (float)(1 - beta2), v, v);

                // w -= lr * (m / c1) / (sqrt(v / c2) + eps)
                TensorPrimitives.Divide(v, c2, scratch);
                TensorPrimitives.Sqrt(scratch, scratch);
                TensorPrimitives.Add(scratch, (float)eps, scratch);
                TensorPrimitives.Divide(m, scratch, scratch);
                TensorPrimitives.MultiplyAdd(scratch, -lr / c1, w, w);

                mb = beta1 * mb + (1 - beta1) * gb;
                vb = beta2 * vb + (1 - beta2) * gb * gb;
                b -= o.LearningRate * (mb / c1) / (Math.Sqrt(vb / c2) + eps);
            }
        }

        bias = b;
        return w;
    }
}
