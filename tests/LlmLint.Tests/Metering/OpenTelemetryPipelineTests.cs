using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace LlmLint.Tests.Metering;

/// <summary>
/// LlmLint's stages chained with Microsoft.Extensions.AI's <c>UseOpenTelemetry</c> on one <see cref="ChatClientBuilder"/>, read
/// back through OpenTelemetry's SDK and its in-memory exporter: every stage does its work, and every instrument name is
/// published by exactly one meter (the <c>gen_ai.client.*</c> ones by <see cref="OpenTelemetryChatClient"/>, the
/// <c>llmlint.*</c> ones by <see cref="LlmLintMetrics.MeterName"/>).
/// </summary>
public sealed class OpenTelemetryPipelineTests
{
    private const long InputTokens = 1000;
    private const long OutputTokens = 500;
    private const double MiniCost = (InputTokens * 0.15 + OutputTokens * 0.60) / 1_000_000;

    [Fact]
    public async Task Builder_OpenTelemetry_Cache_Metering_EachStageWorks_AndNoInstrumentHasTwoMeters()
    {
        using var telemetry = new Telemetry();
        var inner = FakeChatClient.Answering("x", "gpt-4o-mini", InputTokens, OutputTokens);
        var ledger = new InMemoryCostLedger();
        IChatClient client = new ChatClientBuilder(inner)
            .UseOpenTelemetry(sourceName: telemetry.SourceName)
            .UseLlmLintCache(new InMemoryLlmCacheStore())
            .UseCostMetering(o => o.Ledger = ledger)
            .Build();
        ChatOptions options = new ChatOptions().WithFunctionId(telemetry.FunctionId);

        ChatResponse first = await client.GetResponseAsync(Msgs.User("q"), options);
        ChatResponse second = await client.GetResponseAsync(Msgs.User("q"), options);
        IReadOnlyList<Metric> metrics = telemetry.Collect();

        // The cache answered the second call; metering (inside the cache) priced the one upstream call.
        Assert.False(first.IsCacheHit());
        Assert.True(second.IsCacheHit());
        Assert.Equal(1, inner.Calls);
        CostRecord record = Assert.Single(ledger.Records);
        Assert.Equal(MiniCost, (double)record.CostUsd!.Value, 9);
        Assert.Equal(MiniCost, telemetry.SumFor(metrics, "llmlint.cost"), 9);

        // OpenTelemetryChatClient is outermost, so it sees both calls the app made (the hit carries the cached usage).
        Assert.Equal(2, telemetry.CountFor(metrics, "gen_ai.client.operation.duration"));
        Assert.Equal(2 * InputTokens, telemetry.TokensFor(metrics, "input"));
        Assert.Equal(2 * OutputTokens, telemetry.TokensFor(metrics, "output"));
        AssertEachInstrumentHasOneMeter(metrics, telemetry.SourceName);
    }

    [Fact]
    public async Task Builder_OpenTelemetryInsideTheCache_CountsOnlyTheUpstreamTokens_AndMeteringOutsideItPricesTheHit()
    {
        using var telemetry = new Telemetry();
        var inner = FakeChatClient.Answering("x", "gpt-4o-mini", InputTokens, OutputTokens);
        IChatClient client = new ChatClientBuilder(inner)
            .UseCostMetering(o => o.BaselineModelId = "gpt-4o")
            .UseLlmLintCache(new InMemoryLlmCacheStore())
            .UseOpenTelemetry(sourceName: telemetry.SourceName)
            .Build();
        ChatOptions options = new ChatOptions().WithFunctionId(telemetry.FunctionId);

        await client.GetResponseAsync(Msgs.User("q"), options);
        await client.GetResponseAsync(Msgs.User("q"), options);
        IReadOnlyList<Metric> metrics = telemetry.Collect();

        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, telemetry.CountFor(metrics, "gen_ai.client.operation.duration"));
        Assert.Equal(InputTokens, telemetry.TokensFor(metrics, "input"));
        Assert.Equal(OutputTokens, telemetry.TokensFor(metrics, "output"));
        Assert.Equal(2, telemetry.CountFor(metrics, "llmlint.cost"));
        Assert.Equal(MiniCost, telemetry.SumFor(metrics, "llmlint.cost"), 9);
        double baseline = (InputTokens * 2.50 + OutputTokens * 10.0) / 1_000_000;
        Assert.Equal((baseline - MiniCost) + baseline, telemetry.SumFor(metrics, "llmlint.saved"), 9);
        AssertEachInstrumentHasOneMeter(metrics, telemetry.SourceName);
    }

    [Fact]
    public async Task AddLlmLint_RegistersKeyedTiers_AndChainsOpenTelemetry_Cache_Metering()
    {
        using var telemetry = new Telemetry();
        var small = FakeChatClient.Answering("small", "gpt-4o-mini", InputTokens, OutputTokens);
        var large = FakeChatClient.Answering("large", "gpt-4o", InputTokens, OutputTokens);
        var ledger = new InMemoryCostLedger();
        var services = new ServiceCollection();
        services.AddLlmLint(llm => llm
                .AddTier(Tier.Small, small, "gpt-4o-mini")
                .AddTier(Tier.Large, large, "gpt-4o")
                .UseCacheStore(new InMemoryLlmCacheStore())
                .UseCostLedger(ledger)
                .Configure(o => o.BaselineModelId = "gpt-4o"))
            .UseOpenTelemetry(sourceName: telemetry.SourceName)
            .UseLlmLintCache()
            .UseCostMetering();
        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Same(small, provider.GetRequiredKeyedService<IChatClient>(LlmLintServiceKeys.Small));
        Assert.Same(large, provider.GetRequiredKeyedService<IChatClient>("llmlint:large"));
        Assert.Null(provider.GetKeyedService<IChatClient>(LlmLintServiceKeys.Medium));
        Assert.NotNull(provider.GetRequiredService<ILlmRuntime>());

        IChatClient client = provider.GetRequiredService<IChatClient>();
        ChatOptions options = new ChatOptions().WithFunctionId(telemetry.FunctionId);
        ChatResponse first = await client.GetResponseAsync(Msgs.User("q"), options);
        ChatResponse second = await client.GetResponseAsync(Msgs.User("q"), options);
        ChatResponse routed = await client.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithFunctionId(telemetry.FunctionId).WithTier(Tier.Large));
        IReadOnlyList<Metric> metrics = telemetry.Collect();

        // Routing: the default tier is the smallest; an explicit tier reaches its keyed client (and its own cache entry).
        Assert.Equal(("small", "small", "large"), (first.Text, second.Text, routed.Text));
        Assert.True(second.IsCacheHit());
        Assert.False(routed.IsCacheHit());
        Assert.Equal((1, 1), (small.Calls, large.Calls));

        // Metering took the ledger and the baseline from AddLlmLint: the small call saved against gpt-4o, the large one did not.
        Assert.Equal(2, ledger.Records.Count);
        Assert.Equal(MiniCost, (double)ledger.Records.Single(r => r.ModelId == "gpt-4o-mini").CostUsd!.Value, 9);
        Assert.True(ledger.Records.Single(r => r.ModelId == "gpt-4o-mini").SavedUsd > 0);
        Assert.Equal(0, ledger.Records.Single(r => r.ModelId == "gpt-4o").SavedUsd);

        Assert.Equal(3, telemetry.CountFor(metrics, "gen_ai.client.operation.duration"));
        Assert.Equal(2, telemetry.CountFor(metrics, "llmlint.cost"));
        AssertEachInstrumentHasOneMeter(metrics, telemetry.SourceName);
    }

    private static void AssertEachInstrumentHasOneMeter(IReadOnlyList<Metric> metrics, string openTelemetrySource)
    {
        foreach (IGrouping<string, Metric> instrument in metrics.GroupBy(m => m.Name))
        {
            string[] meters = instrument.Select(m => m.MeterName).Distinct().ToArray();
            Assert.True(meters.Length == 1, $"{instrument.Key} is published by {string.Join(", ", meters)}");
            string expected = instrument.Key.StartsWith("gen_ai.", StringComparison.Ordinal) ? openTelemetrySource : LlmLintMetrics.MeterName;
            Assert.Equal(expected, meters[0]);
        }

        Assert.Contains(metrics, m => m.Name == "gen_ai.client.token.usage");
        Assert.Contains(metrics, m => m.Name == "llmlint.cost");
    }

    /// <summary>
    /// An OpenTelemetry meter provider over the test's own <see cref="OpenTelemetryChatClient"/> source and the LlmLint meter,
    /// exporting to memory. The LlmLint meter is process-wide, so its points are read for this test's function id only.
    /// </summary>
    private sealed class Telemetry : IDisposable
    {
        private readonly List<Metric> _exported = new();
        private readonly MeterProvider _provider;

        public Telemetry()
        {
            string id = Guid.NewGuid().ToString("N");
            SourceName = "LlmLint.Tests.OpenTelemetry." + id;
            FunctionId = "Tests.OpenTelemetry." + id;
            _provider = Sdk.CreateMeterProviderBuilder()
                .AddMeter(SourceName, LlmLintMetrics.MeterName)
                .AddInMemoryExporter(_exported)
                .Build();
        }

        public string SourceName { get; }

        public string FunctionId { get; }

        public IReadOnlyList<Metric> Collect()
        {
            Assert.True(_provider.ForceFlush(5_000), "The meter provider did not flush.");
            return _exported.ToList();
        }

        public long CountFor(IReadOnlyList<Metric> metrics, string name) =>
            Points(metrics, name).Sum(p => p.Point.GetHistogramCount());

        public double SumFor(IReadOnlyList<Metric> metrics, string name) =>
            Points(metrics, name).Sum(p => p.Type == MetricType.Histogram ? p.Point.GetHistogramSum() : p.Point.GetSumDouble());

        public long TokensFor(IReadOnlyList<Metric> metrics, string tokenType) =>
            (long)Points(metrics, "gen_ai.client.token.usage").Where(p => p.Tags.TryGetValue("gen_ai.token.type", out object? t) && (string?)t == tokenType).Sum(p => p.Point.GetHistogramSum());

        public void Dispose() => _provider.Dispose();

        private List<PointView> Points(IReadOnlyList<Metric> metrics, string name)
        {
            var points = new List<PointView>();
            foreach (Metric metric in metrics.Where(m => m.Name == name))
            {
                foreach (ref readonly MetricPoint point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (KeyValuePair<string, object?> tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                    }

                    // llmlint.* points are shared with other tests in the process: keep this test's function only.
                    if (metric.MeterName != LlmLintMetrics.MeterName || (tags.TryGetValue("llmlint.function", out object? f) && (string?)f == FunctionId))
                    {
                        points.Add(new PointView(point, tags, metric.MetricType));
                    }
                }
            }

            return points;
        }

        private readonly record struct PointView(MetricPoint Point, Dictionary<string, object?> Tags, MetricType Type);
    }
}
