using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Embeddings;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

/// <summary>Everything that changes the answer is part of the semantic key or partition.</summary>
public sealed class SemanticKeyTests
{
    private static readonly AITool Weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather");

    [Fact]
    public async Task Conversations_that_differ_before_the_last_turn_do_not_share()
    {
        var (client, inner) = Create();
        List<ChatMessage> Conversation(string environment) =>
        [
            new(ChatRole.User, $"Drop the unused tables in the {environment} database."),
            new(ChatRole.Assistant, $"This will drop 14 tables in {environment}. Shall I proceed?"),
            new(ChatRole.User, "Yes, go ahead."),
        ];

        ChatResponse staging = await client.GetResponseAsync(Conversation("staging"), For());
        ChatResponse production = await client.GetResponseAsync(Conversation("production"), For());
        ChatResponse stagingAgain = await client.GetResponseAsync(Conversation("staging"), For());

        Assert.Equal(2, inner.Calls);
        Assert.NotEqual(staging.Text, production.Text);
        Assert.Equal(staging.Text, stagingAgain.Text);
    }

    [Fact]
    public async Task Instructions_and_system_prompt_are_keyed_even_with_a_function_id()
    {
        var (client, inner) = Create();
        ChatOptions french = For();
        french.Instructions = "Answer in French.";
        ChatOptions german = For();
        german.Instructions = "Answer in German.";
        await client.GetResponseAsync("What are your opening hours?", french);
        await client.GetResponseAsync("What are your opening hours?", german);
        await client.GetResponseAsync([new(ChatRole.System, "Be terse."), new(ChatRole.User, "What are your opening hours?")], For());
        await client.GetResponseAsync([new(ChatRole.System, "Be verbose."), new(ChatRole.User, "What are your opening hours?")], For());

        Assert.Equal(4, inner.Calls);
    }

    [Fact]
    public async Task Response_format_is_keyed()
    {
        var (client, inner) = Create();
        ChatOptions text = For();
        text.ResponseFormat = ChatResponseFormat.Text;
        ChatOptions schema = For();
        schema.ResponseFormat = ChatResponseFormat.ForJsonSchema(JsonDocument.Parse("""{"type":"object","properties":{"temp":{"type":"number"}}}""").RootElement, "weather");
        await client.GetResponseAsync("What is the weather in Paris?", text);
        await client.GetResponseAsync("What is the weather in Paris?", schema);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Tools_and_tool_mode_are_keyed()
    {
        var (client, inner) = Create();
        ChatOptions tools = For();
        tools.Tools = [Weather];
        ChatOptions required = For();
        required.Tools = [Weather];
        required.ToolMode = ChatToolMode.RequireAny;
        await client.GetResponseAsync("What is the weather in Paris?", For());
        await client.GetResponseAsync("What is the weather in Paris?", tools);
        await client.GetResponseAsync("What is the weather in Paris?", required);

        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Temperature_class_is_keyed()
    {
        var (client, inner) = Create();
        await client.GetResponseAsync("Write a slogan for our bakery", For(temperature: 0f));
        await client.GetResponseAsync("Write a slogan for our bakery", For(temperature: 1.5f));
        Assert.Equal(2, inner.Calls);

        await client.GetResponseAsync("Summarise the refund policy", For(temperature: 0.2f));
        await client.GetResponseAsync("Summarise the refund policy", For(temperature: 0.5f));
        Assert.Equal(3, inner.Calls); // same class (0, 0.7]
    }

    [Fact]
    public async Task Text_beyond_the_embedding_window_is_compared()
    {
        var inner = new FakeChatClient();
        var embedder = new WindowedEmbeddingGenerator(128);
        // The key alone must keep them apart: no verifier, and the cosine-only threshold of the earlier default (the shipped
        // 0.65 relies on the verifier; with this fake embedder the two final questions score between the two).
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, embedder, null, o => { o.Verifier = null; o.Threshold = 0.77f; });
        string context = string.Join(' ', Enumerable.Range(0, 160).Select(i => $"Line {i} of the customer history."));

        // The same long context, different final questions.
        await client.GetResponseAsync(context + " Given all this, should we refund the order?", For());
        await client.GetResponseAsync(context + " Given all this, should we cancel the account?", For());
        Assert.Equal(2, inner.Calls);

        // The same final question after contexts that differ only where the embedding window does not reach.
        await client.GetResponseAsync("The customer is banned. " + context + " Given all this, should we refund the order?", For());
        Assert.Equal(3, inner.Calls);

        // The same long prompt again, and a paraphrase of its question, are hits.
        await client.GetResponseAsync(context + " Given all this, should we refund the order?", For());
        await client.GetResponseAsync(context + " Given all this, should we refund the order then?", For());
        Assert.Equal(3, inner.Calls);
        Assert.All(embedder.Inputs, text => Assert.True(WindowedEmbeddingGenerator.Words(text) <= 128, $"{WindowedEmbeddingGenerator.Words(text)} words embedded"));
    }

    [Fact]
    public void A_word_window_the_model_cannot_read_whole_shrinks_until_it_can()
    {
        // 60 words, but serial numbers split into many tokens each: the last sentence alone is past USE-lite's 128 tokens,
        // and the model would drop its end, where the question differs.
        LocalEmbeddingGenerator model = LocalEmbeddingGenerator.Default;
        string serials = string.Join(' ', Enumerable.Range(0, 56).Select(i => $"X{i * 7919 % 9973:x}Q{i * 104729 % 65521:x}"));
        string refund = "Units " + serials + " failed: refund them?";
        string replace = "Units " + serials + " failed: replace them?";
        Assert.False(model.FitsWindow(refund));
        Assert.Equal(model.Tokenize(refund), model.Tokenize(replace)); // cut at the window, the two look the same

        (string head, string embedded) = SemanticRequestKey.Split(refund, 96, model.FitsWindow);
        (string otherHead, string otherEmbedded) = SemanticRequestKey.Split(replace, 96, model.FitsWindow);

        Assert.True(model.FitsWindow(embedded), $"{model.Tokenize(embedded).Length} tokens embedded");
        Assert.EndsWith("refund them?", embedded, StringComparison.Ordinal);
        Assert.EndsWith("replace them?", otherEmbedded, StringComparison.Ordinal);
        Assert.Equal(refund, head + embedded); // nothing of the prompt is left out
        Assert.Equal(head, otherHead); // the serials that did not fit must match exactly
        Assert.Equal(("", "short question?"), SemanticRequestKey.Split("short question?", 96, model.FitsWindow));
    }

    private static (SemanticCachingChatClient Client, FakeChatClient Inner) Create()
    {
        var inner = new FakeChatClient();
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), null, o => o.Threshold = 0.75f);
        return (client, inner);
    }

    private static ChatOptions For(float? temperature = null) => new()
    {
        ModelId = "gpt-4o-mini",
        Temperature = temperature,
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [SemanticCacheOptions.TenantProperty] = "acme",
            [SemanticCacheOptions.FunctionProperty] = "Support.Answer#t1",
        },
    };

    /// <summary>An embedder that, like USE-lite, sees only the first <c>window</c> words of a text.</summary>
    private sealed class WindowedEmbeddingGenerator(int window) : IEmbeddingGenerator<string, Embedding<float>>
    {
        public List<string> Inputs { get; } = new();

        public static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (string value in values)
            {
                lock (Inputs)
                {
                    Inputs.Add(value);
                }

                result.Add(new Embedding<float>(FakeEmbeddingGenerator.Embed(string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(window)))));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
