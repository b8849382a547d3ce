using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace LlmLint.Tests.SemanticCache;

/// <summary>Concurrent misses of one question make one upstream call, and the store never keeps two answers to one key text.</summary>
public sealed class SemanticSingleFlightTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Ten_identical_concurrent_misses_make_one_upstream_call_then_hit()
    {
        var model = new CountingModel(TimeSpan.FromMilliseconds(200));
        SemanticCachingChatClient client = Client(new InMemorySemanticCacheStore(), model);

        ChatResponse[] concurrent = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => client.GetResponseAsync(i % 2 == 0 ? "How do I reset my password?" : "how do I reset my  password", SemanticCacheFaultTests.For("acme"))));
        Assert.Equal(1, model.Calls);
        Assert.All(concurrent, r => Assert.Equal("answer 1", r.Text));

        for (int i = 0; i < 10; i++)
        {
            Assert.Equal("answer 1", (await client.GetResponseAsync("How do I reset my password?", SemanticCacheFaultTests.For("acme"))).Text);
        }

        Assert.Equal(1, model.Calls);
        Assert.True(client.Statistics.Hits >= 10);
        Assert.Equal(1, client.Statistics.Stored);
    }

    [Fact]
    public async Task Follower_of_a_truncated_answer_is_not_a_hit()
    {
        var model = new CountingModel(TimeSpan.FromMilliseconds(200), ChatFinishReason.Length);
        SemanticCachingChatClient client = Client(new InMemorySemanticCacheStore(), model);

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetResponseAsync("Write the long report", SemanticCacheFaultTests.For("acme"))));

        Assert.All(responses, r => Assert.False(r.AdditionalProperties?.ContainsKey(SemanticCacheOptions.SimilarityProperty) == true || r.IsCacheHit()));
        Assert.Equal(0, client.Statistics.Hits);
    }

    [Fact]
    public async Task Second_round_under_load_makes_no_more_upstream_calls_in_memory()
        => await LoadRounds(new InMemorySemanticCacheStore(), "in memory");

    [Fact]
    public async Task Second_round_under_load_makes_no_more_upstream_calls_on_sqlite()
    {
        string path = Path.Combine(Path.GetTempPath(), $"llmlint-load-{Guid.NewGuid():N}.db");
        try
        {
            using var store = new SqliteSemanticCacheStore($"Data Source={path}");
            await LoadRounds(store, "SQLite");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (string suffix in new[] { string.Empty, "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private async Task LoadRounds(ISemanticCacheStore store, string name)
    {
        // 2,000 requests over 50 questions, in two rounds of 1,000, 25 at a time; every upstream answer differs.
        var model = new CountingModel(TimeSpan.FromMilliseconds(2));
        SemanticCachingChatClient client = Client(store, model);
        string[] questions = Enumerable.Range(0, 50).Select(i => $"topic{i} widget{i * 31} gamma{i * 17} status").ToArray();
        var random = new Random(7);
        int[] Round() => Enumerable.Range(0, 1000).Select(i => i % 50).OrderBy(_ => random.Next()).ToArray();

        int before = model.Calls;
        await Parallel.ForEachAsync(Round(), new ParallelOptions { MaxDegreeOfParallelism = 25 }, async (q, ct) => await client.GetResponseAsync(questions[q], SemanticCacheFaultTests.For("acme"), ct));
        int first = model.Calls - before;
        await Parallel.ForEachAsync(Round(), new ParallelOptions { MaxDegreeOfParallelism = 25 }, async (q, ct) => await client.GetResponseAsync(questions[q], SemanticCacheFaultTests.For("acme"), ct));
        int second = model.Calls - before - first;

        output.WriteLine($"{name}: upstream calls first round {first}, second round {second}; hits {client.Statistics.Hits}, stored {client.Statistics.Stored}");
        Assert.True(second <= first, $"second round {second} > first round {first}");
        Assert.Equal(0, second);
        Assert.True(first <= 50 * 2, $"first round made {first} upstream calls for 50 questions");
    }

    private static SemanticCachingChatClient Client(ISemanticCacheStore store, IChatClient model)
        => SemanticCachingChatClient.Create(model, new FakeEmbeddingGenerator(), store, o =>
        {
            o.Threshold = 0.75f;
            o.StoreTimeout = TimeSpan.FromSeconds(10);
        });

    /// <summary>A thread-safe model that answers each call with a new text after a delay.</summary>
    private sealed class CountingModel(TimeSpan delay, ChatFinishReason? finish = null) : IChatClient
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            int n = Interlocked.Increment(ref _calls);
            await Task.Delay(delay, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "answer " + n)) { FinishReason = finish ?? ChatFinishReason.Stop };
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
