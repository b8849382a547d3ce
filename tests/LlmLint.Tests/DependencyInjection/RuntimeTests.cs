using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Cascade;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.DependencyInjection;

public class RuntimeTests
{
    private static readonly LlmResultParser<int> IntParser = (string text, out int value, out string? error) =>
    {
        bool ok = int.TryParse(text, out value);
        error = ok ? null : "not a number";
        return ok;
    };

    private static LlmFunctionRequest Request(string prompt, Tier tier = Tier.Small, IReadOnlyList<Tier>? cascade = null, bool cache = true) => new()
    {
        FunctionId = "Tests.Answer",
        TemplateHash = "h1",
        Messages = Msgs.User(prompt),
        Tier = tier,
        CascadeTiers = cascade,
        Cache = cache ? new LlmCachePolicy { Ttl = TimeSpan.FromMinutes(5) } : null,
        CacheKey = prompt,
    };

    [Fact]
    public async Task AddLlmLint_ResolvesTheRuntime_TiersAndARoutingClient()
    {
        var small = FakeChatClient.Answering("1", "gpt-4o-mini");
        var large = FakeChatClient.Answering("2", "gpt-4o");
        var services = new ServiceCollection();
        services.AddLlmLint(b => b
            .AddTier(Tier.Small, small, "gpt-4o-mini")
            .AddTier(Tier.Large, _ => large, "gpt-4o")
            .UseTenantProvider(() => "acme")
            .Configure(o => o.BaselineModelId = "gpt-4o"));
        using ServiceProvider sp = services.BuildServiceProvider();

        ILlmRuntime runtime = sp.GetRequiredService<ILlmRuntime>();
        IChatClient routing = sp.GetRequiredService<IChatClient>();

        Assert.Equal("2", (await runtime.GetClient(Tier.Medium).GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal("1", (await routing.GetResponseAsync(Msgs.User("q"))).Text);
        Assert.Equal("2", (await routing.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithTier(Tier.Large))).Text);
        Assert.Same(runtime.GetClient(Tier.Small), runtime.GetClient(Tier.Small));
        Assert.Equal(Tier.Large, sp.GetRequiredService<LlmTierSet>().Resolve(Tier.Frontier - 1).Tier);
        Assert.Throws<InvalidOperationException>(() => runtime.GetClient(Tier.Frontier));
    }

    [Fact]
    public async Task AddLlmLint_UsesTheConfiguredStores()
    {
        var small = FakeChatClient.Answering("1", "gpt-4o-mini");
        var services = new ServiceCollection();
        services.AddDistributedMemoryCache();
        var ledger = new InMemoryCostLedger();
        services.AddLlmLint(b => b.AddTier(Tier.Small, small, "gpt-4o-mini").UseDistributedCache().UseCostLedger(ledger));
        using ServiceProvider sp = services.BuildServiceProvider();

        IChatClient client = sp.GetRequiredService<ILlmRuntime>().GetClient(Tier.Small);
        await client.GetResponseAsync(Msgs.User("q"));
        ChatResponse hit = await client.GetResponseAsync(Msgs.User("q"));

        Assert.True(hit.IsCacheHit());
        Assert.IsType<DistributedLlmCacheStore>(sp.GetRequiredService<ILlmCacheStore>());
        Assert.Equal(2, ledger.Records.Count);
        Assert.Equal(1, small.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ParsesValidates_AndCachesTheAcceptedAnswer()
    {
        var small = FakeChatClient.Answering("41");
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"));

        Assert.Equal(41, await runtime.InvokeAsync(Request("q"), IntParser));
        Assert.Equal(41, await runtime.InvokeAsync(Request("q"), IntParser));
        Assert.Equal(1, small.Calls);

        await runtime.InvokeAsync(Request("q", cache: false), IntParser);
        Assert.Equal(2, small.Calls);
    }

    [Fact]
    public async Task InvokeAsync_KeysTheCache_OnTheGeneratedKey_NotTheRenderedMessages()
    {
        var small = FakeChatClient.Answering("41");
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"));
        LlmFunctionRequest Rendered(string prompt, string? key) => new()
        {
            FunctionId = "Tests.Answer",
            TemplateHash = "h1",
            Messages = Msgs.User(prompt),
            Cache = new LlmCachePolicy(),
            CacheKey = key,
        };

        // Arguments that differ only in whitespace render different prompts but normalise to one key.
        await runtime.InvokeAsync(Rendered("Ticket: I was charged twice", "ticket=I was charged twice;"), IntParser);
        await runtime.InvokeAsync(Rendered("Ticket:  I was charged\ttwice ", "ticket=I was charged twice;"), IntParser);
        Assert.Equal(1, small.Calls);

        await runtime.InvokeAsync(Rendered("Ticket: I was charged twice", "ticket=other;"), IntParser);
        Assert.Equal(2, small.Calls);

        // Without a generated key the rendered messages are the key.
        await runtime.InvokeAsync(Rendered("Ticket: a", null), IntParser);
        await runtime.InvokeAsync(Rendered("Ticket: a ", null), IntParser);
        Assert.Equal(4, small.Calls);
        Assert.Equal(1, runtime.InvokeCache.Hits);
    }

    [Fact]
    public async Task InvokeAsync_Cascade_EscalatesOnValidationFailure_AndRecordsSuccessInTheLedger()
    {
        var small = FakeChatClient.Answering("about forty", "gpt-4o-mini");
        var large = FakeChatClient.Answering("40", "gpt-4o");
        var ledger = new InMemoryCostLedger();
        var decisions = new List<CascadeDecision>();
        using var runtime = new LlmRuntime(
            new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini").Add(Tier.Large, large, "gpt-4o"),
            new LlmRuntimeOptions { OnCascadeDecision = d => { lock (decisions) { decisions.Add(d); } } },
            ledger: ledger);

        int value = await runtime.InvokeAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large }), IntParser);

        Assert.Equal(40, value);
        Assert.Equal(2, decisions.Count);
        Assert.False(decisions[0].Accepted);
        Assert.True(decisions[1].Accepted);
        IReadOnlyList<CostSummary> summaries = await ledger.QueryAsync();
        CostSummary smallRow = Assert.Single(summaries, s => s.Tier == Tier.Small);
        CostSummary largeRow = Assert.Single(summaries, s => s.Tier == Tier.Large);
        Assert.Equal(0, smallRow.SuccessfulCalls);
        Assert.Equal(1, largeRow.SuccessfulCalls);
        Assert.Equal("Tests.Answer", largeRow.FunctionId);

        // The accepted answer is cached: the second call makes no upstream call and is recorded as a successful hit.
        Assert.Equal(40, await runtime.InvokeAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large }), IntParser));
        Assert.Equal(1, small.Calls);
        Assert.Equal(1, large.Calls);
        Assert.Contains(ledger.Records, r => r.CacheHit && r.Succeeded && r.CostUsd == 0);
    }

    [Fact]
    public async Task InvokeAsync_ThrowsValidationException_WhenTheLastTierFails_AndCachesNothing()
    {
        var small = FakeChatClient.Answering("nope");
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"));

        var ex = await Assert.ThrowsAsync<LlmResultValidationException>(() => runtime.InvokeAsync(Request("q"), IntParser));
        Assert.Equal("Tests.Answer", ex.FunctionId);
        Assert.Equal(Tier.Small, ex.Tier);
        Assert.Equal("nope", ex.RawAnswer);
        await Assert.ThrowsAsync<LlmResultValidationException>(() => runtime.InvokeAsync(Request("q"), IntParser));
        Assert.Equal(2, small.Calls);
    }

    [Fact]
    public async Task InvokeAsync_ConcurrentIdenticalCalls_MakeOneUpstreamCall()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var small = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, _) =>
            {
                await gate.Task;
                return FakeChatClient.Response("5");
            },
        };
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"));

        var tasks = new Task<int>[100];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = Task.Run(() => runtime.InvokeAsync(Request("same"), IntParser));
        }

        await Task.Delay(100);
        gate.SetResult();
        Assert.All(await Task.WhenAll(tasks), v => Assert.Equal(5, v));
        Assert.Equal(1, small.Calls);
    }

    [Fact]
    public async Task InvokeAsync_FailingStore_NeverFailsTheCall()
    {
        var small = FakeChatClient.Answering("3");
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"), store: new FaultyStore());

        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(3, await runtime.InvokeAsync(Request("q"), IntParser));
        }

        Assert.True(runtime.InvokeCache.StoreBypasses >= 3); // at least one per call
    }

    [Fact]
    public async Task InvokeAsync_UpstreamFault_EscalatesOrThrows_AsConfigured()
    {
        var small = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromException<ChatResponse>(new System.Net.Http.HttpRequestException("429", null, System.Net.HttpStatusCode.TooManyRequests)) };
        var large = FakeChatClient.Answering("9");
        var tiers = new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini").Add(Tier.Large, large, "gpt-4o");
        using var escalate = new LlmRuntime(tiers);
        using var strict = new LlmRuntime(tiers, new LlmRuntimeOptions { OnFault = CascadeFaultBehavior.Throw });

        Assert.Equal(9, await escalate.InvokeAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large }), IntParser));
        await Assert.ThrowsAsync<CascadeException>(() => strict.InvokeAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large }, cache: false), IntParser));
    }

    [Fact]
    public async Task InvokeAsync_HonoursCancellation()
    {
        var small = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, ct) =>
            {
                await Task.Delay(Timeout.Infinite, ct);
                return FakeChatClient.Response("1");
            },
        };
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini").Add(Tier.Large, FakeChatClient.Answering("2"), "gpt-4o"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runtime.InvokeAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large }), IntParser, cts.Token));
    }

    [Fact]
    public async Task StreamAsync_StreamsTheFirstTierText_AndCachesIt()
    {
        var small = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, ct) => StreamingUpdates.Stream(ct, "to", "ken") };
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini"));

        var parts = new List<string>();
        await foreach (string s in runtime.StreamAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large })))
        {
            parts.Add(s);
        }

        var again = new List<string>();
        await foreach (string s in runtime.StreamAsync(Request("q", cascade: new[] { Tier.Small, Tier.Large })))
        {
            again.Add(s);
        }

        Assert.Equal(new[] { "to", "ken" }, parts);
        Assert.Equal("token", string.Concat(again));
        Assert.Equal(1, small.Calls);
    }

    [Fact]
    public void ArgumentErrors_NameTheParameter()
    {
        using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, new FakeChatClient()));
        Assert.Equal("request", Assert.ThrowsAsync<ArgumentNullException>(() => runtime.InvokeAsync(null!, IntParser)).Result.ParamName);
        Assert.Equal("parser", Assert.ThrowsAsync<ArgumentNullException>(() => runtime.InvokeAsync<int>(Request("q"), null!)).Result.ParamName);
        Assert.Equal("tiers", Assert.Throws<ArgumentNullException>(() => new LlmRuntime(null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ServiceCollection().AddLlmLint(null!)).ParamName);
    }

    [Fact]
    public async Task Pipeline_AppliesStagesOutermostFirst()
    {
        var order = new List<string>();
        var inner = FakeChatClient.Answering("x");
        IChatClient client = inner.AsBuilder()
            .Use(c => new Tracing(c, "outer", order))
            .Use((c, _) => new Tracing(c, "inner", order))
            .Build();

        await client.GetResponseAsync(Msgs.User("q"));

        Assert.Equal(new[] { "outer", "inner" }, order);
    }

    private sealed class Tracing(IChatClient inner, string name, List<string> order) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            order.Add(name);
            return base.GetResponseAsync(messages, options, cancellationToken);
        }
    }
}
