using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Stores;
using LlmLint.Tests.Caching;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace LlmLint.Tests.Stores;

public class StoreTests
{
    internal static async Task Contract(ILlmCacheStore store)
    {
        string key = "k-" + Guid.NewGuid().ToString("N");
        Assert.Null(await store.GetAsync(key));
        await store.SetAsync(key, new byte[] { 1, 2, 3 }, TimeSpan.FromMinutes(5));
        Assert.Equal(new byte[] { 1, 2, 3 }, await store.GetAsync(key));
        await store.SetAsync(key, new byte[] { 4 }, TimeSpan.FromMinutes(5));
        Assert.Equal(new byte[] { 4 }, await store.GetAsync(key));
        await store.RemoveAsync(key);
        Assert.Null(await store.GetAsync(key));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("ttl", () => store.SetAsync(key, new byte[] { 1 }, TimeSpan.Zero).AsTask());
        await Assert.ThrowsAnyAsync<ArgumentException>(() => store.GetAsync("").AsTask());
    }

    [Fact]
    public async Task InMemory_MeetsTheContract_AndIsBounded()
    {
        await Contract(new InMemoryLlmCacheStore());
        var time = new ManualTimeProvider();
        var store = new InMemoryLlmCacheStore(maxEntries: 10, timeProvider: time);
        for (int i = 0; i < 25; i++)
        {
            await store.SetAsync("k" + i, new byte[] { (byte)i }, TimeSpan.FromMinutes(1 + i));
        }

        Assert.InRange(store.Count, 1, 10);
        Assert.NotNull(await store.GetAsync("k24")); // the longest-lived entries survive
        Assert.Null(await store.GetAsync("k0"));

        var bytesBound = new InMemoryLlmCacheStore(maxBytes: 100);
        for (int i = 0; i < 10; i++)
        {
            await bytesBound.SetAsync("b" + i, new byte[30], TimeSpan.FromMinutes(1 + i));
        }

        Assert.InRange(bytesBound.Count, 1, 3);
        Assert.Equal("maxEntries", Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryLlmCacheStore(0)).ParamName);
    }

    [Fact]
    public async Task Sqlite_MeetsTheContract_PersistsAcrossInstances_AndHonoursTtl()
    {
        string path = Path.Combine(Path.GetTempPath(), "llmlint-cache-" + Guid.NewGuid().ToString("N") + ".db");
        try
        {
            await Contract(new SqliteLlmCacheStore(path));
            var time = new ManualTimeProvider();
            await new SqliteLlmCacheStore(path, time).SetAsync("persist", new byte[] { 9 }, TimeSpan.FromMinutes(1));
            var reopened = new SqliteLlmCacheStore(path, time);
            Assert.Equal(new byte[] { 9 }, await reopened.GetAsync("persist"));
            time.Advance(TimeSpan.FromMinutes(2));
            Assert.Null(await reopened.GetAsync("persist"));
            Assert.Equal(1, await reopened.PurgeExpiredAsync());

            // End to end: an answer cached by one client instance is served to a new one over the same file.
            var inner = FakeChatClient.Answering("persisted");
            using (var c1 = new LlmLintCachingChatClient(inner, new SqliteLlmCacheStore(path), PatientCacheOptions.Create()))
            {
                await c1.GetResponseAsync(Msgs.User("q"));
            }

            using var c2 = new LlmLintCachingChatClient(inner, new SqliteLlmCacheStore(path), PatientCacheOptions.Create());
            Assert.True((await c2.GetResponseAsync(Msgs.User("q"))).IsCacheHit());
            Assert.Equal(1, inner.Calls);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task DistributedCacheAdapter_MeetsTheContract()
    {
        var cache = new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions()));
        var store = new DistributedLlmCacheStore(cache, "app:");
        await Contract(store);
        await store.SetAsync("x", new byte[] { 1 }, TimeSpan.FromMinutes(1));
        Assert.NotNull(await cache.GetAsync("app:x"));
        Assert.Equal("cache", Assert.Throws<ArgumentNullException>(() => new DistributedLlmCacheStore(null!)).ParamName);
    }
}

[Collection(PostgresCollection.Name)]
public class PostgresStoreTests(PgliteServer pg)
{
    [Fact]
    public async Task PostgresCache_MeetsTheContract_AndServesAnotherInstance()
    {
        await pg.Gate.WaitAsync();
        try
        {
            var options = new PostgresStoreOptions { ConnectionString = pg.ConnectionString, SerializeConnections = true };
            await using var store = new PostgresLlmCacheStore(options);
            await StoreTests.Contract(store);

            var inner = FakeChatClient.Answering("shared");
            using (var instanceA = new LlmLintCachingChatClient(inner, store, PatientCacheOptions.Create()))
            {
                await instanceA.GetResponseAsync(Msgs.User("q"));
            }

            await using var other = new PostgresLlmCacheStore(options);
            using var instanceB = new LlmLintCachingChatClient(inner, other, PatientCacheOptions.Create());
            Assert.True((await instanceB.GetResponseAsync(Msgs.User("q"))).IsCacheHit());
            Assert.Equal(1, inner.Calls);

            // Concurrent use of one serialised store over a single-connection server.
            var tasks = new Task[20];
            for (int i = 0; i < tasks.Length; i++)
            {
                int n = i;
                tasks[i] = Task.Run(async () => await store.SetAsync("c" + n, new byte[] { (byte)n }, TimeSpan.FromMinutes(1)));
            }

            await Task.WhenAll(tasks);
            Assert.Equal(new byte[] { 7 }, await store.GetAsync("c7"));
            Assert.Equal(0, await store.PurgeExpiredAsync());
        }
        finally
        {
            pg.Gate.Release();
        }
    }

    [Fact]
    public async Task PostgresLedger_Aggregates()
    {
        await pg.Gate.WaitAsync();
        try
        {
            await using var ledger = new LlmLint.Metering.PostgresCostLedger(new PostgresStoreOptions { ConnectionString = pg.ConnectionString, SerializeConnections = true, TableName = "ledger_" + Guid.NewGuid().ToString("N")[..8] });
            await LlmLint.Tests.Metering.MeteringTests.LedgerScenario(ledger);
        }
        finally
        {
            pg.Gate.Release();
        }
    }

    [Fact]
    public void BadOptions_NameTheParameter()
    {
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new PostgresLlmCacheStore(new PostgresStoreOptions())).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new PostgresLlmCacheStore(new PostgresStoreOptions { ConnectionString = "Host=x", TableName = "a;drop" })).ParamName);
    }
}
