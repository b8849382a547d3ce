using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.LearnedRouting;
using LlmLint.Metering;

namespace LlmLint.Evaluation;

/// <summary>RouteLLM's metrics for one router on one test split.</summary>
/// <param name="Apgr">Average performance gap recovered: the area under PGR(share of strong calls) on [0, 1].</param>
/// <param name="Cpt50">Share of calls sent to the strong model to recover 50% of the weak→strong gap (null if never).</param>
/// <param name="Cpt80">Share of calls sent to the strong model to recover 80% of the gap (null if never).</param>
/// <param name="SavingAt95">Cost saving relative to always-strong at the cheapest point reaching 95% of the strong model's quality (null if never).</param>
/// <param name="StrongShareAt95">The share of strong calls at that point.</param>
public sealed record RouteMetrics(double Apgr, double? Cpt50, double? Cpt80, double? SavingAt95, double? StrongShareAt95);

/// <summary>A router's result when its threshold is calibrated on out-of-fold training scores and applied to the test split.</summary>
public sealed record CalibratedResult(double Threshold, double StrongShare, double Quality, double QualityVsStrong, double Saving);

/// <summary>One router's evaluation.</summary>
/// <param name="Name">The router.</param>
/// <param name="Description">What it does.</param>
/// <param name="Metrics">RouteLLM's metrics on the test split.</param>
/// <param name="Calibrated">The threshold calibrated on out-of-fold training scores, applied to the test split.</param>
/// <param name="Seconds">Training and scoring time.</param>
/// <param name="CrossValidatedSaving">The saving at the target on the out-of-fold training scores (training data only: the figure to choose a router by).</param>
public sealed record RouterResult(string Name, string Description, RouteMetrics Metrics, CalibratedResult? Calibrated, double Seconds = 0, double? CrossValidatedSaving = null);

/// <summary>A full route evaluation.</summary>
public sealed record RouteEvaluationReport(
    string Dataset,
    string Embedder,
    int Seed,
    int Train,
    int CalibrationFolds,
    int Test,
    int Excluded,
    double WeakQuality,
    double StrongQuality,
    double WeakCost,
    double StrongCost,
    double Target,
    IReadOnlyList<RouterResult> Routers,
    double ElapsedSeconds);

/// <summary>Options of <see cref="RouteEvaluation.RunAsync"/>.</summary>
public sealed record RouteEvaluationOptions
{
    /// <summary>Gets the seed of the train/test split (and of training).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Gets the share of samples in the test split.</summary>
    public double TestFraction { get; init; } = 0.5;

    /// <summary>
    /// Gets the number of cross-fitting folds on the training split: each router is trained on all folds but one and
    /// scores the held-out fold, and these out-of-fold scores pick the calibrated threshold.
    /// </summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>Gets the quality target as a share of the strong model's quality.</summary>
    public double Target { get; init; } = 0.95;

    /// <summary>Gets the assumed output tokens per call, used when costs are estimated from the catalog.</summary>
    public int OutputTokens { get; init; } = 256;

    /// <summary>Gets the neighbours of the kNN router.</summary>
    public int K { get; init; } = 64;

    /// <summary>Gets the weight of the group one-hot block in the "+group" routers.</summary>
    public float GroupWeight { get; init; } = 1.0f;
}

/// <summary>
/// Replays recorded outcomes: a fixed-seed split, routers trained on the training split, and RouteLLM's metrics
/// (APGR, CPT(50%), CPT(80%)) plus the cost saving at 95% of the strong model's quality, on the test split.
/// </summary>
public static class RouteEvaluation
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

    /// <summary>Estimates the per-call cost in USD of <paramref name="modelId"/> for a prompt, from the catalog.</summary>
    public static double EstimateCost(string modelId, string prompt, int outputTokens)
    {
        if (!ModelCatalog.Default.TryGet(modelId, out ModelInfo model))
        {
            throw new ArgumentException($"Model '{modelId}' is not in the model catalog.", nameof(modelId));
        }

        return (double)model.CostUsd(TokenCounter.Count(prompt, modelId), outputTokens);
    }

    /// <summary>Splits indices 0..n−1 with a seeded Fisher–Yates shuffle; returns (train, test), each sorted.</summary>
    public static (int[] Train, int[] Test) Split(int count, double testFraction, int seed)
    {
        if (count < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "At least two samples are needed to split.");
        }

        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }

        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var rng = new Random(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        int test = Math.Clamp((int)Math.Round(count * testFraction), 1, count - 1);
        var testIdx = order.AsSpan(0, test).ToArray();
        var trainIdx = order.AsSpan(test).ToArray();
        Array.Sort(testIdx);
        Array.Sort(trainIdx);
        return (trainIdx, testIdx);
    }

    /// <summary>
    /// Splits <paramref name="rows"/> into <paramref name="folds"/> disjoint folds with a seeded shuffle; every row is in
    /// exactly one fold, fold sizes differ by at most one, and each fold is sorted.
    /// </summary>
    public static int[][] Folds(int[] rows, int folds, int seed)
    {
        if (rows is null)
        {
            throw new ArgumentNullException(nameof(rows));
        }

        if (folds < 2 || folds > rows.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, $"The fold count must be in [2, {rows.Length}] for {rows.Length} rows.");
        }

        var order = (int[])rows.Clone();
        var rng = new Random(seed);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var result = new int[folds][];
        for (int f = 0; f < folds; f++)
        {
            int from = (int)((long)order.Length * f / folds), to = (int)((long)order.Length * (f + 1) / folds);
            result[f] = order.AsSpan(from, to - from).ToArray();
            Array.Sort(result[f]);
        }

        return result;
    }

    /// <summary>
    /// Cross-fitting: for each fold, trains on the other folds and scores the fold, so every row of
    /// <paramref name="rows"/> gets an out-of-fold score from a model that never saw it. Returns the scores aligned with
    /// <paramref name="rows"/>. Folds run in parallel; the result does not depend on scheduling.
    /// </summary>
    /// <param name="rows">The training rows.</param>
    /// <param name="folds">The number of folds.</param>
    /// <param name="seed">The seed of the fold assignment.</param>
    /// <param name="fitAndScore">Trains on the first array of rows and returns scores for the second.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    public static double[] CrossFit(int[] rows, int folds, int seed, Func<int[], int[], double[]> fitAndScore, CancellationToken cancellationToken = default)
    {
        if (fitAndScore is null)
        {
            throw new ArgumentNullException(nameof(fitAndScore));
        }

        int[][] parts = Folds(rows, folds, seed);
        var position = new Dictionary<int, int>(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            position[rows[i]] = i;
        }

        var result = new double[rows.Length];
        var fits = new int[folds][];
        for (int f = 0; f < folds; f++)
        {
            var rest = new List<int>(rows.Length);
            for (int g = 0; g < folds; g++)
            {
                if (g != f)
                {
                    rest.AddRange(parts[g]);
                }
            }

            rest.Sort();
            fits[f] = rest.ToArray();
        }

        Parallel.For(0, folds, new ParallelOptions { CancellationToken = cancellationToken }, f =>
        {
            double[] scores = fitAndScore(fits[f], parts[f]);
            if (scores is null || scores.Length != parts[f].Length)
            {
                throw new InvalidOperationException($"The router returned {scores?.Length ?? 0} scores for {parts[f].Length} rows.");
            }

            for (int j = 0; j < parts[f].Length; j++)
            {
                result[position[parts[f][j]]] = scores[j];
            }
        });
        return result;
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

    // Standardises test and out-of-fold scores separately (no labels involved) so scores of different routers can be summed.
    private static (double[] Test, double[] OutOfFold) Standardise((double[] Test, double[] OutOfFold) scores)
        => (Standardise(scores.Test), Standardise(scores.OutOfFold));

    private static double[] Standardise(double[] values)
    {
        double mean = 0, sq = 0;
        foreach (double v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        foreach (double v in values)
        {
            sq += (v - mean) * (v - mean);
        }

        double sd = Math.Sqrt(sq / values.Length);
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = sd > 0 ? (values[i] - mean) / sd : 0;
        }

        return result;
    }

    // Least squares of the quality gap on the out-of-fold base scores (with an intercept, dropped from the result).
    private static double[] FitStack((double[] Test, double[] OutOfFold)[] bases, int[] train, double[] strongQ, double[] weakQ)
    {
        int p = bases.Length + 1;
        var xtx = new double[p, p];
        var xty = new double[p];
        var x = new double[p];
        for (int j = 0; j < train.Length; j++)
        {
            x[0] = 1;
            for (int b = 0; b < bases.Length; b++)
            {
                x[b + 1] = bases[b].OutOfFold[j];
            }

            double y = strongQ[train[j]] - weakQ[train[j]];
            for (int r = 0; r < p; r++)
            {
                xty[r] += x[r] * y;
                for (int c = 0; c < p; c++)
                {
                    xtx[r, c] += x[r] * x[c];
                }
            }
        }

        for (int r = 1; r < p; r++)
        {
            xtx[r, r] += 1e-6 * train.Length; // a touch of ridge keeps collinear scores solvable
        }

        double[] beta = Solve(xtx, xty);
        var weights = new double[bases.Length];
        Array.Copy(beta, 1, weights, 0, bases.Length);
        return weights;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            for (int r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (int c = 0; c < n; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }

            (v[col], v[pivot]) = (v[pivot], v[col]);
            double d = m[col, col];
            if (Math.Abs(d) < 1e-15)
            {
                continue;
            }

            for (int r = 0; r < n; r++)
            {
                if (r == col)
                {
                    continue;
                }

                double f = m[r, col] / d;
                for (int c = col; c < n; c++)
                {
                    m[r, c] -= f * m[col, c];
                }

                v[r] -= f * v[col];
            }
        }

        var result = new double[n];
        for (int i = 0; i < n; i++)
        {
            result[i] = Math.Abs(m[i, i]) < 1e-15 ? 0 : v[i] / m[i, i];
        }

        return result;
    }

    private static double[] Combine((double[] Test, double[] OutOfFold)[] bases, double[] weights, bool test)
    {
        int length = test ? bases[0].Test.Length : bases[0].OutOfFold.Length;
        var result = new double[length];
        for (int b = 0; b < bases.Length; b++)
        {
            double[] values = test ? bases[b].Test : bases[b].OutOfFold;
            for (int i = 0; i < length; i++)
            {
                result[i] += weights[b] * values[i];
            }
        }

        return result;
    }

    private static double[] Sum(double[] a, double[] b, double[] c)
    {
        var result = new double[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = a[i] + b[i] + c[i];
        }

        return result;
    }

    /// <summary>Writes the report as one JSON object (schema in docs/evaluation.md).</summary>
    public static void WriteJson(RouteEvaluationReport report, Stream stream)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("dataset", report.Dataset);
        w.WriteString("embedder", report.Embedder);
        w.WriteNumber("seed", report.Seed);
        w.WriteNumber("train", report.Train);
        w.WriteNumber("calibrationFolds", report.CalibrationFolds);
        w.WriteNumber("test", report.Test);
        w.WriteNumber("excluded", report.Excluded);
        w.WriteNumber("target", report.Target);
        w.WriteStartObject("weak");
        w.WriteNumber("quality", Round(report.WeakQuality));
        w.WriteNumber("costPerCall", report.WeakCost);
        w.WriteEndObject();
        w.WriteStartObject("strong");
        w.WriteNumber("quality", Round(report.StrongQuality));
        w.WriteNumber("costPerCall", report.StrongCost);
        w.WriteEndObject();
        w.WriteStartObject("routers");
        foreach (var r in report.Routers)
        {
            w.WriteStartObject(r.Name);
            w.WriteString("description", r.Description);
            WriteNumber(w, "apgr", r.Metrics.Apgr);
            WriteNullable(w, "cpt50", r.Metrics.Cpt50);
            WriteNullable(w, "cpt80", r.Metrics.Cpt80);
            WriteNullable(w, "savingAt95", r.Metrics.SavingAt95);
            WriteNullable(w, "strongShareAt95", r.Metrics.StrongShareAt95);
            WriteNullable(w, "cvSavingAt95", r.CrossValidatedSaving);
            if (r.Calibrated is { } c)
            {
                w.WriteStartObject("calibrated");
                WriteNumber(w, "threshold", c.Threshold);
                WriteNumber(w, "strongShare", c.StrongShare);
                WriteNumber(w, "quality", c.Quality);
                WriteNumber(w, "qualityVsStrong", c.QualityVsStrong);
                WriteNumber(w, "saving", c.Saving);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("elapsedSeconds", Math.Round(report.ElapsedSeconds, 2));
        w.WriteEndObject();
    }

    /// <summary>Writes the report as a text table.</summary>
    public static void WriteText(RouteEvaluationReport r, TextWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Format(ci, "dataset {0}  embedder {1}  seed {2}  train {3} (calibration: {4}-fold cross-fit) / test {5}  excluded (contaminated) {6}", r.Dataset, r.Embedder, r.Seed, r.Train, r.CalibrationFolds, r.Test, r.Excluded));
        writer.WriteLine(string.Format(ci, "always-weak quality {0:0.000}  always-strong quality {1:0.000}  cost/call weak ${2:0.000000} strong ${3:0.000000}", r.WeakQuality, r.StrongQuality, r.WeakCost, r.StrongCost));
        writer.WriteLine(string.Format(ci, "{0,-18} {1,6} {2,7} {3,7} {4,10} {5,9} {6,26} {7,7}", "router", "APGR", "CPT50", "CPT80", "saving@" + (r.Target * 100).ToString("0", ci) + "%", "cv-train", "calibrated: strong/q/saving", "time"));
        RouterResult? selected = null;
        foreach (var x in r.Routers)
        {
            string cal = x.Calibrated is { } c ? Pct(c.StrongShare) + " / " + Pct(c.QualityVsStrong) + " / " + Pct(c.Saving) : "-";
            writer.WriteLine(string.Format(ci, "{0,-18} {1,6:0.000} {2,7} {3,7} {4,10} {5,9} {6,26} {7,6:0.0}s", x.Name, x.Metrics.Apgr, Pct(x.Metrics.Cpt50), Pct(x.Metrics.Cpt80), Pct(x.Metrics.SavingAt95), Pct(x.CrossValidatedSaving), cal, x.Seconds));
            if (x.Name != "oracle" && x.CrossValidatedSaving is double cv && (selected?.CrossValidatedSaving is not double best || cv > best))
            {
                selected = x;
            }
        }

        if (selected is not null)
        {
            writer.WriteLine(string.Format(ci, "selected on training data (best cv-train saving): {0}, test saving@{1}% {2}", selected.Name, (r.Target * 100).ToString("0", ci), Pct(selected.Metrics.SavingAt95)));
        }

        writer.WriteLine(string.Format(ci, "always-weak: 0% strong, quality {0} of strong, saving {1}; always-strong: 100% strong, saving 0%", Pct(r.StrongQuality > 0 ? r.WeakQuality / r.StrongQuality : 0), Pct(r.StrongCost > 0 ? 1 - r.WeakCost / r.StrongCost : 0)));
        writer.WriteLine(string.Format(ci, "elapsed {0:0.0} s", r.ElapsedSeconds));
    }

    private static string Pct(double? v) => v is double d ? (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static double Round(double v) => Math.Round(v, 6);

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, Round(value));
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double d)
        {
            WriteNumber(w, name, d);
        }
        else
        {
            w.WriteNull(name);
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
