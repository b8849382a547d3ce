using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.Metering;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.PromptCaching;

/// <summary>Metering of provider prompt-cache usage: writes at the cache-write price, reads at the cached-input price.</summary>
public class PromptCacheMeteringTests
{
    private const decimal M = 1_000_000m;

    [Fact]
    public async Task AnthropicUsage_FromTheRealAdapter_PricesCacheWritesAndReads()
    {
        var handler = new RecordingHandler(_ => """
            {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-8","content":[{"type":"text","text":"ok"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":30,"output_tokens":4,"cache_creation_input_tokens":2200,"cache_read_input_tokens":1000}}
            """);
        var ledger = new InMemoryCostLedger();
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler)).UseCostMetering(o => o.Ledger = ledger).Build();

        ChatResponse r = await client.GetResponseAsync("hi");

        // 30 × $5 + 2,200 × $6.25 (write) + 1,000 × $0.50 (read) + 4 × $25, per million.
        decimal expected = ((30 * 5m) + (2200 * 6.25m) + (1000 * 0.5m) + (4 * 25m)) / M;
        Assert.Equal(expected, r.AdditionalProperties![LlmLintPropertyKeys.CostUsd]);
        CostRecord record = Assert.Single(ledger.Records);
        Assert.Equal(3230, record.InputTokens);
        Assert.Equal(1000, record.CachedInputTokens);
        // Saved: the read's discount net of the same call's write premium, (1,000 × ($5 − $0.50) − 2,200 × ($6.25 − $5)) per million.
        Assert.Equal(((1000 * (5m - 0.5m)) - (2200 * (6.25m - 5m))) / M, record.SavedUsd);
    }

    [Fact]
    public async Task StreamedAnthropicCall_IsPricedWithItsCacheWritesAndReads()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-8","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":30,"output_tokens":1,"cache_creation_input_tokens":2200,"cache_read_input_tokens":1000}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"ok"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}}

            event: message_stop
            data: {"type":"message_stop"}


            """;
        var handler = new RecordingHandler(_ => sse, "text/event-stream");
        var ledger = new InMemoryCostLedger();
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler)).UseCostMetering(o => o.Ledger = ledger).Build();

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("hi"))
        {
            _ = update;
        }

        CostRecord record = Assert.Single(ledger.Records);
        Assert.Equal(1000, record.CachedInputTokens);
        Assert.Equal(3230, record.InputTokens);
        Assert.Equal(((30 * 5m) + (2200 * 6.25m) + (1000 * 0.5m) + (record.OutputTokens * 25m)) / M, record.CostUsd);
    }

    [Fact]
    public async Task SavedCounter_AttributesEachSavingToItsSource()
    {
        var measurements = new List<(double Value, string? Source, string? Function)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == LlmLintMetrics.MeterName && i.Name == "llmlint.saved")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) =>
        {
            string? source = null;
            string? fn = null;
            foreach (KeyValuePair<string, object?> t in tags)
            {
                source = t.Key == LlmLintMetrics.SavedSourceTag ? t.Value as string : source;
                fn = t.Key == "llmlint.function" ? t.Value as string : fn;
            }

            lock (measurements)
            {
                measurements.Add((v, source, fn));
            }
        });
        listener.Start();

        const string function = "Tests.PromptCacheSaved";
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "x"))
            {
                ModelId = "gpt-4o-mini",
                Usage = new UsageDetails { InputTokenCount = 2000, CachedInputTokenCount = 1536, OutputTokenCount = 10 },
            }),
        };
        using var client = new CostMeteringChatClient(inner, new CostMeteringOptions { BaselineModelId = "gpt-4o" });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions().WithFunctionId(function));

        listener.RecordObservableInstruments();
        ModelInfo mini = ModelCatalog.Default.Find("gpt-4o-mini")!;
        double promptCache = (double)(1536 * (mini.InputPerMillion - mini.CachedInputPerMillion) / M);
        lock (measurements)
        {
            var mine = measurements.Where(m => m.Function == function).ToList();
            Assert.Equal(promptCache, mine.Single(m => m.Source == LlmLintMetrics.SavedByPromptCache).Value, 12);
            Assert.Single(mine, m => m.Source == LlmLintMetrics.SavedByModel);
        }
    }

    [Fact]
    public void CacheWriteTokens_AreReadFromEveryKnownUsageKey()
    {
        foreach (string key in CostCalculator.CacheWriteCountKeys)
        {
            var usage = new UsageDetails { InputTokenCount = 100, AdditionalCounts = new() { [key] = 70 } };
            Assert.Equal(70, CostCalculator.CacheWriteInputTokens(usage));
        }

        Assert.Equal(0, CostCalculator.CacheWriteInputTokens(new UsageDetails { InputTokenCount = 5 }));
        Assert.Equal(0, CostCalculator.CacheWriteInputTokens(null));
    }

    [Fact]
    public void CacheWrites_WithoutAWritePrice_AreBilledAsInput_AndCountsAreClamped()
    {
        ModelInfo mini = ModelCatalog.Default.Find("gpt-4o-mini")!;
        Assert.Null(mini.CacheWritePerMillion);
        Assert.Equal(mini.CostUsd(1000, 0), mini.CostUsd(1000, 0, 0, 400));

        ModelInfo opus = ModelCatalog.Default.Find("claude-opus-4-8")!;
        // 900 read + 900 written of 1,000 input: the writes are clamped to the 100 left.
        Assert.Equal(((900 * 0.5m) + (100 * 6.25m)) / M, opus.CostUsd(1000, 0, 900, 900));
        Assert.Throws<ArgumentOutOfRangeException>("cacheWriteInputTokens", () => opus.CostUsd(1, 1, 0, -1));
    }
}
