using System;
using System.Threading.Tasks;
using LlmLint.LearnedRouting;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.LearnedRouting;

public class GroupLogisticTests
{
    private const int Dims = 8;
    private const int Groups = 2;

    [Fact]
    public void Lbfgs_FindsTheMinimumOfAnIllConditionedQuadratic()
    {
        // f(x) = Σ a_i (x_i − c_i)², with curvatures spanning four orders of magnitude.
        var a = new[] { 1e-2f, 1f, 10f, 100f, 3f };
        var c = new[] { 5f, -2f, 0.5f, 1f, -7f };
        var x = new float[a.Length];
        int iterations = Lbfgs.Minimize(x, (p, g) =>
        {
            double f = 0;
            for (int i = 0; i < p.Length; i++)
            {
                float d = p[i] - c[i];
                f += a[i] * d * d;
                g[i] = 2 * a[i] * d;
            }

            return f;
        }, maxIterations: 200, tolerance: 1e-6, history: 5);

        Assert.InRange(iterations, 1, 199);
        for (int i = 0; i < c.Length; i++)
        {
            Assert.Equal(c[i], x[i], 3);
        }
    }

    [Fact]
    public void PerGroupSlopes_LearnWhatASharedSlopeCannot()
    {
        // Along the first embedding direction, the weak tier fails at +1 in group 0 but at −1 in group 1: the shared
        // logistic model sees the two cancel out; the per-group weights separate them.
        RouteOutcomes train = Opposite(400, seed: 1, out _);
        RouteOutcomes test = Opposite(200, seed: 2, out bool[] needsStrong);
        var perGroup = GroupLogisticRoutePredictor.Train(train, Groups);
        var shared = LogisticRoutePredictor.Train(train);

        double perGroupAuc = Auc(perGroup, test, needsStrong);
        double sharedAuc = Auc(shared, test, needsStrong);
        Assert.True(perGroupAuc > 0.95, $"per-group AUC {perGroupAuc:0.000}");
        Assert.True(sharedAuc < 0.65, $"shared AUC {sharedAuc:0.000}");
        Assert.True(perGroup.Iterations.Weak < 500 && perGroup.Iterations.Strong < 500, "L-BFGS should converge before its iteration cap.");
    }

    [Fact]
    public void Training_IsDeterministic_AndPredictionsAreProbabilities()
    {
        RouteOutcomes train = Opposite(100, seed: 3, out _);
        var first = GroupLogisticRoutePredictor.Train(train, Groups);
        var second = GroupLogisticRoutePredictor.Train(train, Groups);
        for (int i = 0; i < train.Count; i++)
        {
            Assert.Equal(first.PredictQualityGap(train.Row(i)), second.PredictQualityGap(train.Row(i)));
            Assert.InRange(first.PredictWeakSuccess(train.Row(i)), 0, 1);
            Assert.InRange(first.PredictStrongSuccess(train.Row(i)), 0, 1);
        }

        // A row without a group (all-zero block) uses the shared weights only.
        var noGroup = new float[Dims + Groups];
        noGroup[0] = 1;
        Assert.InRange(first.PredictQualityGap(noGroup), -1, 1);
    }

    [Fact]
    public void BadInput_IsRejectedWithTheReason()
    {
        RouteOutcomes train = Opposite(20, seed: 4, out _);
        Assert.Throws<ArgumentOutOfRangeException>("groupCount", () => GroupLogisticRoutePredictor.Train(train, 0));
        Assert.Throws<ArgumentOutOfRangeException>("groupCount", () => GroupLogisticRoutePredictor.Train(train, Dims + Groups));
        Assert.Throws<ArgumentException>("options", () => GroupLogisticRoutePredictor.Train(train, Groups, new GroupLogisticTrainingOptions { L2 = 0 }));

        var twoHot = (float[])train.Features.Clone();
        twoHot[(3 * (Dims + Groups)) + Dims] = 0.5f;
        twoHot[(3 * (Dims + Groups)) + Dims + 1] = 0.5f;
        var bad = new RouteOutcomes(twoHot, Dims + Groups, train.WeakQuality, train.StrongQuality);
        var error = Assert.Throws<ArgumentException>(() => GroupLogisticRoutePredictor.Train(bad, Groups));
        Assert.Contains("Row 3", error.Message, StringComparison.Ordinal);

        var model = GroupLogisticRoutePredictor.Train(train, Groups);
        Assert.Throws<ArgumentException>("features", () => model.PredictQualityGap(new float[Dims]));
    }

    [Fact]
    public void CalibratedRouter_SendsEachGroupsHardPromptsToTheStrongTier()
    {
        // The flow of docs/evaluation.md: train, calibrate on out-of-fold scores, route built feature vectors.
        RouteOutcomes train = Opposite(400, seed: 5, out _);
        int[] rows = new int[train.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        double[] outOfFold = LlmLint.Evaluation.RouteEvaluation.CrossFit(rows, 5, 1, (fit, score) =>
        {
            var part = new float[fit.Length * train.Dimensions];
            var w = new double[fit.Length];
            var s = new double[fit.Length];
            for (int j = 0; j < fit.Length; j++)
            {
                train.Row(fit[j]).CopyTo(part.AsSpan(j * train.Dimensions));
                w[j] = train.WeakQuality[fit[j]];
                s[j] = train.StrongQuality[fit[j]];
            }

            var model = GroupLogisticRoutePredictor.Train(new RouteOutcomes(part, train.Dimensions, w, s), Groups);
            var result = new double[score.Length];
            for (int j = 0; j < score.Length; j++)
            {
                result[j] = model.PredictQualityGap(train.Row(score[j]));
            }

            return result;
        });
        double threshold = ThresholdCalibrator.Calibrate(outOfFold, train.WeakQuality, train.StrongQuality, 0.95);
        var router = new LearnedRouter(GroupLogisticRoutePredictor.Train(train, Groups), (_, _) => throw new InvalidOperationException("not used"), threshold);

        var feature = new float[Dims + Groups];
        var embedding = new float[Dims];
        embedding[0] = 0.9f;
        embedding[1] = 0.436f;
        RouteFeatures.Write(embedding, 0, Groups, 1f, feature);
        Assert.Equal(Tier.Large, router.Route(feature)); // group 0 fails at +x
        RouteFeatures.Write(embedding, 1, Groups, 1f, feature);
        Assert.Equal(Tier.Small, router.Route(feature));
        embedding[0] = -0.9f;
        RouteFeatures.Write(embedding, 1, Groups, 1f, feature);
        Assert.Equal(Tier.Large, router.Route(feature)); // group 1 fails at −x
    }

    [Fact]
    public async Task RouteAsync_TakesTheGroupFromTheRequestsFunctionId()
    {
        var predictor = GroupLogisticRoutePredictor.Train(Opposite(400, seed: 6, out _), Groups);
        BatchEmbedder embedder = (texts, _) =>
        {
            var v = new float[Dims];
            v[0] = texts[0].StartsWith("plus", StringComparison.Ordinal) ? 0.9f : -0.9f;
            v[1] = 0.436f;
            return new ValueTask<float[][]>(new[] { v });
        };
        var router = new LearnedRouter(predictor, embedder, threshold: 0.5, groups: new[] { "extract", "classify" });

        static ChatOptions For(string function) => new() { AdditionalProperties = new() { [LlmLint.LlmLintPropertyKeys.FunctionId] = function } };
        var plus = new[] { new ChatMessage(ChatRole.User, "plus question") };
        var minus = new[] { new ChatMessage(ChatRole.User, "minus question") };
        Assert.Equal(Tier.Large, await router.RouteAsync(plus, For("extract")));
        Assert.Equal(Tier.Small, await router.RouteAsync(plus, For("classify")));
        Assert.Equal(Tier.Small, await router.RouteAsync(minus, For("extract")));
        Assert.Equal(Tier.Large, await router.RouteAsync(minus, For("classify")));

        // An unknown or missing function uses the shared weights only (an all-zero group block): half the rows fail
        // the weak tier there, so the gap is about 0.5 instead of about 1 (group 0) or 0 (group 1).
        var shared = new float[Dims + Groups];
        shared[0] = 0.9f / MathF.Sqrt(2);
        shared[1] = 0.436f / MathF.Sqrt(2);
        Assert.InRange(predictor.PredictQualityGap(shared), 0.2, 0.8);
        var high = new LearnedRouter(predictor, embedder, threshold: 0.9, groups: new[] { "extract", "classify" });
        Assert.Equal(Tier.Small, await high.RouteAsync(plus, For("summarise")));
        Assert.Equal(Tier.Small, await high.RouteAsync(plus));
        Assert.Equal(Tier.Large, await high.RouteAsync(plus, For("extract")));

        Assert.Throws<ArgumentException>("groups", () => new LearnedRouter(predictor, embedder, 0.5, new[] { "a", "a" }));
        Assert.Throws<ArgumentException>("groups", () => new LearnedRouter(predictor, embedder, 0.5, Array.Empty<string>()));
        var mismatch = Assert.Throws<ArgumentException>("groups", () => new LearnedRouter(predictor, embedder, 0.5, new[] { "a", "b", "c" }));
        Assert.Contains("trained with 2 groups", mismatch.Message, StringComparison.Ordinal);
    }

    private static RouteOutcomes Opposite(int count, int seed, out bool[] needsStrong)
    {
        var random = new Random(seed);
        var features = new float[count * (Dims + Groups)];
        var weak = new double[count];
        var strong = new double[count];
        needsStrong = new bool[count];
        var embedding = new float[Dims];
        for (int i = 0; i < count; i++)
        {
            int group = i % Groups;
            float norm = 0;
            for (int j = 0; j < Dims; j++)
            {
                embedding[j] = (float)((random.NextDouble() * 2) - 1);
                norm += embedding[j] * embedding[j];
            }

            for (int j = 0; j < Dims; j++)
            {
                embedding[j] /= MathF.Sqrt(norm);
            }

            bool hard = group == 0 ? embedding[0] > 0 : embedding[0] < 0;
            weak[i] = hard ? 0 : 1;
            strong[i] = 1;
            needsStrong[i] = hard;
            RouteFeatures.Write(embedding, group, Groups, 1f, features.AsSpan(i * (Dims + Groups), Dims + Groups));
        }

        return new RouteOutcomes(features, Dims + Groups, weak, strong);
    }

    // Probability that a random "needs strong" row scores above a random other row.
    private static double Auc(ILearnedRoutePredictor predictor, RouteOutcomes data, bool[] positive)
    {
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < data.Count; i++)
        {
            if (!positive[i])
            {
                continue;
            }

            double si = predictor.PredictQualityGap(data.Row(i));
            for (int j = 0; j < data.Count; j++)
            {
                if (positive[j])
                {
                    continue;
                }

                double sj = predictor.PredictQualityGap(data.Row(j));
                wins += si > sj ? 1 : si == sj ? 0.5 : 0;
                pairs++;
            }
        }

        return wins / pairs;
    }
}
