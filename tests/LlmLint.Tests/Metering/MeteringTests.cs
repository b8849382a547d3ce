using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Metering;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmLint.Tests.Metering;

public class MeteringTests
{
    [Fact]
    public async Task Response_IsCostedFromUsageAndTheCatalog_WithCachedInput()
    {
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
            {
                ModelId = "gpt-4o",
                Usage = new UsageDetails { InputTokenCount = 1_000_000, CachedInputTokenCount = 400_000, OutputTokenCount = 100_000 },
            }),
        };
        using var client = new CostMeteringChatClient(inner);

        ChatResponse r = await client.GetResponseAsync(Msgs.User("q"));

        // 600k × $2.50/M + 400k × $1.25/M + 100k × $10/M
        Assert.Equal(1.5m + 0.5m + 1.0m, r.AdditionalProperties![LlmLintPropertyKeys.CostUsd]);
        Assert.IsType<Guid>(r.AdditionalProperties[LlmLintPropertyKeys.CallId]);
    }

    [Fact]
    public async Task UnknownModel_IsCostedAsUnknown_AndWarnedOncePerModel()
    {
        var logger = new ListLogger();
        CostCalculator calculator = CostCalculator.FromOverrides("""{"schemaVersion":1,"models":[]}""", "test");
        calculator.Logger = logger;
        var ledger = new InMemoryCostLedger();
        using var client = new CostMeteringChatClient(FakeChatClient.Answering("x", modelId: "acme-unreleased-9"), new CostMeteringOptions { Calculator = calculator, Ledger = ledger });

        ChatResponse r1 = await client.GetResponseAsync(Msgs.User("a"));
        await client.GetResponseAsync(Msgs.User("b"));

        Assert.False(r1.AdditionalProperties!.ContainsKey(LlmLintPropertyKeys.CostUsd));
        Assert.All(ledger.Records, rec => Assert.Null(rec.CostUsd));
        Assert.Single(logger.Messages, m => m.Contains("acme-unreleased-9"));
        CostSummary summary = Assert.Single(await ledger.QueryAsync());
        Assert.Equal(2, summary.UnknownCostCalls);
        Assert.Equal(0m, summary.CostUsd);
    }

    [Fact]
    public void CatalogOverrides_ChangePrices()
    {
        CostCalculator calculator = CostCalculator.FromOverrides("""{"schemaVersion":1,"models":[{"id":"gpt-4o-mini","inputPerMillion":1,"outputPerMillion":2}]}""", "prices.json");

        Assert.True(calculator.TryCost("gpt-4o-mini-2024-07-18", 1_000_000, 1_000_000, 0, out decimal cost));
        Assert.Equal(3m, cost);
        Assert.True(CostCalculator.Default.TryCost("gpt-4o-mini", 1_000_000, 0, 0, out decimal standard));
        Assert.Equal(0.15m, standard);
        var bad = Assert.Throws<ArgumentException>(() => CostCalculator.FromOverrides("""{"models":[]}""", "prices.json"));
        Assert.Equal("json", bad.ParamName);
        Assert.Contains("prices.json", bad.Message);
    }

    [Fact]
    public async Task Metrics_TagCostBySite_Tier_Model_Cache_AndStage_AndLeaveGenAiInstrumentsToOpenTelemetry()
    {
        var measurements = new List<(string Name, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == LlmLintMetrics.MeterName)
            {
                l.EnableMeasurementEvents(i);
            }
        };
        void Add(Instrument i, double v, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dict = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> t in tags)
            {
                dict[t.Key] = t.Value;
            }

            if (dict.TryGetValue("llmlint.function", out object? fn) && fn as string == "Tests.Metrics")
            {
                lock (measurements)
                {
                    measurements.Add((i.Name, v, dict));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        listener.Start();

        // Metering sits outside the cache: the order of Use calls is outermost first.
        IChatClient client = FakeChatClient.Answering("x", "gpt-4o-mini", input: 1000, output: 500)
            .AsBuilder()
            .UseCostMetering(o => { o.Tier = Tier.Small; o.BaselineModelId = "gpt-4o"; })
            .UseLlmLintCache(new InMemoryLlmCacheStore())
            .Build();
        var options = new ChatOptions().WithFunctionId("Tests.Metrics");

        await client.GetResponseAsync(Msgs.User("q"), options);
        await client.GetResponseAsync(Msgs.User("q"), options);

        // Tokens and durations are OpenTelemetryChatClient's instruments (UseOpenTelemetry): metering publishes llmlint.* only.
        Assert.DoesNotContain(measurements, m => m.Name.StartsWith("gen_ai.", StringComparison.Ordinal));
        var costs = measurements.Where(m => m.Name == "llmlint.cost").ToList();
        Assert.Equal(2, costs.Count);
        double missCost = (1000 * 0.15 + 500 * 0.60) / 1_000_000;
        Assert.Equal(missCost, costs.Single(c => (string?)c.Tags["llmlint.cache"] == "miss").Value, 9);
        Assert.Equal(0, costs.Single(c => (string?)c.Tags["llmlint.cache"] == "hit").Value);
        Assert.All(costs, c => Assert.Equal("Small", c.Tags["llmlint.tier"]));
        Assert.All(costs, c => Assert.Equal("gpt-4o-mini", c.Tags["gen_ai.response.model"]));
        var saved = measurements.Where(m => m.Name == "llmlint.saved").ToList();
        double baseline = (1000 * 2.50 + 500 * 10.0) / 1_000_000;
        Assert.Equal(baseline - missCost, saved.Single(s => (string?)s.Tags["llmlint.cache"] == "miss").Value, 9);
        Assert.Equal(baseline, saved.Single(s => (string?)s.Tags["llmlint.cache"] == "hit").Value, 9);
    }

    [Fact]
    public async Task Streaming_IsMeteredFromUsageContent()
    {
        var ledger = new InMemoryCostLedger();
        var inner = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => StreamingUpdates.Stream(ct, "a", "b") };
        using var client = new CostMeteringChatClient(inner, new CostMeteringOptions { Ledger = ledger });

        await StreamingUpdates.Collect(client.GetStreamingResponseAsync(Msgs.User("q")));

        CostRecord rec = Assert.Single(ledger.Records);
        Assert.Equal(10, rec.InputTokens);
        Assert.Equal(3, rec.OutputTokens);
        Assert.Equal((10 * 0.15m + 3 * 0.60m) / 1_000_000m, rec.CostUsd);
    }

    [Fact]
    public async Task Ledger_ReportsCostPerSuccessfulRequest_PerFunctionAndTier()
    {
        var ledger = new InMemoryCostLedger();
        await LedgerScenario(ledger);
    }

    [Fact]
    public async Task SqliteLedger_PersistsAndAggregates()
    {
        string path = Path.Combine(Path.GetTempPath(), "llmlint-ledger-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await LedgerScenario(new SqliteCostLedger(path));
            IReadOnlyList<CostSummary> reopened = await new SqliteCostLedger(path).QueryAsync();
            Assert.Equal(2, reopened.Count);
            Assert.Empty(await new SqliteCostLedger(path).QueryAsync(DateTimeOffset.UtcNow.AddHours(1)));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    internal static async Task LedgerScenario(ICostLedger ledger)
    {
        var a1 = new CostRecord { FunctionId = "F.Classify", Tier = Tier.Small, ModelId = "gpt-4o-mini", CostUsd = 0.001m };
        var a2 = new CostRecord { FunctionId = "F.Classify", Tier = Tier.Small, ModelId = "gpt-4o-mini", CostUsd = 0.003m, Succeeded = true };
        var a3 = new CostRecord { FunctionId = "F.Classify", Tier = Tier.Small, ModelId = "x", CostUsd = null };
        var b1 = new CostRecord { FunctionId = "F.Summarize", Tier = Tier.Large, ModelId = "gpt-4o", CostUsd = 0.02m, SavedUsd = 0.01m, CacheHit = false };
        foreach (CostRecord r in new[] { a1, a2, a3, b1 })
        {
            await ledger.RecordAsync(r);
        }

        await ledger.MarkSucceededAsync(a1.CallId);
        await ledger.MarkSucceededAsync(b1.CallId);
        IReadOnlyList<CostSummary> summaries = await ledger.QueryAsync();

        Assert.Equal(2, summaries.Count);
        CostSummary classify = summaries[0];
        Assert.Equal(("F.Classify", (Tier?)Tier.Small, 3L, 2L, 1L), (classify.FunctionId, classify.Tier, classify.Calls, classify.SuccessfulCalls, classify.UnknownCostCalls));
        Assert.Equal(0.004m, classify.CostUsd);
        Assert.Equal(0.002m, classify.CostPerSuccessfulRequest);
        CostSummary summarize = summaries[1];
        Assert.Equal(0.02m, summarize.CostPerSuccessfulRequest);
        Assert.Equal(0.01m, summarize.SavedUsd);
    }
}

public class MeteringPassThroughTests
{
    [Fact]
    public async Task OptionsAndToken_ReachInner_Unchanged()
    {
        ChatOptions? seen = null;
        System.Threading.CancellationToken token = default;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, o, ct) =>
            {
                seen = o;
                token = ct;
                return Task.FromResult(FakeChatClient.Response("x"));
            },
        };
        using var client = new CostMeteringChatClient(inner);
        var options = new ChatOptions { ModelId = "gpt-4o-mini" };
        using var cts = new System.Threading.CancellationTokenSource();

        await client.GetResponseAsync(Msgs.User("q"), options, cts.Token);

        Assert.Same(options, seen);
        Assert.Equal(cts.Token, token);
        Assert.Null(options.AdditionalProperties);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => CostMeteringChatClientBuilderExtensions.UseCostMetering(null!)).ParamName);
        Assert.Equal("innerClient", Assert.Throws<ArgumentNullException>(() => new CostMeteringChatClient(null!)).ParamName);
    }
}
