using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

public class SemanticCachingChatClientTests
{
    private static ChatOptions For(string tenant, string function = "Faq.Answer#t1") => new()
    {
        ModelId = "gpt-4o-mini",
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [SemanticCacheOptions.TenantProperty] = tenant,
            [SemanticCacheOptions.FunctionProperty] = function,
        },
    };

    private static (SemanticCachingChatClient Client, FakeChatClient Inner, FakeEmbeddingGenerator Embedder) Create(Action<SemanticCacheOptions>? configure = null, ISemanticCacheStore? store = null)
    {
        var inner = new FakeChatClient();
        var embedder = new FakeEmbeddingGenerator();
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, embedder, store, o =>
        {
            o.Threshold = 0.75f;
            configure?.Invoke(o);
        });
        return (client, inner, embedder);
    }

    [Fact]
    public async Task Paraphrase_hits_with_similarity_and_verdict()
    {
        var (client, inner, _) = Create();
        ChatResponse first = await client.GetResponseAsync("How do I reset my password", For("acme"));
        ChatResponse second = await client.GetResponseAsync("how can I reset my password?", For("acme"));
        Assert.Equal(1, inner.Calls);
        Assert.Equal(first.Text, second.Text);
        Assert.IsType<float>(second.AdditionalProperties![SemanticCacheOptions.SimilarityProperty]);
        Assert.Equal("Accepted", second.AdditionalProperties[SemanticCacheOptions.VerdictProperty]);
        Assert.Equal(1, client.Statistics.Hits);
        Assert.Equal(1, client.Statistics.Stored);
    }

    [Fact]
    public async Task Guard_rejects_a_close_question_that_differs_in_a_key_term()
    {
        var (client, inner, _) = Create(o => o.Threshold = 0.5f);
        await client.GetResponseAsync("How do I reset my password", For("acme"));
        ChatResponse other = await client.GetResponseAsync("How do I reset my router", For("acme"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal("answer 2", other.Text);
        Assert.True(client.Statistics.GuardRejections >= 1);
    }

    [Fact]
    public async Task Without_guard_the_same_close_question_hits()
    {
        var (client, inner, _) = Create(o => { o.Threshold = 0.5f; o.Verifier = null; });
        await client.GetResponseAsync("How do I reset my password", For("acme"));
        ChatResponse other = await client.GetResponseAsync("How do I reset my router", For("acme"));
        Assert.Equal(1, inner.Calls);
        Assert.Equal("NotChecked", other.AdditionalProperties![SemanticCacheOptions.VerdictProperty]);
    }

    [Fact]
    public async Task Answers_never_cross_tenants_functions_or_models()
    {
        var (client, inner, _) = Create();
        await client.GetResponseAsync("How do I reset my password", For("acme"));
        await client.GetResponseAsync("How do I reset my password", For("globex"));
        await client.GetResponseAsync("How do I reset my password", For("acme", "Other.Function#t1"));
        ChatOptions large = For("acme");
        large.ModelId = "gpt-4o";
        await client.GetResponseAsync("How do I reset my password", large);
        Assert.Equal(4, inner.Calls);
        await client.GetResponseAsync("How do I reset my password", For("globex"));
        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task Calls_without_a_tenant_skip_the_cache()
    {
        var (client, inner, embedder) = Create();
        await client.GetResponseAsync("How do I reset my password");
        await client.GetResponseAsync("How do I reset my password");
        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, embedder.Calls);
        Assert.Equal(2, client.Statistics.Skipped);
    }

    [Fact]
    public async Task Default_tenant_and_explicit_key_text_are_used()
    {
        var (client, inner, _) = Create(o => o.DefaultTenant = "single");
        var options = new ChatOptions { AdditionalProperties = new() { [SemanticCacheOptions.SemanticKeyProperty] = "refund policy" } };
        await client.GetResponseAsync("Template text: refund policy for order 1", options);
        await client.GetResponseAsync("Template text: refund policy for order 2", options);
        Assert.Equal(1, inner.Calls);
    }

    [Theory]
    [InlineData("length")]
    [InlineData("content_filter")]
    [InlineData("tool_calls")]
    [InlineData("refusal")]
    public async Task Truncated_filtered_tool_call_and_refusal_answers_are_not_stored(string kind)
    {
        var (client, inner, _) = Create();
        inner.GetResponseAsyncCallback = (_, _, _) => Task.FromResult(kind switch
        {
            "length" => new ChatResponse(new ChatMessage(ChatRole.Assistant, "partial")) { FinishReason = ChatFinishReason.Length },
            "content_filter" => new ChatResponse(new ChatMessage(ChatRole.Assistant, "x")) { FinishReason = ChatFinishReason.ContentFilter },
            "tool_calls" => new ChatResponse(new ChatMessage(ChatRole.Assistant, new List<AIContent> { new FunctionCallContent("c1", "lookup") })) { FinishReason = ChatFinishReason.ToolCalls },
            _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "I'm sorry, but I can't help with that.")) { FinishReason = ChatFinishReason.Stop },
        });
        await client.GetResponseAsync("How do I reset my password", For("acme"));
        await client.GetResponseAsync("How do I reset my password", For("acme"));
        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, client.Statistics.Stored);
        Assert.Equal(2, client.Statistics.NotStored);
    }

    [Fact]
    public async Task Streaming_stores_and_replays()
    {
        var (client, inner, _) = Create();
        var first = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate u in client.GetStreamingResponseAsync("How do I reset my password", For("acme")))
        {
            first.Add(u);
        }

        var second = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate u in client.GetStreamingResponseAsync("How can I reset my password", For("acme")))
        {
            second.Add(u);
        }

        Assert.Equal(1, inner.Calls);
        Assert.Equal(first.ToChatResponse().Text, second.ToChatResponse().Text);
    }

    [Fact]
    public async Task Store_outage_is_bypassed_and_counted()
    {
        var broken = new BrokenStore();
        var (client, inner, _) = Create(store: broken);
        ChatResponse response = await client.GetResponseAsync("How do I reset my password", For("acme"));
        Assert.Equal("answer 1", response.Text);
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, client.Statistics.Bypasses); // the search; the add is not tried once the store failed in this call
        Assert.Equal(1, client.Store.Bypasses);
    }

    [Fact]
    public async Task Hanging_store_times_out_into_a_bypass()
    {
        var broken = new BrokenStore { Hang = true };
        var (client, inner, _) = Create(o => o.StoreTimeout = TimeSpan.FromMilliseconds(50), broken);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync("How do I reset my password", For("acme"));
        Assert.Equal("answer 1", response.Text);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal(1, client.Statistics.Bypasses);
    }

    [Fact]
    public async Task Embedder_failure_is_bypassed_and_counted()
    {
        var (client, inner, embedder) = Create();
        embedder.Failure = new InvalidOperationException("model not loaded");
        ChatResponse response = await client.GetResponseAsync("How do I reset my password", For("acme"));
        Assert.Equal("answer 1", response.Text);
        Assert.Equal(1, client.Statistics.Bypasses);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_swallowed()
    {
        // The store's own bound is far off, so only the caller's cancellation can end the wait (a late timer on a busy
        // machine must not let the store timeout win the race and turn the call into a bypass).
        var (client, _, _) = Create(o => o.StoreTimeout = TimeSpan.FromSeconds(25), new BrokenStore { Hang = true });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(20));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetResponseAsync("q", For("acme"), cts.Token));
    }

    [Fact]
    public void Constructor_arguments_are_checked()
    {
        var inner = new FakeChatClient();
        var embedder = new FakeEmbeddingGenerator();
        var store = new InMemorySemanticCacheStore();
        Assert.Equal("generator", Assert.Throws<ArgumentNullException>(() => new SemanticCachingChatClient(inner, null!, store)).ParamName);
        Assert.Equal("store", Assert.Throws<ArgumentNullException>(() => new SemanticCachingChatClient(inner, embedder, null!)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new SemanticCachingChatClient(inner, embedder, store, new SemanticCacheOptions { Threshold = 2 })).ParamName);
        var client = new SemanticCachingChatClient(inner, embedder, store);
        Assert.Same(client, client.GetService(typeof(SemanticCachingChatClient)));
        Assert.Same(client.Store, client.GetService(typeof(ISemanticCacheStore)));
    }

    [Fact]
    public async Task Caller_options_are_not_mutated_and_reach_the_inner_client()
    {
        var (client, inner, _) = Create();
        ChatOptions options = For("acme");
        int before = options.AdditionalProperties!.Count;
        ChatOptions? seen = null;
        inner.GetResponseAsyncCallback = (_, o, _) =>
        {
            seen = o;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { FinishReason = ChatFinishReason.Stop });
        };
        await client.GetResponseAsync("How do I reset my password", options);
        Assert.Same(options, seen);
        Assert.Equal(before, options.AdditionalProperties.Count);
    }
}
