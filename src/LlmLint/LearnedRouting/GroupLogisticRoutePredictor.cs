using System.Numerics.Tensors;

namespace LlmLint.LearnedRouting;

/// <summary>Training settings for <see cref="GroupLogisticRoutePredictor"/>.</summary>
public sealed record GroupLogisticTrainingOptions
{
    /// <summary>
    /// Gets the L2 penalty: the objective is the mean log-loss plus <c>L2 / 2 · ‖weights‖²</c> (the biases are not
    /// penalised). The shared weights and every group's own weights get the same penalty, so a group with few rows
    /// keeps weights near zero and routes mostly by the shared ones.
    /// </summary>
    public double L2 { get; init; } = 1.5e-4;

    /// <summary>
    /// Gets the scale of the per-group copy of the embedding relative to the shared features. Larger values let the
    /// groups' own weights move further from the shared ones for the same penalty.
    /// </summary>
    public float GroupSlopeScale { get; init; } = 1.4142135f;

    /// <summary>Gets the maximum number of L-BFGS iterations.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Gets the convergence tolerance on the largest gradient component.</summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>Gets the number of correction pairs L-BFGS keeps.</summary>
    public int History { get; init; } = 10;
}

/// <summary>
/// Two L2-regularised logistic regressions (weak tier good, strong tier good) whose weights are a shared vector plus
/// one vector per group over the embedding: <c>logit = b + w·f + s·w_g·e</c>, where <c>f</c> is the
/// <see cref="RouteFeatures"/> vector (embedding block <c>e</c>, then the one-hot group block) and <c>g</c> is the
/// prompt's group. One penalty shrinks every group's weights toward zero, so the model is the shared logistic router
/// plus, where a group's data supports it, that group's own slope (a hierarchical model fitted jointly). Fitted by full-batch
/// L-BFGS (the problem is convex: no shuffling, no seed). The quality gap is <c>P(strong) − P(weak)</c>.
/// </summary>
/// <remarks>Thread-safe for prediction. A prediction is O(dims): two dot products over the shared features and two over the group's block.</remarks>
public sealed class GroupLogisticRoutePredictor : ILearnedRoutePredictor
{
    private readonly Model _weak;
    private readonly Model _strong;
    private readonly int _embeddingDimensions;
    private readonly int _groupCount;
    private readonly float _slopeScale;

    private GroupLogisticRoutePredictor(Model weak, Model strong, int embeddingDimensions, int groupCount, float slopeScale)
    {
        _weak = weak;
        _strong = strong;
        _embeddingDimensions = embeddingDimensions;
        _groupCount = groupCount;
        _slopeScale = slopeScale;
    }

    /// <inheritdoc />
    public int Dimensions => _embeddingDimensions + _groupCount;

    /// <summary>Gets the number of groups (the length of the one-hot block at the end of each feature vector).</summary>
    public int GroupCount => _groupCount;

    /// <summary>Gets the number of L-BFGS iterations the weak and the strong model took.</summary>
    public (int Weak, int Strong) Iterations => (_weak.Iterations, _strong.Iterations);

    /// <summary>
    /// Trains a predictor. Each row of <paramref name="outcomes"/> is a <see cref="RouteFeatures"/> vector: the embedding,
    /// then a one-hot block of <paramref name="groupCount"/> values (all zero for a row without a group).
    /// </summary>
    public static GroupLogisticRoutePredictor Train(RouteOutcomes outcomes, int groupCount, GroupLogisticTrainingOptions? options = null)
    {
        if (outcomes is null)
        {
            throw new ArgumentNullException(nameof(outcomes));
        }

        options ??= new GroupLogisticTrainingOptions();
        if (groupCount < 1 || groupCount >= outcomes.Dimensions)
        {
            throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, $"The group count must be in [1, {outcomes.Dimensions}) for {outcomes.Dimensions}-value feature vectors.");
        }

        if (!(options.L2 > 0) || !(options.GroupSlopeScale >= 0) || float.IsInfinity(options.GroupSlopeScale) || options.MaxIterations < 1 || !(options.Tolerance > 0) || options.History < 1)
        {
            throw new ArgumentException("L2 and the tolerance must be positive, the group slope scale finite and not negative, the iteration count and history positive.", nameof(options));
        }

        int d = outcomes.Dimensions - groupCount;
        var groups = new int[outcomes.Count];
        for (int i = 0; i < groups.Length; i++)
        {
            groups[i] = GroupOf(outcomes.Row(i), d, groupCount, i);
        }

        var problem = new Problem(outcomes, groups, d, groupCount, options.GroupSlopeScale);
        Model weak = problem.Fit(outcomes.WeakQuality, options);
        Model strong = problem.Fit(outcomes.StrongQuality, options);
        return new GroupLogisticRoutePredictor(weak, strong, d, groupCount, options.GroupSlopeScale);
    }

    /// <inheritdoc />
    public double PredictWeakSuccess(ReadOnlySpan<float> features) => Sigmoid(Logit(_weak, features));

    /// <summary>Predicts the probability that the strong tier's answer is good.</summary>
    public double PredictStrongSuccess(ReadOnlySpan<float> features) => Sigmoid(Logit(_strong, features));

    /// <inheritdoc />
    public double PredictQualityGap(ReadOnlySpan<float> features) => PredictStrongSuccess(features) - PredictWeakSuccess(features);

    private double Logit(Model model, ReadOnlySpan<float> features)
    {
        if (features.Length != Dimensions)
        {
            throw new ArgumentException($"The feature vector has {features.Length} values; the predictor expects {Dimensions}.", nameof(features));
        }

        int g = GroupOf(features, _embeddingDimensions, _groupCount, -1);
        return model.Logit(features, g, _embeddingDimensions, _groupCount, _slopeScale);
    }

    // The group is the position of the one non-zero value of the one-hot block (−1 when the block is all zero).
    private static int GroupOf(ReadOnlySpan<float> features, int embeddingDimensions, int groupCount, int row)
    {
        ReadOnlySpan<float> block = features.Slice(embeddingDimensions, groupCount);
        int group = -1;
        for (int j = 0; j < block.Length; j++)
        {
            if (block[j] != 0)
            {
                if (group >= 0)
                {
                    string where = row >= 0 ? $"Row {row}" : "The feature vector";
                    throw new ArgumentException($"{where} has more than one non-zero value in its group block (values {embeddingDimensions}..{embeddingDimensions + groupCount - 1}); it must be one-hot or all zero.");
                }

                group = j;
            }
        }

        return group;
    }

    private static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    // Parameters: [bias, shared weights (d + G), group weights (G × d)].
    private sealed class Model
    {
        public Model(float[] parameters, int iterations)
        {
            Parameters = parameters;
            Iterations = iterations;
        }

        public float[] Parameters { get; }

        public int Iterations { get; }

        public double Logit(ReadOnlySpan<float> features, int group, int d, int groupCount, float slopeScale)
        {
            ReadOnlySpan<float> p = Parameters;
            double z = p[0] + TensorPrimitives.Dot(p.Slice(1, d + groupCount), features);
            if (group >= 0)
            {
                z += slopeScale * TensorPrimitives.Dot(p.Slice(1 + d + groupCount + (group * d), d), features.Slice(0, d));
            }

            return z;
        }
    }

    private sealed class Problem
    {
        private readonly RouteOutcomes _data;
        private readonly int[] _groups;
        private readonly int _d;
        private readonly int _groupCount;
        private readonly float _scale;

        public Problem(RouteOutcomes data, int[] groups, int d, int groupCount, float scale)
        {
            _data = data;
            _groups = groups;
            _d = d;
            _groupCount = groupCount;
            _scale = scale;
        }

        private int Shared => _d + _groupCount;

        public Model Fit(double[] labels, GroupLogisticTrainingOptions o)
        {
            int size = 1 + Shared + (_groupCount * _d);
            var x = new float[size];
            x[0] = (float)LogisticRoutePredictor.BaseLogit(labels);
            int iterations = Lbfgs.Minimize(x, (p, g) => Evaluate(p, g, labels, o.L2), o.MaxIterations, o.Tolerance, o.History);
            return new Model(x, iterations);
        }

        // Mean log-loss + L2/2 ‖w‖² (bias excluded) and its gradient.
        private double Evaluate(float[] p, float[] gradient, double[] labels, double l2)
        {
            Array.Clear(gradient);
            int n = _data.Count, shared = Shared;
            Span<float> sharedWeights = p.AsSpan(1, shared);
            Span<float> sharedGradient = gradient.AsSpan(1, shared);
            double loss = 0, biasGradient = 0;
            float inv = 1f / n;
            for (int i = 0; i < n; i++)
            {
                ReadOnlySpan<float> f = _data.Row(i);
                int g = _groups[i];
                double z = p[0] + TensorPrimitives.Dot(sharedWeights, f);
                Span<float> groupWeights = default, groupGradient = default;
                if (g >= 0)
                {
                    int offset = 1 + shared + (g * _d);
                    groupWeights = p.AsSpan(offset, _d);
                    groupGradient = gradient.AsSpan(offset, _d);
                    z += _scale * TensorPrimitives.Dot(groupWeights, f.Slice(0, _d));
                }

                double y = labels[i];

                // log(1 + e^z) − y·z, computed without overflow.
                loss += (z > 0 ? z + Math.Log(1 + Math.Exp(-z)) : Math.Log(1 + Math.Exp(z))) - (y * z);
                double r = Sigmoid(z) - y;
                biasGradient += r;
                float rf = (float)r * inv;
                TensorPrimitives.MultiplyAdd(f, rf, sharedGradient, sharedGradient);
                if (g >= 0)
                {
                    TensorPrimitives.MultiplyAdd(f.Slice(0, _d), rf * _scale, groupGradient, groupGradient);
                }
            }

            gradient[0] = (float)(biasGradient / n);
            Span<float> weights = p.AsSpan(1), weightGradient = gradient.AsSpan(1);
            TensorPrimitives.MultiplyAdd(weights, (float)l2, weightGradient, weightGradient);
            double norm = TensorPrimitives.Dot(weights, weights);
            return (loss / n) + (0.5 * l2 * norm);
        }
    }
}
