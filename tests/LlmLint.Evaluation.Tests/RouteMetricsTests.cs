using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmLint.Evaluation;

namespace LlmLint.Evaluation.Tests;

public class RouteMetricsTests
{
    // Four prompts: weak right on 0,1; strong right on 0,1,2,3. Weak quality 0.5, strong 1.0.
    private static readonly double[] Weak = { 1, 1, 0, 0 };
    private static readonly double[] Strong = { 1, 1, 1, 1 };
    private static readonly double[] WeakCost = { 1, 1, 1, 1 };
    private static readonly double[] StrongCost = { 10, 10, 10, 10 };

    [Fact]
    public void ConstantScore_IsTheRandomDiagonal_ApgrHalf()
    {
        var curve = RouteEvaluation.Curve(new double[4], Weak, Strong, WeakCost, StrongCost);
        Assert.Equal(new[] { 0.5, 0.625, 0.75, 0.875, 1.0 }, curve.Quality.Select(q => Math.Round(q, 9)));
        var m = RouteEvaluation.Metrics(curve);
        Assert.Equal(0.5, m.Apgr, 9);
        Assert.Equal(0.5, m.Cpt50!.Value, 9);
        Assert.Equal(0.8, m.Cpt80!.Value, 9);

        // 95% of strong quality = 0.95 → PGR 0.9 → 90% strong calls; cost = 1 + 0.9·9 = 9.1 of 10 → saving 9%.
        Assert.Equal(0.9, m.StrongShareAt95!.Value, 9);
        Assert.Equal(0.09, m.SavingAt95!.Value, 9);
    }

    [Fact]
    public void PerfectOracle_RecoversTheGapWithHalfTheCalls()
    {
        var scores = new double[] { 0, 0, 1, 1 }; // route the two prompts weak gets wrong
        var m = RouteEvaluation.Metrics(RouteEvaluation.Curve(scores, Weak, Strong, WeakCost, StrongCost));

        // PGR: 0, 0.5, 1, 1, 1 at k = 0..4 → trapezoids 0.25, 0.75, 1, 1 → mean 0.75.
        Assert.Equal(0.75, m.Apgr, 9);
        Assert.Equal(0.25, m.Cpt50!.Value, 9);
        Assert.Equal(0.40, m.Cpt80!.Value, 9);

        // 0.95 quality at 0.45 strong share (linear between k=1 and k=2); cost = 1 + 0.45·9 = 5.05 → saving 49.5%.
        Assert.Equal(0.45, m.StrongShareAt95!.Value, 9);
        Assert.Equal(0.495, m.SavingAt95!.Value, 9);
    }

    [Fact]
    public void WorstOrder_HasApgrBelowHalf()
    {
        var scores = new double[] { 1, 1, 0, 0 }; // routes the prompts weak already answers
        var m = RouteEvaluation.Metrics(RouteEvaluation.Curve(scores, Weak, Strong, WeakCost, StrongCost));
        Assert.Equal(0.25, m.Apgr, 9);
        Assert.Equal(0.75, m.Cpt50!.Value, 9);
    }

    [Fact]
    public void WeakAlreadyMeetsTarget_SavingIsWeakOverStrong()
    {
        var m = RouteEvaluation.Metrics(RouteEvaluation.Curve(new double[2], new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 4, 4 }));
        Assert.True(double.IsNaN(m.Apgr)); // no gap to recover
        Assert.Null(m.Cpt50);
        Assert.Equal(0, m.StrongShareAt95!.Value, 9);
        Assert.Equal(0.75, m.SavingAt95!.Value, 9);
    }

    [Fact]
    public void Curve_RejectsMismatchedLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => RouteEvaluation.Curve(new double[3], Weak, Strong, WeakCost, StrongCost));
        Assert.Equal("weakQuality", e.ParamName);
    }

    [Fact]
    public void ApplyThreshold_CountsStrongCallsQualityAndSaving()
    {
        var r = RouteEvaluation.ApplyThreshold(0.5, new double[] { 0, 0, 1, 1 }, Weak, Strong, WeakCost, StrongCost);
        Assert.Equal(0.5, r.StrongShare, 9);
        Assert.Equal(1.0, r.Quality, 9);
        Assert.Equal(1 - 22.0 / 40.0, r.Saving, 9);
    }

    [Fact]
    public void Split_IsDeterministicDisjointAndComplete()
    {
        var (a1, b1) = RouteEvaluation.Split(101, 0.5, 7);
        var (a2, b2) = RouteEvaluation.Split(101, 0.5, 7);
        var (a3, _) = RouteEvaluation.Split(101, 0.5, 8);
        Assert.Equal(a1, a2);
        Assert.Equal(b1, b2);
        Assert.NotEqual(a1, a3);
        Assert.Empty(a1.Intersect(b1));
        Assert.Equal(Enumerable.Range(0, 101), a1.Concat(b1).OrderBy(x => x));
        Assert.Equal(50, b1.Length); // Math.Round(50.5) rounds to even
    }

    [Fact]
    public void Split_RejectsBadFraction()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => RouteEvaluation.Split(10, 1.5, 1));
        Assert.Equal("testFraction", e.ParamName);
    }

    [Fact]
    public void Split_DefaultHalf_TrainsOnTheWholeTrainingHalf()
    {
        var (train, test) = RouteEvaluation.Split(14037, 0.5, 42);
        Assert.Equal(7018, test.Length);
        Assert.Equal(7019, train.Length);
    }

    [Fact]
    public void Folds_PartitionTheRows_Deterministically()
    {
        int[] rows = Enumerable.Range(0, 103).Select(i => i * 3).ToArray();
        int[][] a = RouteEvaluation.Folds(rows, 5, 9);
        int[][] b = RouteEvaluation.Folds(rows, 5, 9);
        Assert.Equal(5, a.Length);
        Assert.Equal(rows, a.SelectMany(f => f).OrderBy(x => x));
        Assert.All(a, f => Assert.InRange(f.Length, 20, 21));
        for (int f = 0; f < 5; f++)
        {
            Assert.Equal(a[f], b[f]);
        }

        Assert.NotEqual(a[0], RouteEvaluation.Folds(rows, 5, 10)[0]);
        Assert.Equal("folds", Assert.Throws<ArgumentOutOfRangeException>(() => RouteEvaluation.Folds(rows, 1, 1)).ParamName);
    }

    [Fact]
    public void CrossFit_ScoresEveryRowOnce_WithAModelThatNeverSawIt()
    {
        int[] rows = Enumerable.Range(10, 50).ToArray();
        var seen = new System.Collections.Concurrent.ConcurrentBag<(int[] Fit, int[] Scored)>();
        double[] scores = RouteEvaluation.CrossFit(rows, 5, 3, (fit, scored) =>
        {
            seen.Add((fit, scored));
            // Score = the number of training rows that equal the scored row (0 when the row was held out).
            return scored.Select(r => (double)fit.Count(x => x == r) + r * 1000).ToArray();
        });

        Assert.Equal(5, seen.Count);
        Assert.All(seen, s => Assert.Empty(s.Fit.Intersect(s.Scored)));
        Assert.All(seen, s => Assert.Equal(rows, s.Fit.Concat(s.Scored).OrderBy(x => x)));
        Assert.Equal(rows.Select(r => r * 1000.0), scores); // aligned with rows, and never trained on its own row
    }

    [Fact]
    public void CrossFit_RejectsAWrongScoreCount()
    {
        int[] rows = Enumerable.Range(0, 20).ToArray();
        var e = Assert.Throws<AggregateException>(() => RouteEvaluation.CrossFit(rows, 4, 1, (fit, scored) => new double[1]));
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public async System.Threading.Tasks.Task RunAsync_CalibratesOnOutOfFoldScores_AndIsDeterministic()
    {
        // 400 synthetic prompts in 4 groups; the weak model fails on group "hard" only.
        var samples = new System.Collections.Generic.List<RouteSample>();
        string[] names = { "easy", "hard", "mid", "other" };
        for (int i = 0; i < 400; i++)
        {
            string g = names[i % 4];
            samples.Add(new RouteSample($"{g} question number {i}", g, g == "hard" ? 0 : 1, 1, 1e-4, 1e-2));
        }

        var data = new RouteDataSet("synthetic", samples, 0, "weak", "strong");
        var embedder = LlmLint.LearnedRouting.EmbedderRegistry.ToBatchEmbedder(new LlmLint.LearnedRouting.HashingTextEmbedder());
        var a = await RouteEvaluation.RunAsync(data, embedder, "hashing", new RouteEvaluationOptions { Seed = 5 });
        var b = await RouteEvaluation.RunAsync(data, embedder, "hashing", new RouteEvaluationOptions { Seed = 5 });
        Assert.Equal(200, a.Train);
        Assert.Equal(200, a.Test);
        Assert.Equal(5, a.CalibrationFolds);
        var subject = a.Routers.Single(r => r.Name == "group-baseline");

        // The out-of-fold scores rank "hard" first, so the threshold sends (about) only that group to the strong model.
        Assert.InRange(subject.Calibrated!.StrongShare, 0.2, 0.3);
        Assert.True(subject.Calibrated.QualityVsStrong >= 0.95);
        for (int r = 0; r < a.Routers.Count; r++)
        {
            Assert.Equal(a.Routers[r].Name, b.Routers[r].Name);
            Assert.Equal(a.Routers[r].Metrics, b.Routers[r].Metrics);
            Assert.Equal(a.Routers[r].Calibrated, b.Routers[r].Calibrated);
        }
    }
}
