using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.SemanticCache;

/// <summary>Concurrent identical streaming misses make one upstream call; a stream cut without a finish reason is neither stored nor shared.</summary>
public sealed class SemanticStreamingSingleFlightTests
{
    [Fact]
    public async Task Concurrent_identical_streaming_misses_make_one_upstream_call()
    {
        var model = new StreamingModel(TimeSpan.FromMilliseconds(40), finished: true);
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(model, new FakeEmbeddingGenerator(), configure: o => o.Threshold = 0.75f);

        (string Text, bool Hit)[] results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Stream(client, "How do I reset my password?")));

        Assert.Equal(1, model.Calls);
        Assert.All(results, r => Assert.Equal("answer 1 in parts", r.Text));
        Assert.Equal(5, results.Count(r => r.Hit)); // the followers got the completed answer as a hit
        Assert.Equal(1, client.Statistics.Stored);

        // A later streaming call is a plain hit; a non-streaming caller shares the same entry.
        Assert.Equal(("answer 1 in parts", true), await Stream(client, "how do I reset my password"));
        Assert.Equal(1, model.Calls);
    }

    [Fact]
    public async Task A_stream_without_a_finish_reason_is_not_stored_and_followers_ask_on_their_own()
    {
        var model = new StreamingModel(TimeSpan.FromMilliseconds(40), finished: false);
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(model, new FakeEmbeddingGenerator(), configure: o => o.Threshold = 0.75f);

        (string Text, bool Hit)[] results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Stream(client, "Write the long report")));

        Assert.All(results, r => Assert.False(r.Hit));
        Assert.Equal(3, model.Calls);
        Assert.Equal(0, client.Statistics.Stored);
        Assert.Equal(0, client.Statistics.Hits);
        Assert.Equal(1, client.Statistics.NotStored); // the leader's cut stream; followers stream their own miss without storing it

        await Stream(client, "Write the long report");
        Assert.Equal(4, model.Calls); // nothing cut was cached
    }

    [Fact]
    public async Task A_leader_whose_stream_fails_leaves_followers_to_ask_on_their_own()
    {
        var model = new StreamingModel(TimeSpan.FromMilliseconds(40), finished: true) { FailFirst = true };
        SemanticCachingChatClient client = SemanticCachingChatClient.Create(model, new FakeEmbeddingGenerator(), configure: o => o.Threshold = 0.75f);

        Task<(string, bool)> leader = Stream(client, "What are your opening hours");
        await Task.Delay(10);
        Task<(string, bool)> follower = Stream(client, "What are your opening hours");

        await Assert.ThrowsAsync<InvalidOperationException>(() => leader);
        (string text, bool hit) = await follower;
        Assert.False(hit);
        Assert.Equal("answer 2 in parts", text);
        Assert.Equal(2, model.Calls);
    }

    private static async Task<(string Text, bool Hit)> Stream(SemanticCachingChatClient client, string question)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(question, SemanticCacheFaultTests.For("acme")))
        {
            updates.Add(update);
        }

        ChatResponse response = updates.ToChatResponse();
        bool hit = updates.Any(u => u.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true)
                   || response.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true;
        return (response.Text, hit);
    }

    private sealed class StreamingModel(TimeSpan delay, bool finished) : IChatClient
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public bool FailFirst { get; init; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            int n = Interlocked.Increment(ref _calls);
            foreach (string part in new[] { "answer ", n + " ", "in ", "parts" })
            {
                await Task.Delay(delay, cancellationToken);
                if (FailFirst && n == 1)
                {
                    throw new InvalidOperationException("the stream broke");
                }

                yield return new ChatResponseUpdate(ChatRole.Assistant, part);
            }

            if (finished)
            {
                yield return new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = ChatFinishReason.Stop };
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
