using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.LearnedRouting;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.LearnedRouting;

public class LearnedRoutingTests
{
    private static readonly HashingTextEmbedder Embedder = new();

    [Fact]
    public void Hashing_IsDeterministicNormalisedAndWordSensitive()
    {
        float[] a = Embedder.Embed("Reset my password, please");
        float[] b = Embedder.Embed("reset   MY password please");
        float[] c = Embedder.Embed("quicksort in java");
        Assert.Equal(512, a.Length);
        Assert.Equal(1f, TensorPrimitives.Norm(a), 4);
        Assert.Equal(a, b); // case and punctuation do not matter
        Assert.True(TensorPrimitives.Dot(a, c) < 0.3f);
        Assert.All(Embedder.Embed("   "), v => Assert.Equal(0f, v));
    }

    [Fact]
    public async Task Hashing_GeneratorMatchesDirectEmbedding()
    {
        var result = await ((IEmbeddingGenerator<string, Embedding<float>>)Embedder).GenerateAsync(new[] { "hello world" });
        Assert.Equal(Embedder.Embed("hello world"), result[0].Vector.ToArray());
        Assert.Throws<ArgumentOutOfRangeException>("dimensions", () => new HashingTextEmbedder(4));
    }

    [Fact]
    public void Registry_DefaultsToHashing_AndUsesRegisteredUseLite()
    {
        Assert.True(EmbedderRegistry.TryCreate("hashing", out var g));
        Assert.IsType<HashingTextEmbedder>(g);
        Assert.False(EmbedderRegistry.TryCreate("no-such", out _));
        Assert.Throws<ArgumentException>("name", () => EmbedderRegistry.Register(" ", () => new HashingTextEmbedder()));
    }

    [Fact]
    public void DefaultEmbedder_IsUseLiteWhenItsModelLoads_ElseHashing()
    {
        using var generator = EmbedderRegistry.CreateDefaultEmbedder(out string name);
        if (name == EmbedderRegistry.UseLite)
        {
            Assert.IsType<LlmLint.Embeddings.LocalEmbeddingGenerator>(generator);
        }
        else
        {
            Assert.Equal(EmbedderRegistry.Hashing, name);
            Assert.IsType<HashingTextEmbedder>(generator);
        }
    }

    private static RouteOutcomes TwoClusters(out float[] hardQuery, out float[] easyQuery)
    {
        var rows = new List<float[]>();
        var weak = new List<double>();
        var strong = new List<double>();
        for (int i = 0; i < 40; i++)
        {
            rows.Add(Embedder.Embed($"integrate the differential equation variant {i}"));
            weak.Add(0);
            strong.Add(1);
            rows.Add(Embedder.Embed($"translate hello into french variant {i}"));
            weak.Add(1);
            strong.Add(1);
        }

        hardQuery = Embedder.Embed("integrate the differential equation variant 999");
        easyQuery = Embedder.Embed("translate hello into french variant 999");
        return RouteOutcomes.FromRows(rows.ToArray(), weak.ToArray(), strong.ToArray());
    }

    [Fact]
    public void Knn_PredictsTheNeighbourhoodOutcome_AndBatchEqualsSingle()
    {
        var data = TwoClusters(out var hard, out var easy);
        var knn = new KnnRoutePredictor(data, k: 5, temperature: 0.05, priorWeight: 0);
        Assert.True(knn.PredictQualityGap(hard) > 0.9);
        Assert.True(knn.PredictWeakSuccess(easy) > 0.9);
        Assert.True(knn.PredictQualityGap(easy) < 0.1);

        var queries = hard.Concat(easy).ToArray();
        var w = new double[2];
        var g = new double[2];
        knn.PredictBatch(queries, w, g);
        Assert.Equal(knn.PredictQualityGap(hard), g[0], 12);
        Assert.Equal(knn.PredictWeakSuccess(easy), w[1], 12);
        Assert.Throws<ArgumentException>("features", () => knn.PredictQualityGap(new float[3]));
    }

    [Fact]
    public void Knn_PriorShrinksTowardsTheMean()
    {
        var data = TwoClusters(out var hard, out _);
        double sharp = new KnnRoutePredictor(data, k: 1, priorWeight: 0).PredictQualityGap(hard);
        double smooth = new KnnRoutePredictor(data, k: 1, priorWeight: 1).PredictQualityGap(hard);
        Assert.Equal(1.0, sharp, 9);
        Assert.Equal((1.0 + 0.5) / 2, smooth, 9); // one neighbour (gap 1) + one pseudo-count of the mean gap 0.5
    }

    [Fact]
    public void Knn_PerQueryPrior_ReplacesTheTrainingMean()
    {
        var data = TwoClusters(out var hard, out _);
        var knn = new KnnRoutePredictor(data, k: 1, priorWeight: 1);
        var w = new double[1];
        var g = new double[1];
        knn.PredictBatch(hard, w, g, new double[] { 0.2 }, new double[] { -0.4 });
        Assert.Equal((1.0 - 0.4) / 2, g[0], 9);
        Assert.Equal((0.0 + 0.2) / 2, w[0], 9);
        Assert.Throws<ArgumentException>("priorWeak", () => knn.PredictBatch(hard, w, g, new double[2], new double[2]));
    }

    [Fact]
    public void Logistic_IsDeterministicAndSeparates()
    {
        var data = TwoClusters(out var hard, out var easy);
        var a = LogisticRoutePredictor.Train(data, new LogisticTrainingOptions { Seed = 3, Epochs = 200 });
        var b = LogisticRoutePredictor.Train(data, new LogisticTrainingOptions { Seed = 3, Epochs = 200 });
        Assert.Equal(a.PredictQualityGap(hard), b.PredictQualityGap(hard));
        Assert.True(a.PredictWeakSuccess(easy) > 0.8, a.PredictWeakSuccess(easy).ToString());
        Assert.True(a.PredictWeakSuccess(hard) < 0.2, a.PredictWeakSuccess(hard).ToString());
        Assert.True(a.PredictQualityGap(hard) > a.PredictQualityGap(easy));
    }

    [Fact]
    public void GroupBaseline_UsesSmoothedPerGroupRates()
    {
        var p = new GroupWinRatePredictor(new[] { "math", "math", "law", "law" }, new double[] { 0, 0, 1, 1 }, new double[] { 1, 1, 1, 1 }, priorWeight: 0);
        Assert.Equal(1, p.PredictQualityGap("math"), 9);
        Assert.Equal(0, p.PredictQualityGap("law"), 9);
        Assert.Equal(0.5, p.PredictQualityGap("unseen"), 9);
    }

    [Fact]
    public void Calibrator_PicksTheFewestStrongCallsMeetingTheTarget()
    {
        double[] scores = { 0.9, 0.8, 0.1, 0.0 };
        double[] weak = { 0, 0, 1, 1 };
        double[] strong = { 1, 1, 1, 1 };
        Assert.Equal(0.8, ThresholdCalibrator.Calibrate(scores, weak, strong, 0.95));
        Assert.Equal(0.9, ThresholdCalibrator.Calibrate(scores, weak, strong, 0.75));
        Assert.Equal(double.PositiveInfinity, ThresholdCalibrator.Calibrate(scores, weak, strong, 0.5));
        Assert.Equal(0.0, ThresholdCalibrator.Calibrate(scores, new double[] { 0, 0, 0, 0 }, new double[] { 0, 0, 0, 1 }, 1.0)); // only all-strong reaches it
        Assert.Equal(double.NegativeInfinity, ThresholdCalibrator.Calibrate(scores, weak, strong, 1.5)); // unreachable
        Assert.Throws<ArgumentOutOfRangeException>("target", () => ThresholdCalibrator.Calibrate(scores, weak, strong, 0));
    }

    [Fact]
    public void GroupFeatures_StayNormalisedAndRaiseSameGroupSimilarity()
    {
        float[] e = Embedder.Embed("some prompt");
        var x = new float[e.Length + 3];
        var y = new float[e.Length + 3];
        RouteFeatures.Write(e, 1, 3, 1f, x);
        RouteFeatures.Write(e, 2, 3, 1f, y);
        Assert.Equal(1f, TensorPrimitives.Norm(x), 4);
        Assert.Equal(0.5f, TensorPrimitives.Dot(x, y), 4); // same text, different group: (1 + 0) / 2
        Assert.Throws<ArgumentOutOfRangeException>("group", () => RouteFeatures.Write(e, 3, 3, 1f, x));
    }

    [Fact]
    public async Task LearnedRouter_RoutesByPredictedGap()
    {
        var data = TwoClusters(out _, out _);
        var router = new LearnedRouter(new KnnRoutePredictor(data, 5, priorWeight: 0), EmbedderRegistry.ToBatchEmbedder(Embedder), threshold: 0.5);
        Assert.Equal(Tier.Large, await router.RouteAsync(new[] { new ChatMessage(ChatRole.User, "integrate the differential equation variant 7") }));
        Assert.Equal(Tier.Small, await router.RouteAsync(new[] { new ChatMessage(ChatRole.System, "be brief"), new ChatMessage(ChatRole.User, "translate hello into french variant 7") }));
    }
}
