using System.Threading;
using System.Threading.Tasks;
using LlmLint.LearnedRouting;
using LlmLint.Metering;

namespace LlmLint.Evaluation;

/// <summary>
/// Replays recorded outcomes: a fixed-seed split, routers trained on the training split, and RouteLLM's metrics
/// (APGR, CPT(50%), CPT(80%)) plus the cost saving at 95% of the strong model's quality, on the test split.
/// </summary>
public static partial class RouteEvaluation
{
    /// <summary>Estimates the per-call cost in USD of <paramref name="modelId"/> for a prompt, from the catalog.</summary>
    public static double EstimateCost(string modelId, string prompt, int outputTokens)
    {
        if (!CostCalculator.Default.TryCost(modelId, TokenCounter.Count(prompt, modelId), outputTokens, cachedInputTokens: 0, out decimal cost))
        {
            throw new ArgumentException($"Model '{modelId}' is not in the model catalog.", nameof(modelId));
        }

        return (double)cost;
    }

    /// <summary>Runs the evaluation.</summary>
    public static async Task<RouteEvaluationReport> RunAsync(RouteDataSet data, BatchEmbedder embedder, string embedderName, RouteEvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (embedder is null)
        {
            throw new ArgumentNullException(nameof(embedder));
        }

        options ??= new RouteEvaluationOptions();
        if (options.CalibrationFolds < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.CalibrationFolds, "RouteEvaluationOptions.CalibrationFolds must be at least 2.");
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var samples = data.Samples;
        int n = samples.Count;
        if (n < 10)
        {
            throw new ArgumentException($"The data set '{data.Name}' has {n} samples; at least 10 are needed.", nameof(data));
        }

        var (train, test) = Split(n, options.TestFraction, options.Seed);
        int folds = Math.Min(options.CalibrationFolds, train.Length);

        var prompts = new string[n];
        var weakQ = new double[n];
        var strongQ = new double[n];
        var weakC = new double[n];
        var strongC = new double[n];
        var groupNames = new List<string>();
        var groupIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new int[n];
        for (int i = 0; i < n; i++)
        {
            var s = samples[i];
            prompts[i] = s.Prompt;
            weakQ[i] = s.WeakQuality;
            strongQ[i] = s.StrongQuality;
            weakC[i] = s.WeakCost ?? EstimateCost(data.WeakModel, s.Prompt, options.OutputTokens);
            strongC[i] = s.StrongCost ?? EstimateCost(data.StrongModel, s.Prompt, options.OutputTokens);
            if (s.Group is null)
            {
                groups[i] = -1;
            }
            else
            {
                if (!groupIndex.TryGetValue(s.Group, out int g))
                {
                    g = groupNames.Count;
                    groupIndex[s.Group] = g;
                    groupNames.Add(s.Group);
                }

                groups[i] = g;
            }
        }

        float[][] embeddings = await embedder(prompts, cancellationToken);
        if (embeddings.Length != n)
        {
            throw new InvalidOperationException($"The embedder returned {embeddings.Length} vectors for {n} prompts.");
        }

        int dims = embeddings[0].Length;
        bool hasGroups = groupNames.Count > 1;
        var results = new List<RouterResult>();
        var testWeak = Pick(test, weakQ);
        var testStrong = Pick(test, strongQ);
        var testWeakCost = Pick(test, weakC);
        var testStrongCost = Pick(test, strongC);
        var trainWeak = Pick(train, weakQ);
        var trainStrong = Pick(train, strongQ);
        var trainWeakCost = Pick(train, weakC);
        var trainStrongCost = Pick(train, strongC);

        Evaluate("random", "constant score: the expectation of random routing at every share of strong calls", (_, rows) => new double[rows.Length]);
        Evaluate("oracle", "upper bound: knows both outcomes (strong − weak quality)", (_, rows) => Gather(rows, i => strongQ[i] - weakQ[i]));
        Evaluate("knn", $"k-nearest neighbours (k={options.K}) over {embedderName} embeddings", (fit, rows) => KnnScores(fit, rows, 0, 0f));
        Evaluate("logistic", $"L2 logistic regression on {embedderName} embeddings", (fit, rows) => LogisticScores(fit, rows, 0, 0f));

        if (hasGroups)
        {
            var subjectRun = Evaluate("group-baseline", "in-domain baseline: per-group win rates of the training split", (fit, rows) =>
            {
                var subject = Subject(fit);
                return Gather(rows, i => subject.PredictQualityGap(samples[i].Group ?? string.Empty));
            });
            var knnGroupRun = Evaluate("knn+group", "kNN over embeddings with a one-hot group block", (fit, rows) => KnnScores(fit, rows, groupNames.Count, options.GroupWeight));
            var logisticGroupRun = Evaluate("logistic+group", "logistic regression on embeddings plus group one-hot features", (fit, rows) => LogisticScores(fit, rows, groupNames.Count, options.GroupWeight));
            var groupLogisticRun = Evaluate("logistic-per-group", "logistic regression with shared weights plus each group's own weights over the embedding, one L2 penalty (L-BFGS)", (fit, rows) => GroupLogisticScores(fit, rows, groupNames.Count, options.GroupWeight));
            var zl = Standardise(logisticGroupRun);
            var zk = Standardise(knnGroupRun);
            var zs = Standardise(subjectRun);
            Record("ensemble", "sum of the standardised scores of logistic+group, knn+group and group-baseline", (Sum(zl.Test, zk.Test, zs.Test), Sum(zl.OutOfFold, zk.OutOfFold, zs.OutOfFold)), 0);

            // Hyper-parameters chosen by cross-validation on the training split only: the out-of-fold saving at the
            // target over a small grid of L2 penalty × group weight.
            var tuneClock = System.Diagnostics.Stopwatch.StartNew();
            (double L2, float GroupWeight)[] grid = { (1e-4, 1f), (1e-3, 1f), (1e-2, 1f), (1e-4, 2f), (1e-3, 2f), (1e-2, 2f) };
            int best = -1;
            double bestSaving = double.NegativeInfinity;
            double[]? bestOutOfFold = null;
            var tuned = new double[grid.Length];
            for (int c = 0; c < grid.Length; c++)
            {
                var (l2, gw) = grid[c];
                double[] oof = CrossFit(train, folds, options.Seed + 1, (fit, rows) => LogisticScores(fit, rows, groupNames.Count, gw, l2), cancellationToken);
                tuned[c] = Metrics(Curve(oof, trainWeak, trainStrong, trainWeakCost, trainStrongCost), options.Target).SavingAt95 ?? double.NegativeInfinity;
                if (tuned[c] > bestSaving)
                {
                    bestSaving = tuned[c];
                    best = c;
                    bestOutOfFold = oof;
                }
            }

            var chosen = grid[best];
            var tunedTest = LogisticScores(train, test, groupNames.Count, chosen.GroupWeight, chosen.L2);
            string chosenText = string.Format(CultureInfo.InvariantCulture, "L2 {0:g2}, group weight {1:0.#}", chosen.L2, chosen.GroupWeight);
            Record("logistic+group-cv", $"logistic+group with {chosenText}, chosen by {folds}-fold cross-validation of the saving on the training split", (tunedTest, bestOutOfFold!), tuneClock.Elapsed.TotalSeconds);

            // Stacking: weights of the standardised base scores fitted by least squares to the quality gap on the
            // out-of-fold training scores (the test split is not used), then applied to the test scores.
            var bases = new[] { Standardise((tunedTest, bestOutOfFold!)), zk, zs };
            double[] weights = FitStack(bases, train, strongQ, weakQ);
            var stacked = (Combine(bases, weights, test: true), Combine(bases, weights, test: false));
            string weightText = string.Format(CultureInfo.InvariantCulture, "{0:0.00}·logistic+group-cv + {1:0.00}·knn+group + {2:0.00}·group-baseline", weights[0], weights[1], weights[2]);
            Record("stacked", $"{weightText} (weights by least squares on out-of-fold training scores)", stacked, 0);
        }

        double wq = 0, sq = 0, wc = 0, sc = 0;
        foreach (int i in test)
        {
            wq += weakQ[i];
            sq += strongQ[i];
            wc += weakC[i];
            sc += strongC[i];
        }

        int t = test.Length;
        return new RouteEvaluationReport(data.Name, embedderName, options.Seed, train.Length, folds, t, data.Excluded, wq / t, sq / t, wc / t, sc / t, options.Target, results, clock.Elapsed.TotalSeconds);

        GroupWinRatePredictor Subject(int[] rows)
        {
            var g = new string[rows.Length];
            var w = new double[rows.Length];
            var s = new double[rows.Length];
            for (int j = 0; j < rows.Length; j++)
            {
                g[j] = samples[rows[j]].Group ?? string.Empty;
                w[j] = weakQ[rows[j]];
                s[j] = strongQ[rows[j]];
            }

            return new GroupWinRatePredictor(g, w, s);
        }

        float[] Features(int[] rows, int groupCount, float groupWeight)
        {
            int d = dims + groupCount;
            var matrix = new float[rows.Length * d];
            for (int j = 0; j < rows.Length; j++)
            {
                int i = rows[j];
                if (groupCount > 0)
                {
                    RouteFeatures.Write(embeddings[i], groups[i], groupCount, groupWeight, matrix.AsSpan(j * d, d));
                }
                else
                {
                    embeddings[i].AsSpan().CopyTo(matrix.AsSpan(j * d, d));
                }
            }

            return matrix;
        }

        RouteOutcomes Build(int[] rows, int groupCount, float groupWeight)
            => new RouteOutcomes(Features(rows, groupCount, groupWeight), dims + groupCount, Pick(rows, weakQ), Pick(rows, strongQ));

        double[] LogisticScores(int[] fit, int[] rows, int groupCount, float groupWeight, double l2 = 1e-4)
            => Score(LogisticRoutePredictor.Train(Build(fit, groupCount, groupWeight), new LogisticTrainingOptions { Seed = options.Seed, L2 = l2 }), rows, groupCount, groupWeight);

        double[] GroupLogisticScores(int[] fit, int[] rows, int groupCount, float groupWeight)
            => Score(GroupLogisticRoutePredictor.Train(Build(fit, groupCount, groupWeight), groupCount), rows, groupCount, groupWeight);

        double[] Score(ILearnedRoutePredictor model, int[] rows, int groupCount, float groupWeight)
        {
            int d = dims + groupCount;
            var queries = Features(rows, groupCount, groupWeight);
            var result = new double[rows.Length];
            for (int j = 0; j < rows.Length; j++)
            {
                result[j] = model.PredictQualityGap(queries.AsSpan(j * d, d));
            }

            return result;
        }

        double[] KnnScores(int[] fit, int[] rows, int groupCount, float groupWeight)
        {
            var predictor = new KnnRoutePredictor(Build(fit, groupCount, groupWeight), options.K);
            int d = dims + groupCount;
            var queries = Features(rows, groupCount, groupWeight);
            var weakOut = new double[rows.Length];
            var gapOut = new double[rows.Length];
            int chunk = Math.Max(32, (rows.Length + 63) / 64 * 32);
            int chunks = (rows.Length + chunk - 1) / chunk;
            Parallel.For(0, chunks, new ParallelOptions { CancellationToken = cancellationToken }, c =>
            {
                int from = c * chunk, to = Math.Min(rows.Length, from + chunk);
                predictor.PredictBatch(queries.AsSpan(from * d, (to - from) * d), weakOut.AsSpan(from, to - from), gapOut.AsSpan(from, to - from));
            });
            return gapOut;
        }

        (double[] Test, double[] OutOfFold) Evaluate(string name, string description, Func<int[], int[], double[]> fitAndScore)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var routerClock = System.Diagnostics.Stopwatch.StartNew();
            double[] testScores = fitAndScore(train, test);
            double[] outOfFold = CrossFit(train, folds, options.Seed + 1, fitAndScore, cancellationToken);
            Record(name, description, (testScores, outOfFold), routerClock.Elapsed.TotalSeconds);
            return (testScores, outOfFold);
        }

        void Record(string name, string description, (double[] Test, double[] OutOfFold) scores, double seconds)
        {
            var curve = Curve(scores.Test, testWeak, testStrong, testWeakCost, testStrongCost);
            var metrics = Metrics(curve, options.Target);
            double threshold = ThresholdCalibrator.Calibrate(scores.OutOfFold, trainWeak, trainStrong, options.Target);
            var calibrated = ApplyThreshold(threshold, scores.Test, testWeak, testStrong, testWeakCost, testStrongCost);
            double? cvSaving = Metrics(Curve(scores.OutOfFold, trainWeak, trainStrong, trainWeakCost, trainStrongCost), options.Target).SavingAt95;
            results.Add(new RouterResult(name, description, metrics, calibrated, seconds, cvSaving));
        }
    }

    private static double[] Gather(int[] rows, Func<int, double> score)
    {
        var result = new double[rows.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            result[j] = score(rows[j]);
        }

        return result;
    }

    private static double[] Pick(int[] rows, double[] values)
    {
        var result = new double[rows.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            result[j] = values[rows[j]];
        }

        return result;
    }
}
