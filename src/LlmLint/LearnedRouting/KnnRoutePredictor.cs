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
            Offer(topSim, topIdx, ref count, TensorPrimitives.Dot(matrix.Slice(r * d, d), features), r);
        }

        Aggregate(topSim.Slice(0, count), topIdx.Slice(0, count), _meanWeak, _meanGap, out weakSuccess, out qualityGap);
    }

    /// <summary>
    /// Predicts a batch of queries (row-major, <c>count × Dimensions</c>). Queries are processed in blocks of 32 so
    /// each training row is read from memory once per block instead of once per query.
    /// </summary>
    public void PredictBatch(ReadOnlySpan<float> queries, Span<double> weakSuccess, Span<double> qualityGap) =>
        PredictBatch(queries, weakSuccess, qualityGap, default, default);

    /// <summary>
    /// Like <see cref="PredictBatch(ReadOnlySpan{float}, Span{double}, Span{double})"/>, but the <see cref="PriorWeight"/>
    /// pseudo-neighbours carry a per-query prior (for example the query's subject win rates) instead of the training
    /// mean. Pass empty spans to use the training mean.
    /// </summary>
    public void PredictBatch(ReadOnlySpan<float> queries, Span<double> weakSuccess, Span<double> qualityGap, ReadOnlySpan<double> priorWeak, ReadOnlySpan<double> priorGap)
    {
        int d = Dimensions;
        if (queries.Length % d != 0)
        {
            throw new ArgumentException($"The query matrix length {queries.Length} is not a multiple of {d}.", nameof(queries));
        }

        int count = queries.Length / d;
        if (weakSuccess.Length != count || qualityGap.Length != count)
        {
            throw new ArgumentException($"The output spans must have {count} elements.", nameof(weakSuccess));
        }

        if ((priorWeak.Length != 0 && priorWeak.Length != count) || priorWeak.Length != priorGap.Length)
        {
            throw new ArgumentException($"The prior spans must both be empty or both have {count} elements.", nameof(priorWeak));
        }

        const int Block = 32;
        int k = K;
        var topSim = new float[Block * k];
        var topIdx = new int[Block * k];
        Span<int> filled = stackalloc int[Block];
        ReadOnlySpan<float> matrix = _matrix;
        for (int start = 0; start < count; start += Block)
        {
            int b = Math.Min(Block, count - start);
            filled.Clear();
            ReadOnlySpan<float> block = queries.Slice(start * d, b * d);
            for (int r = 0; r < _rows; r++)
            {
                ReadOnlySpan<float> row = matrix.Slice(r * d, d);
                for (int q = 0; q < b; q++)
                {
                    Offer(topSim.AsSpan(q * k, k), topIdx.AsSpan(q * k, k), ref filled[q], TensorPrimitives.Dot(row, block.Slice(q * d, d)), r);
                }
            }

            for (int q = 0; q < b; q++)
            {
                bool hasPrior = priorWeak.Length != 0;
                Aggregate(topSim.AsSpan(q * k, filled[q]), topIdx.AsSpan(q * k, filled[q]), hasPrior ? priorWeak[start + q] : _meanWeak, hasPrior ? priorGap[start + q] : _meanGap, out weakSuccess[start + q], out qualityGap[start + q]);
            }
        }
    }

    /// <summary>Keeps the <c>sims.Length</c> most similar rows seen so far, most similar first.</summary>
    private static void Offer(Span<float> sims, Span<int> rows, ref int count, float sim, int row)
    {
        int pos;
        if (count < sims.Length)
        {
            pos = count++;
        }
        else if (sim > sims[^1])
        {
            pos = sims.Length - 1; // replaces the weakest neighbour
        }
        else
        {
            return;
        }

        while (pos > 0 && sims[pos - 1] < sim)
        {
            sims[pos] = sims[pos - 1];
            rows[pos] = rows[pos - 1];
            pos--;
        }

        sims[pos] = sim;
        rows[pos] = row;
    }

    private void Aggregate(ReadOnlySpan<float> sims, ReadOnlySpan<int> indices, double priorWeak, double priorGap, out double weakSuccess, out double qualityGap)
    {
        double max = sims.Length > 0 ? sims[0] : 0;
        double wSum = PriorWeight, weak = PriorWeight * priorWeak, gap = PriorWeight * priorGap;
        for (int i = 0; i < sims.Length; i++)
        {
            double w = Math.Exp((sims[i] - max) / Temperature);
            wSum += w;
            weak += w * _weak[indices[i]];
            gap += w * _gap[indices[i]];
        }

        weakSuccess = wSum > 0 ? weak / wSum : priorWeak;
        qualityGap = wSum > 0 ? gap / wSum : priorGap;
    }
}
