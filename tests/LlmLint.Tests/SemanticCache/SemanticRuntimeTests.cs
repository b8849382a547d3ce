using System;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.SemanticCache;

public class SemanticRuntimeTests
{
    private static readonly LlmResultParser<int> IntParser = (string text, out int value, out string? error) =>
    {
        bool ok = int.TryParse(text, out value);
        error = ok ? null : "not a number";
        return ok;
    };

    private static LlmFunctionRequest Request(string question, bool semantic = true, string function = "Faq.Answer") => new()
    {
        FunctionId = function,
        TemplateHash = "h1",
        Messages = Msgs.User("Answer with a number: " + question),
        Cache = new LlmCachePolicy { Semantic = semantic, Threshold = 0.75, Ttl = TimeSpan.FromMinutes(5) },
        CacheKey = question,
        SemanticKeyText = question,
    };

    private static (ServiceProvider Services, LlmRuntime Runtime, FakeEmbeddingGenerator Embedder) Build(FakeChatClient small, Func<string?> tenant, ISemanticCacheStore? store = null)
    {
        var embedder = new FakeEmbeddingGenerator();
        var services = new ServiceCollection();
        services.AddLlmLint(b => b
            .AddTier(Tier.Small, small, "gpt-4o-mini")
            .UseTenantProvider(tenant)
            .AddSemanticCache(o => o.StoreTimeout = TimeSpan.FromSeconds(5), store, embedder));
        ServiceProvider sp = services.BuildServiceProvider();
        return (sp, sp.GetRequiredService<LlmRuntime>(), embedder);
    }

    [Fact]
    public async Task A_paraphrase_hits_and_a_different_question_misses()
    {
        var small = FakeChatClient.Answering("42");
        var (sp, runtime, _) = Build(small, () => "acme");
        using (sp)
        {
            Assert.Equal(42, await runtime.InvokeAsync(Request("How do I reset my password"), IntParser));
            Assert.Equal(42, await runtime.InvokeAsync(Request("how can I reset my password?"), IntParser));
            Assert.Equal(1, small.Calls);
            Assert.Equal(1, runtime.SemanticCache!.Statistics.Hits);

            await runtime.InvokeAsync(Request("What is the weather in Paris today"), IntParser);
            Assert.Equal(2, small.Calls);
            Assert.Equal(1, runtime.SemanticCache.Statistics.Hits);
        }
    }

    [Fact]
    public async Task An_exact_repeat_is_answered_by_the_exact_cache_before_the_semantic_search()
    {
        var small = FakeChatClient.Answering("42");
        var (sp, runtime, embedder) = Build(small, () => "acme");
        using (sp)
        {
            await runtime.InvokeAsync(Request("How do I reset my password"), IntParser);
            int embeddings = embedder.Calls;
            await runtime.InvokeAsync(Request("How do I reset my password"), IntParser);
            Assert.Equal(1, small.Calls);
            Assert.Equal(embeddings, embedder.Calls);
        }
    }

    [Fact]
    public async Task A_cached_answer_never_crosses_a_tenant_or_a_function()
    {
        var small = FakeChatClient.Answering("42");
        string tenant = "acme";
        var (sp, runtime, _) = Build(small, () => tenant);
        using (sp)
        {
            await runtime.InvokeAsync(Request("How do I reset my password"), IntParser);
            tenant = "globex";
            await runtime.InvokeAsync(Request("how can I reset my password?"), IntParser);
            Assert.Equal(2, small.Calls);
            await runtime.InvokeAsync(Request("how can I reset my password please", function: "Other.Function"), IntParser);
            Assert.Equal(3, small.Calls);
            Assert.Equal(0, runtime.SemanticCache!.Statistics.Hits);
        }
    }

    [Fact]
    public async Task A_store_outage_is_a_counted_bypass_and_the_call_succeeds()
    {
        var small = FakeChatClient.Answering("42");
        var (sp, runtime, _) = Build(small, () => "acme", new LlmLint.Tests.SemanticCache.BrokenStore());
        using (sp)
        {
            Assert.Equal(42, await runtime.InvokeAsync(Request("How do I reset my password"), IntParser));
            Assert.Equal(42, await runtime.InvokeAsync(Request("how can I reset my password?"), IntParser));
            Assert.Equal(2, small.Calls);
            Assert.True(runtime.SemanticCache!.Statistics.Bypasses >= 2);
        }
    }

    [Fact]
    public async Task Rejected_answers_are_not_stored_and_calls_without_the_semantic_policy_skip_it()
    {
        var small = FakeChatClient.Answering("not a number");
        var (sp, runtime, embedder) = Build(small, () => "acme");
        using (sp)
        {
            await Assert.ThrowsAsync<LlmResultValidationException>(() => runtime.InvokeAsync(Request("How do I reset my password"), IntParser));
            Assert.Equal(0, runtime.SemanticCache!.Statistics.Stored);
            Assert.Equal(1, runtime.SemanticCache.Statistics.NotStored);

            int embeddings = embedder.Calls;
            await Assert.ThrowsAsync<LlmResultValidationException>(() => runtime.InvokeAsync(Request("Something else entirely", semantic: false), IntParser));
            Assert.Equal(embeddings, embedder.Calls);
        }
    }

    [Fact]
    public async Task UseSemanticCache_resolves_the_generator_and_store_from_services_and_marks_hits()
    {
        var inner = FakeChatClient.Answering("Use the reset link.");
        var embedder = new FakeEmbeddingGenerator();
        var store = new InMemorySemanticCacheStore();
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(embedder);
        services.AddSingleton<ISemanticCacheStore>(store);
        using ServiceProvider sp = services.BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(inner).UseSemanticCache(configure: o => { o.Threshold = 0.75f; o.DefaultTenant = "acme"; }).Build(sp);

        await client.GetResponseAsync(Msgs.User("How do I reset my password"));
        ChatResponse hit = await client.GetResponseAsync(Msgs.User("how can I reset my password?"));

        Assert.Equal(1, inner.Calls);
        Assert.True(embedder.Calls >= 2);
        Assert.IsType<float>(hit.AdditionalProperties![SemanticCacheOptions.SimilarityProperty]);
        Assert.Equal("Accepted", hit.AdditionalProperties[SemanticCacheOptions.VerdictProperty]);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Answer_consensus_misses_when_close_neighbours_hold_different_answers()
    {
        int n = 0;
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(FakeChatClient.Response("answer " + (++n))) };
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), configure: o =>
        {
            o.Threshold = 0.5f;
            o.Verifier = null;
            o.DefaultTenant = "acme";

            // One fixed margin: the two stored answers are distinct, and their similarities to the query differ by chance.
            o.DistinctAnswersMargin = o.ConsensusMargin;
        });

        var strict = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { [SemanticCacheOptions.ThresholdProperty] = 0.999f } };
        await client.GetResponseAsync(Msgs.User("card payment declined at the shop"), strict);
        await client.GetResponseAsync(Msgs.User("card payment reverted at the shop"), strict);
        Assert.Equal(2, client.Statistics.Stored);
        ChatResponse ambiguous = await client.GetResponseAsync(Msgs.User("card payment at the shop"));

        Assert.Equal(3, inner.Calls);
        Assert.Equal("answer 3", ambiguous.Text);
        Assert.True(client.Statistics.GuardRejections >= 1);
    }
}
