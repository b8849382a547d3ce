using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.LearnedRouting;
using LlmLint.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.LearnedRouting;

/// <summary><see cref="LearnedRouter"/> is the runtime's <see cref="IRouter"/>: it routes behind <c>UseTierRouting</c> and <c>AddLlmLint</c>.</summary>
public sealed class LearnedRouterTierRoutingTests
{
    [Fact]
    public async Task LearnedRouter_OverAnEmbeddingGenerator_RoutesHardQuestionsToTheStrongTier_InUseTierRouting()
    {
        var small = FakeChatClient.Answering("small");
        var large = FakeChatClient.Answering("large");
        IRouter router = new LearnedRouter(new FirstValueGap(), new KeywordEmbedder("prove"), threshold: 0.5);
        IChatClient client = new ChatClientBuilder(small)
            .UseTierRouting(new LlmTierSet().Add(Tier.Large, large, "gpt-4o"), router, innerTier: Tier.Small, innerModelId: "gpt-4o-mini")
            .Build();

        Assert.Equal("small", (await client.GetResponseAsync(Msgs.User("What are your opening hours?"))).Text);
        Assert.Equal("large", (await client.GetResponseAsync(Msgs.User("Prove that the sum of two even numbers is even."))).Text);
        // An explicit tier wins over the learned decision.
        Assert.Equal("small", (await client.GetResponseAsync(Msgs.User("Prove it."), new ChatOptions().WithTier(Tier.Small))).Text);
        Assert.Equal((2, 1), (small.Calls, large.Calls));
    }

    [Fact]
    public async Task LearnedRouter_RegisteredWithUseRouter_RoutesTheClientAddLlmLintRegisters()
    {
        var small = FakeChatClient.Answering("small");
        var large = FakeChatClient.Answering("large");
        var services = new ServiceCollection();
        services.AddLlmLint(llm => llm
            .AddTier(Tier.Small, small, "gpt-4o-mini")
            .AddTier(Tier.Large, large, "gpt-4o")
            .UseRouter(new LearnedRouter(new FirstValueGap(), new KeywordEmbedder("prove"), threshold: 0.5)));
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredService<IChatClient>();

        Assert.Equal("large", (await client.GetResponseAsync(Msgs.User("Prove the lemma."))).Text);
        Assert.Equal("small", (await client.GetResponseAsync(Msgs.User("Reset my password."))).Text);
    }

    [Fact]
    public void LearnedRouter_RejectsAMissingGenerator_ByName()
    {
        Assert.Equal("generator", Assert.Throws<ArgumentNullException>(() => new LearnedRouter(new FirstValueGap(), (IEmbeddingGenerator<string, Embedding<float>>)null!, 0.5)).ParamName);
    }

    /// <summary>A predictor whose quality gap is the first feature: the embedder below sets it for the keyword.</summary>
    private sealed class FirstValueGap : ILearnedRoutePredictor
    {
        public int Dimensions => 2;

        public double PredictWeakSuccess(ReadOnlySpan<float> features) => 1 - features[0];

        public double PredictQualityGap(ReadOnlySpan<float> features) => features[0];
    }

    /// <summary>Embeds a text as [1, 0] when it contains the keyword, else [0, 1].</summary>
    private sealed class KeywordEmbedder(string keyword) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v =>
                new Embedding<float>(v.Contains(keyword, StringComparison.OrdinalIgnoreCase) ? new[] { 1f, 0f } : new[] { 0f, 1f }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
