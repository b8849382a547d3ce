using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Shadow;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Shadow;

internal sealed class ManualTime : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

public class ShadowTests
{
    // A client that answers "ok" to everything (both sides agree unless a test says otherwise).
    private static FakeChatClient OkClient() => new() { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"))) };

    private static ChatMessage[] Ask(string text) => new[] { new ChatMessage(ChatRole.User, text) };

    [Theory]
    [InlineData("  Paris ", "paris", true)]
    [InlineData("New   York\n", "new york", true)]
    [InlineData("{\"b\":1, \"a\":[1,2]}", "```json\n{ \"a\": [1, 2], \"b\": 1.0 }\n```", true)]
    [InlineData("{\"a\":\"X\"}", "{\"a\":\"x\"}", false)]
    [InlineData("yes", "no", false)]
    public void NormalizedComparer(string a, string b, bool agree) =>
        Assert.Equal(agree, NormalizedAnswerComparer.Instance.Agrees(a, b));

    [Fact]
    public void Sampler_SamplesExactlyTheRateEvenlySpread()
    {
        var s = new DeterministicSampler(0.25);
        var picks = Enumerable.Range(0, 100).Select(_ => s.ShouldSample()).ToArray();
        Assert.Equal(25, picks.Count(p => p));
        Assert.True(picks[3] && !picks[0] && !picks[1] && !picks[2]);
        Assert.DoesNotContain(true, Enumerable.Range(0, 10).Select(_ => new DeterministicSampler(0).ShouldSample()));
        Assert.Throws<ArgumentOutOfRangeException>("rate", () => new DeterministicSampler(1.5));
    }

    [Fact]
    public void TokenBucket_AllowsBurstThenRefills()
    {
        var time = new ManualTime();
        var bucket = new TokenBucket(2, 3, time);
        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.TryAcquire());
        Assert.True(bucket.TryAcquire());
        Assert.False(bucket.TryAcquire());
        time.Advance(TimeSpan.FromMilliseconds(500)); // one token at 2/s
        Assert.True(bucket.TryAcquire());
        Assert.False(bucket.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(10)); // capped at the burst
        Assert.Equal(3, Enumerable.Range(0, 5).Count(_ => bucket.TryAcquire()));
    }

    [Theory]
    [InlineData(100, 100, 100, ShadowVerdict.SafeToRoute)]       // [0.963, 1.000]
    [InlineData(99, 100, 100, ShadowVerdict.NeedMoreSamples)]    // [0.946, 0.998] straddles 0.95
    [InlineData(80, 100, 100, ShadowVerdict.KeepOnLargerTier)]   // [0.711, 0.867]
    [InlineData(95, 100, 100, ShadowVerdict.NeedMoreSamples)]
    [InlineData(50, 50, 100, ShadowVerdict.NeedMoreSamples)]     // below --min-samples
    [InlineData(0, 99, 100, ShadowVerdict.NeedMoreSamples)]      // below --min-samples even if clearly bad
    public void Verdicts(long agreements, long samples, long minSamples, ShadowVerdict expected)
    {
        var summary = new ShadowSummary("f", "Small", samples, agreements, 0, 0, samples);
        var (lower, upper) = ShadowEvidence.Wilson(agreements, samples);
        var result = ShadowEvidence.Judge(summary, 0.95, minSamples);
        Assert.Equal(expected, result.Verdict);
        Assert.Equal(lower, result.Lower);
        Assert.Equal(upper, result.Upper);
    }

    [Fact]
    public void Wilson_MatchesReferenceValues_AndVerdictBoundaryIsInclusive()
    {
        var (lower, upper) = ShadowEvidence.Wilson(95, 100);
        Assert.Equal(0.8882, lower, 4); // Wilson 95% for 95/100: [0.8882, 0.9785]
        Assert.Equal(0.9785, upper, 4);
        var (l0, u0) = ShadowEvidence.Wilson(0, 0);
        Assert.Equal((0.0, 1.0), (l0, u0));

        var summary = new ShadowSummary("f", "Small", 100, 95, 0, 0, 100);
        Assert.Equal(ShadowVerdict.SafeToRoute, ShadowEvidence.Judge(summary, lower, 100).Verdict);     // lower == target → safe
        Assert.Equal(ShadowVerdict.NeedMoreSamples, ShadowEvidence.Judge(summary, upper, 100).Verdict); // upper == target → not "keep"
        Assert.Equal(ShadowVerdict.KeepOnLargerTier, ShadowEvidence.Judge(summary, Math.Min(1, upper + 1e-9), 100).Verdict);
        Assert.Throws<ArgumentOutOfRangeException>("successes", () => ShadowEvidence.Wilson(5, 4));
    }

    [Fact]
    public void Saving_IsCostDifferenceTimesObservedVolume()
    {
        var summary = new ShadowSummary("f", "Small", 10, 10, CheapCostUsd: 0.01, BaselineCostUsd: 0.11, Calls: 1000);
        Assert.Equal(0.01 * 1000, ShadowEvidence.Judge(summary, 0.5, 1).SavingAtVolumeUsd, 9);
    }

    [Fact]
    public async Task UserCall_ReturnsBeforeSlowBaseline_AndIsUnchanged()
    {
        var release = new TaskCompletionSource();
        var cheap = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Paris")) { ModelId = "gpt-4o-mini" }) };
        var baseline = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, _) =>
            {
                await release.Task;
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, " paris ")) { ModelId = "gpt-4o" };
            },
        };
        var store = new InMemoryShadowResultStore();
        using var client = new ShadowValidationChatClient(cheap, baseline, store, new ShadowValidationOptions { SampleRate = 1, Burst = 10 });

        var options = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [ShadowValidationOptions.FunctionKey] = "Capital" } };
        var response = await client.GetResponseAsync(Ask("Capital of France?"), options).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("Paris", response.Text);
        Assert.Empty(store.Records); // the baseline is still running
        Assert.Equal(1, client.Statistics.ShadowCallsStarted);

        release.SetResult();
        await client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));
        var record = Assert.Single(store.Records);
        Assert.Equal("Capital", record.Function);
        Assert.True(record.Agreed);
        Assert.Equal(1, record.Calls);
        Assert.True(record.BaselineCostUsd > record.CheapCostUsd, $"{record.BaselineCostUsd} vs {record.CheapCostUsd}");
    }

    [Fact]
    public async Task SamplingRate_AndRateLimit_BoundShadowCalls()
    {
        var time = new ManualTime();
        var cheap = OkClient();
        var baseline = OkClient();
        var store = new InMemoryShadowResultStore();
        using var client = new ShadowValidationChatClient(cheap, baseline, store, new ShadowValidationOptions { SampleRate = 0.5, MaxShadowCallsPerSecond = 1, Burst = 3, TimeProvider = time });
        for (int i = 0; i < 20; i++)
        {
            await client.GetResponseAsync(Ask("q" + i));
        }

        await client.WhenIdleAsync();
        Assert.Equal(20, cheap.Calls);
        Assert.Equal(3, baseline.Calls);                 // 10 sampled, 3 allowed by the bucket
        Assert.Equal(7, client.Statistics.RateLimited);
        Assert.Equal(20, store.Records.Sum(r => r.Calls) + CountPending(store));
    }

    private static long CountPending(InMemoryShadowResultStore store) => 20 - store.Records.Sum(r => r.Calls);

    [Fact]
    public async Task BaselineAndStoreFailures_NeverReachTheCaller()
    {
        var cheap = OkClient();
        var baseline = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => throw new InvalidOperationException("down") };
        using var client = new ShadowValidationChatClient(cheap, baseline, new InMemoryShadowResultStore(), new ShadowValidationOptions { SampleRate = 1, Burst = 10 });
        Assert.Equal("ok", (await client.GetResponseAsync(Ask("x"))).Text);
        await client.WhenIdleAsync();
        Assert.Equal(1, client.Statistics.BaselineErrors);

        using var client2 = new ShadowValidationChatClient(cheap, OkClient(), new FailingStore(), new ShadowValidationOptions { SampleRate = 1, Burst = 10 });
        Assert.Equal("ok", (await client2.GetResponseAsync(Ask("x"))).Text);
        await client2.WhenIdleAsync();
        Assert.Equal(1, client2.Statistics.StoreErrors);
    }

    [Fact]
    public async Task ConcurrencyLimit_SkipsRatherThanQueues()
    {
        var release = new TaskCompletionSource();
        var baseline = new FakeChatClient { GetResponseAsyncCallback = async (_, _, _) => { await release.Task; return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")); } };
        using var client = new ShadowValidationChatClient(OkClient(), baseline, new InMemoryShadowResultStore(), new ShadowValidationOptions { SampleRate = 1, Burst = 10, MaxConcurrency = 2 });
        for (int i = 0; i < 5; i++)
        {
            await client.GetResponseAsync(Ask("q"));
        }

        Assert.Equal(2, client.Statistics.ShadowCallsStarted);
        Assert.Equal(3, client.Statistics.Busy);
        release.SetResult();
        await client.WhenIdleAsync();
    }

    [Fact]
    public async Task Streaming_PassesUpdatesThrough_AndShadowsTheCombinedAnswer()
    {
        var store = new InMemoryShadowResultStore();
        using var client = new ShadowValidationChatClient(OkClient(), new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "OK"))) }, store, new ShadowValidationOptions { SampleRate = 1 });
        var text = string.Concat(await client.GetStreamingResponseAsync(Ask("x")).Select(u => u.Text).ToListAsync());
        Assert.Equal("ok", text);
        await client.WhenIdleAsync();
        Assert.True(Assert.Single(store.Records).Agreed);
    }

    [Fact]
    public async Task Dispose_CancelsTheBaselineCallInFlight()
    {
        var baseline = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return new ChatResponse(new ChatMessage(ChatRole.Assistant, "never"));
            },
        };
        var store = new InMemoryShadowResultStore();
        var client = new ShadowValidationChatClient(OkClient(), baseline, store, new ShadowValidationOptions { SampleRate = 1 });
        Assert.Equal("ok", (await client.GetResponseAsync(Ask("x"))).Text);
        client.Dispose();
        await client.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, client.Statistics.BaselineErrors);
        Assert.Empty(store.Records);
    }

    [Fact]
    public void Constructor_ValidatesArguments()
    {
        Assert.Throws<ArgumentNullException>("baselineClient", () => new ShadowValidationChatClient(OkClient(), null!, new InMemoryShadowResultStore()));
        Assert.Throws<ArgumentNullException>("store", () => new ShadowValidationChatClient(OkClient(), OkClient(), null!));
        Assert.Throws<ArgumentOutOfRangeException>("options", () => new ShadowValidationChatClient(OkClient(), OkClient(), new InMemoryShadowResultStore(), new ShadowValidationOptions { MaxConcurrency = 0 }));
    }

    [Fact]
    public async Task SqliteStore_RoundTripsSummaries()
    {
        string path = Path.Combine(Path.GetTempPath(), "llmlint-shadow-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            var store = new SqliteShadowResultStore(path);
            var now = DateTimeOffset.UnixEpoch;
            await store.AddAsync(new ShadowRecord("b", "Small", true, 0.001, 0.01, 5, now));
            await store.AddAsync(new ShadowRecord("a", "Small", false, 0.002, 0.02, 3, now));
            await store.AddAsync(new ShadowRecord("a", "Small", true, 0.001, 0.01, 2, now, "gpt-4o-mini", "gpt-4o"));
            var summaries = await new SqliteShadowResultStore(path).SummarizeAsync();
            Assert.Equal(new[] { "a", "b" }, summaries.Select(s => s.Function));
            Assert.Equal(2, summaries[0].Samples);
            Assert.Equal(1, summaries[0].Agreements);
            Assert.Equal(5, summaries[0].Calls);
            Assert.Equal(0.03, summaries[0].BaselineCostUsd, 9);
            Assert.Equal(InMemoryShadowResultStore.Summarize(new[]
            {
                new ShadowRecord("b", "Small", true, 0.001, 0.01, 5, now),
            })[0], summaries[1]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private sealed class FailingStore : IShadowResultStore
    {
        public ValueTask AddAsync(ShadowRecord record, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public ValueTask<IReadOnlyList<ShadowSummary>> SummarizeAsync(CancellationToken cancellationToken = default) => throw new IOException("disk full");
    }
}
