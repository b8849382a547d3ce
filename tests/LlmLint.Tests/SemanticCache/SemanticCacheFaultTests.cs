using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.SemanticCache;
using LlmLint.Tests.Caching;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmLint.Tests.SemanticCache;

/// <summary>Every fault of the semantic cache is a counted bypass: unreadable rows, slow or blocking stores, cut streams, lost or corrupt files.</summary>
public sealed class SemanticCacheFaultTests : IDisposable
{
    private const string Question = "How do I reset my password";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-semantic-faults-" + Guid.NewGuid().ToString("N"));

    public SemanticCacheFaultTests() => Directory.CreateDirectory(_dir);

    public static TheoryData<string, string> UnreadableRows => new()
    {
        { "short vector", "UPDATE llmlint_semantic_cache SET embedding = zeroblob(100)" },
        { "zero vector", "UPDATE llmlint_semantic_cache SET embedding = zeroblob(2048)" },
        { "whitespace role", """UPDATE llmlint_semantic_cache SET payload = CAST('{"messages":[{"role":" ","contents":[{"$type":"text","text":"hi"}]}]}' AS BLOB)""" },
        { "empty finish reason", """UPDATE llmlint_semantic_cache SET payload = CAST('{"messages":[{"role":"assistant","contents":[{"$type":"text","text":"hi"}]}],"finishReason":""}' AS BLOB)""" },
        { "empty payload", "UPDATE llmlint_semantic_cache SET payload = x''" },
        { "empty object", "UPDATE llmlint_semantic_cache SET payload = CAST('{}' AS BLOB)" },
    };

    [Theory]
    [MemberData(nameof(UnreadableRows))]
    public async Task Unreadable_row_is_skipped_counted_and_evicted(string kind, string corruption)
    {
        string path = Path.Combine(_dir, "rows.db");
        using (var first = new SqliteSemanticCacheStore($"Data Source={path}"))
        {
            await Client(first, new FakeChatClient()).GetResponseAsync(Question, For("acme"));
        }

        Execute(path, corruption);
        var inner = new FakeChatClient();
        using (var reopened = new SqliteSemanticCacheStore($"Data Source={path}"))
        {
            SemanticCachingChatClient client = Client(reopened, inner);
            ChatResponse response = await client.GetResponseAsync(Question, For("acme"));
            Assert.True(response.Text == "answer 1", kind);
            Assert.Equal(1, client.Statistics.UnreadableEntries + reopened.UnreadableEntries); // payloads are read by the client, rows by the store
            ChatResponse again = await client.GetResponseAsync(Question, For("acme"));
            Assert.Equal("answer 1", again.Text);
        }

        Assert.Equal(1, inner.Calls);
        using var third = new SqliteSemanticCacheStore($"Data Source={path}");
        var thirdInner = new FakeChatClient();
        Assert.Equal("answer 1", (await Client(third, thirdInner).GetResponseAsync(Question, For("acme"))).Text);
        Assert.Equal(0, thirdInner.Calls);
    }

    [Fact]
    public async Task Empty_object_payload_is_never_served_from_memory()
    {
        var store = new EmptyPayloadStore();
        var inner = new FakeChatClient();
        SemanticCachingChatClient client = Client(store, inner);

        await client.GetResponseAsync(Question, For("acme"));
        ChatResponse response = await client.GetResponseAsync(Question, For("acme"));

        Assert.Equal("answer 2", response.Text);
        Assert.Equal(1, client.Statistics.UnreadableEntries);
        Assert.Equal(0, client.Statistics.Hits);
    }

    [Fact]
    public async Task Stream_that_ends_without_a_finish_reason_is_not_cached()
    {
        var inner = new StreamingChatClient();
        SemanticCachingChatClient client = Client(new InMemorySemanticCacheStore(), inner);
        for (int i = 0; i < 2; i++)
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Question, For("acme")))
            {
            }
        }

        Assert.Equal(2, inner.Calls);
        Assert.Equal(0, client.Statistics.Stored);
    }

    [Fact]
    public async Task Hanging_store_costs_at_most_one_timeout_per_call()
    {
        // A timeout long against scheduling noise on a loaded machine: one timeout is 3 s, two would be 6 s.
        SemanticCachingChatClient client = Client(new BrokenStore { Hang = true }, new FakeChatClient(), timeout: TimeSpan.FromSeconds(3));

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Question, For("acme"));

        Assert.Equal("answer 1", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 5500, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.Statistics.Bypasses >= 1);
    }

    [Fact]
    public async Task Store_that_blocks_synchronously_is_bypassed_after_the_timeout()
    {
        // The store blocks until the test ends (at most 20 s); the bound separates "bypassed" from "waited for the store",
        // wide against a loaded machine's thread-pool delays.
        using var store = new BlockingSemanticStore(TimeSpan.FromSeconds(20));
        SemanticCachingChatClient client = Client(store, new FakeChatClient(), timeout: TimeSpan.FromMilliseconds(200));

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Question, For("acme"));

        Assert.Equal("answer 1", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 8000, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.Statistics.Bypasses >= 1);
    }

    [Fact]
    public async Task Locked_sqlite_database_is_bypassed_within_the_bound()
    {
        string path = Path.Combine(_dir, "locked.db");
        using var store = new SqliteSemanticCacheStore($"Data Source={path}");
        using SqliteConnection locker = ExactCacheFaultTests.LockForWriting(path, "DELETE FROM llmlint_semantic_cache_tags");
        SemanticCachingChatClient client = Client(store, new FakeChatClient(), timeout: TimeSpan.FromMilliseconds(250));

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Question, For("acme"));

        Assert.Equal("answer 1", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 2500, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.Statistics.Bypasses >= 1, $"bypasses {client.Statistics.Bypasses}, stored {client.Statistics.Stored}, took {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Deleted_sqlite_file_is_recreated_and_counted()
    {
        string path = Path.Combine(_dir, "deleted.db");
        using (var store = new SqliteSemanticCacheStore($"Data Source={path}"))
        {
            SemanticCachingChatClient client = Client(store, new FakeChatClient());
            await client.GetResponseAsync("What are your opening hours", For("acme"));
            ExactCacheFaultTests.DeleteDatabase(path);
            await client.GetResponseAsync(Question, For("acme"));
            Assert.Equal(1, store.Recoveries);
        }

        SqliteConnection.ClearAllPools();
        using var reopened = new SqliteSemanticCacheStore($"Data Source={path}");
        var inner = new FakeChatClient();
        await Client(reopened, inner).GetResponseAsync(Question, For("acme"));
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task Corrupt_sqlite_file_at_start_up_does_not_stop_the_app()
    {
        string path = Path.Combine(_dir, "corrupt.db");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes(new string('x', 8192)));
        var logger = new ListLogger();

        using var store = new SqliteSemanticCacheStore($"Data Source={path}", logger: logger);
        SemanticCachingChatClient client = Client(store, new FakeChatClient());
        ChatResponse response = await client.GetResponseAsync(Question, For("acme"));

        Assert.Equal("answer 1", response.Text);
        Assert.True(client.Statistics.Bypasses >= 1);
        Assert.Contains(logger.Lines, l => l.Contains("corrupt.db", StringComparison.Ordinal) && l.Contains("bypass", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sqlite_file_is_created_private_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        string path = Path.Combine(_dir, "mode.db");
        using var store = new SqliteSemanticCacheStore($"Data Source={path}");
        await store.AddAsync(new SemanticPartition("a", "f", "t"), "q", FakeEmbeddingGenerator.Embed("q"), new byte[] { 1 });
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public async Task Tag_with_a_newline_is_rejected_before_the_model_is_called()
    {
        var inner = new FakeChatClient();
        SemanticCachingChatClient client = Client(new InMemorySemanticCacheStore(), inner);
        ChatOptions options = For("acme");
        options.AdditionalProperties![SemanticCacheOptions.TagsProperty] = new[] { "doc:a\nb" };

        ArgumentException error = await Assert.ThrowsAnyAsync<ArgumentException>(() => client.GetResponseAsync(Question, options));

        Assert.Contains("doc:a\\nb", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, inner.Calls);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal static ChatOptions For(string tenant) => new()
    {
        ModelId = "gpt-4o-mini",
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [SemanticCacheOptions.TenantProperty] = tenant,
            [SemanticCacheOptions.FunctionProperty] = "Faq.Answer#t1",
        },
    };

    private static SemanticCachingChatClient Client(ISemanticCacheStore store, IChatClient inner, TimeSpan? timeout = null)
    {
        return SemanticCachingChatClient.Create(inner, new FakeEmbeddingGenerator(), store, o =>
        {
            o.Threshold = 0.75f;
            o.StoreTimeout = timeout ?? TimeSpan.FromSeconds(5);
        });
    }

    private static void Execute(string path, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, command.ExecuteNonQuery());
    }

    /// <summary>A model whose stream stops without a finish reason.</summary>
    private sealed class StreamingChatClient : IChatClient
    {
        public int Calls { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
            => throw new NotSupportedException();

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ExactCacheFaultTests.CutStream();
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A store whose calls block the calling thread before completing.</summary>
    /// <summary>A store whose calls block their thread until it is disposed or <paramref name="limit"/> has passed.</summary>
    private sealed class BlockingSemanticStore(TimeSpan limit) : ISemanticCacheStore, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();

        public void Dispose() => _released.Set();

        public int Dimensions => FakeEmbeddingGenerator.Dimensions;

        public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
            => Block(1L);

        public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
            => Block<IReadOnlyList<SemanticSearchResult>>(Array.Empty<SemanticSearchResult>());

        public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default) => Block(false);

        public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default) => Block(0);

        public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default) => Block(0);

        public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default) => Block(0);

        private ValueTask<T> Block<T>(T value)
        {
            _released.Wait(limit);
            return new ValueTask<T>(value);
        }
    }

    /// <summary>An in-memory store that keeps <c>{}</c> instead of every payload it is given.</summary>
    private sealed class EmptyPayloadStore : ISemanticCacheStore
    {
        private readonly InMemorySemanticCacheStore _inner = new();

        public int Dimensions => _inner.Dimensions;

        public ValueTask<long> AddAsync(SemanticPartition partition, string keyText, ReadOnlyMemory<float> vector, ReadOnlyMemory<byte> payload, IReadOnlyCollection<string>? tags = null, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
            => _inner.AddAsync(partition, keyText, vector, Encoding.UTF8.GetBytes("{}"), tags, expiresAt, cancellationToken);

        public ValueTask<IReadOnlyList<SemanticSearchResult>> SearchAsync(SemanticPartition partition, ReadOnlyMemory<float> vector, float threshold, int k, CancellationToken cancellationToken = default)
            => _inner.SearchAsync(partition, vector, threshold, k, cancellationToken);

        public ValueTask<bool> DeleteAsync(SemanticPartition partition, long id, CancellationToken cancellationToken = default) => _inner.DeleteAsync(partition, id, cancellationToken);

        public ValueTask<int> InvalidateTagAsync(string tag, CancellationToken cancellationToken = default) => _inner.InvalidateTagAsync(tag, cancellationToken);

        public ValueTask<int> InvalidatePartitionAsync(SemanticPartition partition, CancellationToken cancellationToken = default) => _inner.InvalidatePartitionAsync(partition, cancellationToken);

        public ValueTask<int> SweepExpiredAsync(CancellationToken cancellationToken = default) => _inner.SweepExpiredAsync(cancellationToken);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines)
            {
                Lines.Add(formatter(state, exception));
            }
        }
    }
}
