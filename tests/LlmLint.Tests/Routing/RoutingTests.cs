using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Routing;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Routing;

public class RoutingTests
{
    [Fact]
    public async Task ExplicitTier_GoesToThatTier_AndMissingTierFallsBackToTheNextLarger()
    {
        var small = FakeChatClient.Answering("small", "gpt-4o-mini");
        var large = FakeChatClient.Answering("large", "gpt-4o");
        var tiers = new LlmTierSet().Add(Tier.Small, small, "gpt-4o-mini").Add(Tier.Large, large, "gpt-4o");
        using var router = new TierRoutingChatClient(small, tiers);

        Assert.Equal("large", (await router.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithTier(Tier.Large))).Text);
        ChatResponse medium = await router.GetResponseAsync(Msgs.User("q"), new ChatOptions().WithTier(Tier.Medium));
        Assert.Equal("large", medium.Text);
        Assert.Equal(Tier.Large, medium.AdditionalProperties![LlmLintPropertyKeys.Tier]);
        Assert.Equal("small", (await router.GetResponseAsync(Msgs.User("q"))).Text);
    }

    [Fact]
    public void Dispose_LeavesTheTierClientsToTheirOwners()
    {
        var small = new FakeChatClient();
        var router = new TierRoutingChatClient(small, new LlmTierSet().Add(Tier.Small, small));
        router.Dispose();
        Assert.False(small.Disposed);
    }

    [Fact]
    public void NoTierAtOrAboveTheRequest_ThrowsAClearException()
    {
        var tiers = new LlmTierSet().Add(Tier.Small, new FakeChatClient(), "gpt-4o-mini");
        var ex = Assert.Throws<InvalidOperationException>(() => tiers.Resolve(Tier.Large));
        Assert.Contains("tier Large", ex.Message);
        Assert.Contains("Small=gpt-4o-mini", ex.Message);
        Assert.Contains("none", Assert.Throws<InvalidOperationException>(() => new LlmTierSet().Resolve(Tier.Small)).Message);
    }

    [Fact]
    public async Task Router_ChoosesByTaskHintAndPromptLength()
    {
        var router = new RuleBasedRouter { LargePromptChars = 100 };
        Assert.Equal(Tier.Small, await router.RouteAsync(Msgs.User("short"), null, default));
        Assert.Equal(Tier.Large, await router.RouteAsync(Msgs.User(new string('x', 101)), null, default));
        var hinted = new ChatOptions { AdditionalProperties = new() { [RuleBasedRouter.TaskHintKey] = "summarize" } };
        Assert.Equal(Tier.Medium, await router.RouteAsync(Msgs.User("short"), hinted, default));
        Assert.Equal(Tier.Frontier, await router.RouteAsync(Msgs.User("short"), new ChatOptions().WithTier(Tier.Frontier), default));
    }

    [Fact]
    public async Task CustomRouter_IsAskedPerRequest()
    {
        var small = FakeChatClient.Answering("small");
        var frontier = FakeChatClient.Answering("frontier");
        var tiers = new LlmTierSet().Add(Tier.Small, small).Add(Tier.Frontier, frontier);
        var router = new LambdaRouter((m, o) => o?.Temperature > 0.5f ? Tier.Frontier : Tier.Small);
        IChatClient client = small.AsBuilder().UseTierRouting(tiers, router).Build();

        Assert.Equal("frontier", (await client.GetResponseAsync(Msgs.User("q"), new ChatOptions { Temperature = 0.9f })).Text);
        Assert.Equal("small", (await client.GetResponseAsync(Msgs.User("q"), new ChatOptions { Temperature = 0.1f })).Text);
    }

    [Fact]
    public async Task RoutedRequest_CarriesTheTierModel_OnAClone_AndTheTokenReachesTheClient()
    {
        ChatOptions? seen = null;
        CancellationToken seenToken = default;
        var large = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, o, ct) =>
            {
                seen = o;
                seenToken = ct;
                return Task.FromResult(FakeChatClient.Response("l", modelId: null));
            },
        };
        var tiers = new LlmTierSet().Add(Tier.Large, large, "gpt-4o");
        using var router = new TierRoutingChatClient(large, tiers);
        var options = new ChatOptions { Temperature = 0.3f }.WithTier(Tier.Large);
        using var cts = new CancellationTokenSource();

        ChatResponse r = await router.GetResponseAsync(Msgs.User("q"), options, cts.Token);

        Assert.Null(options.ModelId);
        Assert.NotSame(options, seen);
        Assert.Equal("gpt-4o", seen!.ModelId);
        Assert.Equal(0.3f, seen.Temperature);
        Assert.Equal(cts.Token, seenToken);
        Assert.Equal("gpt-4o", r.ModelId);

        // With a model id set by the caller the options pass through untouched.
        var own = new ChatOptions { ModelId = "gpt-4o" }.WithTier(Tier.Large);
        await router.GetResponseAsync(Msgs.User("q"), own);
        Assert.Same(own, seen);
    }

    [Fact]
    public async Task Streaming_IsRoutedToo()
    {
        var small = FakeChatClient.Answering("small");
        var large = FakeChatClient.Answering("large");
        var tiers = new LlmTierSet().Add(Tier.Small, small).Add(Tier.Large, large);
        using var router = new TierRoutingChatClient(small, tiers);

        List<string> parts = await StreamingUpdates.Collect(router.GetStreamingResponseAsync(Msgs.User("q"), new ChatOptions().WithTier(Tier.Large)));

        Assert.Equal("large", string.Concat(parts));
        Assert.Equal(1, large.Calls);
        Assert.Equal(0, small.Calls);
    }

    [Fact]
    public void ArgumentErrors_NameTheParameter()
    {
        Assert.Equal("client", Assert.Throws<ArgumentNullException>(() => new LlmTierSet().Add(Tier.Small, null!)).ParamName);
        Assert.Equal("tier", Assert.Throws<ArgumentOutOfRangeException>(() => new LlmTierSet().Add((Tier)9, new FakeChatClient())).ParamName);
        Assert.Equal("tiers", Assert.Throws<ArgumentNullException>(() => new TierRoutingChatClient(new FakeChatClient(), null!)).ParamName);
        Assert.Equal("messages", Assert.ThrowsAsync<ArgumentNullException>(() => new RuleBasedRouter().RouteAsync(null!, null, default).AsTask()).Result.ParamName);
        Assert.Equal("builder", Assert.Throws<ArgumentNullException>(() => TierRoutingChatClientBuilderExtensions.UseTierRouting(null!)).ParamName);
    }

    private sealed class LambdaRouter(Func<IEnumerable<ChatMessage>, ChatOptions?, Tier> route) : IRouter
    {
        public ValueTask<Tier> RouteAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken) => new(route(messages, options));
    }
}
