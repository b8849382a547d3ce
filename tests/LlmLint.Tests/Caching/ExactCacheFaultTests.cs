using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Stores;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Caching;

/// <summary>Every fault of the exact cache is a counted bypass: unreadable entries, slow or blocking stores, cut streams, lost files.</summary>
public sealed class ExactCacheFaultTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-exact-faults-" + Guid.NewGuid().ToString("N"));

    public ExactCacheFaultTests() => Directory.CreateDirectory(_dir);

    public static TheoryData<string, string> UnreadablePayloads => new()
    {
        { "whitespace role", """{"messages":[{"role":" ","contents":[{"$type":"text","text":"hi"}]}]}""" },
        { "empty finish reason", """{"messages":[{"role":"assistant","contents":[{"$type":"text","text":"hi"}]}],"finishReason":""}""" },
        { "empty object", "{}" },
        { "empty payload", string.Empty },
        { "no text", """{"messages":[{"role":"assistant","contents":[]}]}""" },
    };

    [Theory]
    [MemberData(nameof(UnreadablePayloads))]
    public async Task Unreadable_entry_is_skipped_counted_and_replaced(string kind, string payload)
    {
        var store = new InMemoryLlmCacheStore();
        FakeChatClient inner = FakeChatClient.Answering("fresh");
        var client = new LlmLintCachingChatClient(inner, store);
        List<ChatMessage> messages = Msgs.User("what is our refund policy?");
        string key = client.GetCacheKey(messages, null);
        await store.SetAsync(key, Encoding.UTF8.GetBytes(payload), TimeSpan.FromHours(1));

        ChatResponse first = await client.GetResponseAsync(messages);
        ChatResponse second = await client.GetResponseAsync(messages);

        Assert.True(first.Text == "fresh", kind);
        Assert.Equal("fresh", second.Text);
        Assert.True(second.IsCacheHit());
        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, client.UnreadableEntries);
    }

    [Fact]
    public async Task Stream_that_ends_without_a_finish_reason_is_not_cached()
    {
        var inner = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => CutStream() };
        var client = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        List<ChatMessage> messages = Msgs.User("explain the outage");

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(messages))
        {
        }

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(messages))
        {
        }

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Follower_of_a_truncated_answer_is_not_a_cache_hit()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = async (_, _, _) =>
            {
                await release.Task;
                return FakeChatClient.Response("The answer is", finish: ChatFinishReason.Length);
            },
        };
        var client = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
        Task<ChatResponse> leader = client.GetResponseAsync(Msgs.User("long essay"));
        await WaitUntil(() => inner.Calls == 1);
        Task<ChatResponse> follower = client.GetResponseAsync(Msgs.User("long essay"));
        await Task.Delay(100);
        release.SetResult();

        Assert.False((await leader).IsCacheHit());
        Assert.False((await follower).IsCacheHit());
    }

    [Fact]
    public async Task Hanging_store_costs_at_most_one_timeout_per_call()
    {
        var store = new FaultyStore { Hang = true, Throw = false };
        // A timeout long against scheduling noise on a loaded machine: one timeout is 3 s, two would be 6 s.
        var client = new LlmLintCachingChatClient(FakeChatClient.Answering("ok"), store, new LlmLintCacheOptions { StoreTimeout = TimeSpan.FromSeconds(3) });

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Msgs.User("hello"));

        Assert.Equal("ok", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 5500, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.StoreBypasses >= 1);
    }

    [Fact]
    public async Task Store_that_blocks_synchronously_is_bypassed_after_the_timeout()
    {
        // The store blocks until the test ends (at most 20 s); the call must come back long before that. The bound is wide
        // against a loaded machine's thread-pool delays: what it separates is "bypassed" from "waited for the store".
        using var store = new BlockingStore(TimeSpan.FromSeconds(20));
        var client = new LlmLintCachingChatClient(FakeChatClient.Answering("ok"), store, new LlmLintCacheOptions { StoreTimeout = TimeSpan.FromMilliseconds(200) });

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Msgs.User("hello"));

        Assert.Equal("ok", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 8000, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.StoreBypasses >= 1);
    }

    [Fact]
    public async Task Locked_sqlite_database_is_bypassed_within_the_bound()
    {
        string path = Path.Combine(_dir, "locked.db");
        var store = new SqliteLlmCacheStore(path);
        await store.SetAsync("warm", new byte[] { 1 }, TimeSpan.FromHours(1));
        using SqliteConnection locker = LockForWriting(path, "INSERT INTO llmlint_cache VALUES ('x', x'00', 0)");
        var client = new LlmLintCachingChatClient(FakeChatClient.Answering("ok"), store, new LlmLintCacheOptions { StoreTimeout = TimeSpan.FromMilliseconds(250) });

        var watch = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(Msgs.User("hello"));

        Assert.Equal("ok", response.Text);
        Assert.True(watch.ElapsedMilliseconds < 2500, $"took {watch.ElapsedMilliseconds} ms");
        Assert.True(client.StoreBypasses >= 1);
    }

    [Fact]
    public async Task Deleted_sqlite_file_is_recreated_and_counted()
    {
        string path = Path.Combine(_dir, "deleted.db");
        var store = new SqliteLlmCacheStore(path);
        await store.SetAsync("before", new byte[] { 1 }, TimeSpan.FromHours(1));
        DeleteDatabase(path);

        await store.SetAsync("after", new byte[] { 2 }, TimeSpan.FromHours(1));
        SqliteConnection.ClearAllPools();

        var reopened = new SqliteLlmCacheStore(path);
        Assert.Equal(new byte[] { 2 }, await reopened.GetAsync("after"));
        Assert.Equal(1, store.Recoveries);
    }

    [Fact]
    public async Task Dropped_sqlite_table_is_recreated_and_counted()
    {
        string path = Path.Combine(_dir, "dropped.db");
        var store = new SqliteLlmCacheStore(path);
        await store.SetAsync("before", new byte[] { 1 }, TimeSpan.FromHours(1));
        using (var admin = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            admin.Open();
            using SqliteCommand drop = admin.CreateCommand();
            drop.CommandText = "DROP TABLE llmlint_cache";
            drop.ExecuteNonQuery();
        }

        await store.SetAsync("after", new byte[] { 2 }, TimeSpan.FromHours(1));

        Assert.Equal(new byte[] { 2 }, await store.GetAsync("after"));
        Assert.Equal(1, store.Recoveries);
    }

    [Fact]
    public async Task Replaced_sqlite_file_is_reopened()
    {
        string path = Path.Combine(_dir, "replaced.db");
        string other = Path.Combine(_dir, "other.db");
        var store = new SqliteLlmCacheStore(path);
        await store.SetAsync("old", new byte[] { 1 }, TimeSpan.FromHours(1));
        using (var writer = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            writer.Open();
            using SqliteCommand create = writer.CreateCommand();
            create.CommandText = "CREATE TABLE llmlint_cache(key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL, expires INTEGER NOT NULL); INSERT INTO llmlint_cache VALUES ('new', x'02', 9223372036854775807);";
            create.ExecuteNonQuery();
        }

        DeleteDatabase(path);
        File.Move(other, path);

        Assert.Equal(new byte[] { 2 }, await store.GetAsync("new"));
        Assert.Equal(1, store.Recoveries);
    }

    [Fact]
    public async Task Corrupt_sqlite_file_is_a_bypass()
    {
        string path = Path.Combine(_dir, "corrupt.db");
        await File.WriteAllBytesAsync(path, Encoding.ASCII.GetBytes(new string('x', 8192)));
        var client = new LlmLintCachingChatClient(FakeChatClient.Answering("ok"), new SqliteLlmCacheStore(path));

        ChatResponse response = await client.GetResponseAsync(Msgs.User("hello"));

        Assert.Equal("ok", response.Text);
        Assert.True(client.StoreBypasses >= 1);
    }

    [Fact]
    public async Task Sqlite_file_is_created_private_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        string path = Path.Combine(_dir, "mode.db");
        await new SqliteLlmCacheStore(path).SetAsync("k", new byte[] { 1 }, TimeSpan.FromHours(1));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
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

    internal static SqliteConnection LockForWriting(string path, string write)
    {
        var locker = new SqliteConnection($"Data Source={path};Pooling=False");
        locker.Open();
        using SqliteCommand command = locker.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; " + write + ";"; // holds the write lock until disposed
        command.ExecuteNonQuery();
        return locker;
    }

    internal static void DeleteDatabase(string path)
    {
        foreach (string file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException("The condition was not met within 10 s.");
            }

            await Task.Delay(5);
        }
    }

    internal static async IAsyncEnumerable<ChatResponseUpdate> CutStream()
    {
        yield return new ChatResponseUpdate(ChatRole.Assistant, "The answer is");
        await Task.Yield();
        yield return new ChatResponseUpdate(ChatRole.Assistant, " forty");
    }

    /// <summary>A store whose calls block the calling thread before completing.</summary>
    /// <summary>A store whose calls block their thread until it is disposed or <paramref name="limit"/> has passed.</summary>
    private sealed class BlockingStore(TimeSpan limit) : ILlmCacheStore, IDisposable
    {
        private readonly ManualResetEventSlim _released = new();

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            _released.Wait(limit);
            return new ValueTask<byte[]?>((byte[]?)null);
        }

        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
        {
            _released.Wait(limit);
            return default;
        }

        public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) => default;

        public void Dispose() => _released.Set();
    }
}
