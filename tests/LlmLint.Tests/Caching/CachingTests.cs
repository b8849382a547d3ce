using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using static LlmLint.Tests.StreamingUpdates;

namespace LlmLint.Tests.Caching;

public class CachingTests
{
    [Fact]
    public async Task SecondIdenticalRequest_IsServedFromCache()
    {
        var inner = FakeChatClient.Answering("Paris");
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        ChatResponse first = await cache.GetResponseAsync(Msgs.User("capital of France?"));
        ChatResponse second = await cache.GetResponseAsync(Msgs.User("capital of France?"));

        Assert.Equal(1, inner.Calls);
        Assert.Equal("Paris", second.Text);
        Assert.False(first.IsCacheHit());
        Assert.True(second.IsCacheHit());
        Assert.Equal(100, second.Usage!.InputTokenCount);
        Assert.Equal(1, cache.Hits);
    }

    [Fact]
    public async Task ThousandConcurrentIdenticalRequests_MakeExactlyOneUpstreamCall()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, _) =>
            {
                await release.Task;
                return FakeChatClient.Response("42");
            },
        };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        var tasks = new Task<ChatResponse>[1000];
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(async () =>
            {
                await start.Task;
                return await cache.GetResponseAsync(Msgs.User("the answer?"), new ChatOptions { Temperature = 0 });
            });
        }

        start.SetResult();
        await Task.Delay(200);
        release.SetResult();
        ChatResponse[] results = await Task.WhenAll(tasks);

        Assert.Equal(1, inner.Calls);
        Assert.All(results, r => Assert.Equal("42", r.Text));
        Assert.Equal(999, results.Count(r => r.IsCacheHit()));
    }

    [Fact]
    public async Task ThrowingStore_NeverFailsTheCall_AndIsCounted()
    {
        var inner = FakeChatClient.Answering("ok");
        var store = new FaultyStore();
        var logger = new ListLogger();
        using var cache = new LlmLintCachingChatClient(inner, store, logger: logger);
        long globalBefore = LlmLintCacheCounters.StoreBypasses;

        for (int i = 0; i < 5; i++)
        {
            ChatResponse r = await cache.GetResponseAsync(Msgs.User("hi"));
            Assert.Equal("ok", r.Text);
        }

        Assert.Equal(5, inner.Calls);
        Assert.Equal(5, cache.StoreBypasses); // one per call: once the store failed, the call does not ask it again
        Assert.True(LlmLintCacheCounters.StoreBypasses - globalBefore >= 5);
        Assert.Contains(logger.Messages, m => m.Contains("failed during get", StringComparison.Ordinal));

        await foreach (ChatResponseUpdate _ in cache.GetStreamingResponseAsync(Msgs.User("hi")))
        {
        }

        Assert.Equal(6, cache.StoreBypasses);
    }

    [Fact]
    public async Task HangingStore_IsBypassedAfterTheTimeout()
    {
        var inner = FakeChatClient.Answering("ok");
        var store = new FaultyStore { Throw = false, Hang = true };
        using var cache = new LlmLintCachingChatClient(inner, store, new LlmLintCacheOptions { StoreTimeout = TimeSpan.FromMilliseconds(50) });

        var watch = System.Diagnostics.Stopwatch.StartNew();
        ChatResponse r = await cache.GetResponseAsync(Msgs.User("hi"));

        Assert.Equal("ok", r.Text);
        Assert.Equal(1, cache.StoreBypasses);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), watch.Elapsed.ToString());
    }

    [Fact]
    public async Task TwoTenants_WithIdenticalPrompts_NeverShareAnswers()
    {
        string? tenant = null;
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(FakeChatClient.Response("secret of " + tenant)) };
        var store = new InMemoryLlmCacheStore();
        using var cache = new LlmLintCachingChatClient(inner, store, new LlmLintCacheOptions { TenantProvider = new DelegateTenantProvider(() => tenant) });

        var seen = new List<(string Tenant, string Text, bool Hit)>();
        foreach (string t in new[] { "acme", "globex", "acme", "globex", "acme", "globex" })
        {
            tenant = t;
            ChatResponse r = await cache.GetResponseAsync(Msgs.User("What is our secret?"));
            seen.Add((t, r.Text, r.IsCacheHit()));
        }

        Assert.Equal(2, inner.Calls);
        Assert.All(seen, s => Assert.Equal("secret of " + s.Tenant, s.Text));
        Assert.Equal(4, seen.Count(s => s.Hit));

        // A per-request tenant overrides the provider, and is partitioned the same way.
        tenant = "acme";
        ChatResponse other = await cache.GetResponseAsync(Msgs.User("What is our secret?"), new ChatOptions().WithTenant("initech"));
        Assert.False(other.IsCacheHit());
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Ttl_Expires()
    {
        var time = new ManualTimeProvider();
        var inner = FakeChatClient.Answering("x");
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore(timeProvider: time), new LlmLintCacheOptions { DefaultTtl = TimeSpan.FromMinutes(5) });

        await cache.GetResponseAsync(Msgs.User("q"));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.True((await cache.GetResponseAsync(Msgs.User("q"))).IsCacheHit());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False((await cache.GetResponseAsync(Msgs.User("q"))).IsCacheHit());
        Assert.Equal(2, inner.Calls);

        // A per-request TTL overrides the default.
        await cache.GetResponseAsync(Msgs.User("p"), new ChatOptions().WithCacheTtl(TimeSpan.FromSeconds(10)));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.False((await cache.GetResponseAsync(Msgs.User("p"))).IsCacheHit());
    }

    [Fact]
    public async Task Bypass_NeitherReadsNorWrites_Refresh_WritesOnly()
    {
        int n = 0;
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(FakeChatClient.Response("v" + Interlocked.Increment(ref n))) };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        Assert.Equal("v1", (await cache.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal("v2", (await cache.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithCacheBypass())).Text);
        Assert.Equal("v1", (await cache.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal("v3", (await cache.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithCacheRefresh())).Text);
        Assert.Equal("v3", (await cache.GetResponseAsync(Msgs.User("q"))).Text);
    }

    public static IEnumerable<object[]> UncacheableResponses() => new[]
    {
        new object[] { "refusal", FakeChatClient.Response("no", finish: ChatFinishReason.ContentFilter) },
        new object[] { "truncated", FakeChatClient.Response("half", finish: ChatFinishReason.Length) },
        new object[] { "tool call", new ChatResponse(new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("c1", "lookup") })) },
        new object[] { "rejected", WithProps(FakeChatClient.Response("bad"), LlmLintPropertyKeys.Accepted, false) },
    };

    [Theory]
    [MemberData(nameof(UncacheableResponses))]
    public async Task UncacheableResponses_AreNeverCached(string kind, ChatResponse response)
    {
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(response) };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        await cache.GetResponseAsync(Msgs.User(kind));
        ChatResponse again = await cache.GetResponseAsync(Msgs.User(kind));

        Assert.Equal(2, inner.Calls);
        Assert.False(again.IsCacheHit());
    }

    [Fact]
    public async Task Errors_AreNeverCached()
    {
        int n = 0;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Interlocked.Increment(ref n) == 1
                ? Task.FromException<ChatResponse>(new InvalidOperationException("upstream"))
                : Task.FromResult(FakeChatClient.Response("fine")),
        };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetResponseAsync(Msgs.User("q")));
        Assert.Equal("fine", (await cache.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Streaming_IsCachedOnceComplete_AndReplayedAsUpdates()
    {
        var inner = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(ct, "Hel", "lo", " world") };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());

        string first = string.Concat(await Collect(cache.GetStreamingResponseAsync(Msgs.User("greet"))));
        List<ChatResponseUpdate> replay = new();
        await foreach (ChatResponseUpdate u in cache.GetStreamingResponseAsync(Msgs.User("greet")))
        {
            replay.Add(u);
        }

        Assert.Equal("Hello world", first);
        Assert.Equal("Hello world", string.Concat(replay.Select(u => u.Text)));
        Assert.All(replay, u => Assert.True(u.AdditionalProperties![LlmLintPropertyKeys.CacheHit] is true));
        Assert.Equal(1, inner.Calls);

        // The non-streaming path reads the same entry.
        Assert.True((await cache.GetResponseAsync(Msgs.User("greet"))).IsCacheHit());
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task StreamingThatIsCut_IsNotCached()
    {
        var inner = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => Stream(ct, "Hel") };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (ChatResponseUpdate _ in cache.GetStreamingResponseAsync(Msgs.User("greet"), null, cts.Token))
            {
                cts.Cancel();
            }
        });

        await Collect(cache.GetStreamingResponseAsync(Msgs.User("greet")));
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task OptionsAndToken_ReachInner_AndCallerOptionsAreNotMutated()
    {
        ChatOptions? seenOptions = null;
        CancellationToken seenToken = default;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, o, ct) =>
            {
                seenOptions = o;
                seenToken = ct;
                return Task.FromResult(FakeChatClient.Response("a"));
            },
        };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        var options = new ChatOptions { Temperature = 0.2f, ModelId = "gpt-4o-mini" }.WithTenant("t1");
        string before = JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions);
        using var cts = new CancellationTokenSource();

        await cache.GetResponseAsync(Msgs.User("q"), options, cts.Token);

        Assert.Same(options, seenOptions);
        Assert.Equal(cts.Token, seenToken);
        Assert.Equal(before, JsonSerializer.Serialize(options, AIJsonUtilities.DefaultOptions));
        Assert.Single(options.AdditionalProperties!);
    }

    [Fact]
    public async Task Cancellation_IsHonoured_NotTreatedAsStoreFault()
    {
        var inner = FakeChatClient.Answering("a");
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cache.GetResponseAsync(Msgs.User("q"), null, cts.Token));
        Assert.Equal(0, cache.StoreBypasses);
    }

    [Fact]
    public async Task CancelledLeader_DoesNotFailFollowers()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await gate.Task.WaitAsync(ct);
                return FakeChatClient.Response("done");
            },
        };
        using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        using var leaderCts = new CancellationTokenSource();

        Task<ChatResponse> leader = cache.GetResponseAsync(Msgs.User("q"), null, leaderCts.Token);
        await Task.Delay(50);
        Task<ChatResponse> follower = cache.GetResponseAsync(Msgs.User("q"));
        await Task.Delay(50);
        leaderCts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leader);
        gate.SetResult();

        Assert.Equal("done", (await follower).Text);
    }

    [Fact]
    public void ArgumentErrors_NameTheParameter()
    {
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new LlmLintCachingChatClient(new FakeChatClient(), null!)).ParamName);
        Assert.Equal("innerClient", Assert.Throws<ArgumentNullException>(() => new LlmLintCachingChatClient(null!, new InMemoryLlmCacheStore())).ParamName);
        using var cache = new LlmLintCachingChatClient(new FakeChatClient(), new InMemoryLlmCacheStore());
        Assert.Equal("messages", Assert.ThrowsAsync<ArgumentNullException>(() => cache.GetResponseAsync((IEnumerable<ChatMessage>)null!)).Result.ParamName);
        Assert.Equal("value", Assert.Throws<ArgumentOutOfRangeException>(() => new LlmLintCacheOptions { DefaultTtl = TimeSpan.Zero }).ParamName);
        Assert.Equal("ttl", Assert.Throws<ArgumentOutOfRangeException>(() => new ChatOptions().WithCacheTtl(TimeSpan.FromSeconds(-1))).ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => LlmLintCachingChatClientBuilderExtensions.UseLlmLintCache(null!)).ParamName);
    }

    [Fact]
    public async Task UseLlmLintCache_BuildsTheStageAroundTheInnerClient()
    {
        var inner = FakeChatClient.Answering("a");
        var store = new InMemoryLlmCacheStore();
        IChatClient client = inner.AsBuilder().UseLlmLintCache(store, o => o.Partition = "app").Build();

        await client.GetResponseAsync(Msgs.User("q"));
        await client.GetResponseAsync(Msgs.User("q"));

        Assert.Equal(1, inner.Calls);
        Assert.Same(store, client.GetService<InMemoryLlmCacheStore>());
        Assert.Equal(1, store.Count);
    }

    private static ChatResponse WithProps(ChatResponse r, string key, object value)
    {
        (r.AdditionalProperties ??= new())[key] = value;
        return r;
    }
}
