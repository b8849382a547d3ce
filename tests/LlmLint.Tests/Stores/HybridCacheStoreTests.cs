using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.DependencyInjection;
using LlmLint.Offline;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.Stores;

/// <summary>
/// The exact cache on HybridCache: L1 in process memory, L2 the app's IDistributedCache — here LlmLint's own SQLite store
/// served as one (<see cref="LlmCacheStoreExtensions.AsDistributedCache"/>) — through the real Microsoft.Extensions.Caching.Hybrid.
/// </summary>
public sealed class HybridCacheStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-hybrid-" + Guid.NewGuid().ToString("N"));

    public HybridCacheStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task An_answer_stored_by_one_instance_is_found_by_another_through_the_shared_sqlite_l2()
    {
        string database = Path.Combine(_dir, "cache.db");
        byte[] answer = { 1, 2, 3, 4 };
        using (ServiceProvider first = Instance(database))
        {
            var store = new HybridLlmCacheStore(first.GetRequiredService<HybridCache>());
            Assert.Null(await store.GetAsync("k"));
            await store.SetAsync("k", answer, TimeSpan.FromHours(1));
            Assert.Equal(answer, await store.GetAsync("k"));
        }

        using ServiceProvider second = Instance(database); // a fresh process memory: only L2 can answer
        var other = new HybridLlmCacheStore(second.GetRequiredService<HybridCache>());
        Assert.Equal(answer, await other.GetAsync("k"));
        await other.RemoveAsync("k");
        Assert.Null(await other.GetAsync("k"));
        Assert.Null(await new SqliteLlmCacheStore(database).GetAsync("llmlint:k"));
    }

    [Fact]
    public async Task The_caching_client_on_UseHybridCache_calls_upstream_once_for_a_repeated_question()
    {
        var model = new ScriptedChatClient("gpt-4o-mini").Otherwise("Billing");
        var services = new ServiceCollection();
        services.AddSingleton(new SqliteLlmCacheStore(Path.Combine(_dir, "runtime.db")).AsDistributedCache());
        services.AddHybridCache();
        services.AddLlmLint(llm => llm.AddTier(Tier.Small, model, "gpt-4o-mini").UseHybridCache());
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = provider.GetRequiredService<ILlmRuntime>().GetClient(Tier.Small);

        ChatResponse first = await client.GetResponseAsync("Which team handles a refund?");
        ChatResponse second = await client.GetResponseAsync("Which team handles a refund?");

        Assert.IsType<HybridLlmCacheStore>(provider.GetRequiredService<ILlmCacheStore>());
        Assert.Equal(1, model.CallCount);
        Assert.False(first.IsCacheHit());
        Assert.True(second.IsCacheHit());
        Assert.Equal("Billing", second.Text);
    }

    [Fact]
    public async Task A_store_as_a_distributed_cache_keeps_the_earliest_expiration_and_skips_one_already_past()
    {
        var time = new ManualTimeProvider();
        var store = new RecordingStore();
        IDistributedCache cache = store.AsDistributedCache(TimeSpan.FromMinutes(7), time);

        await cache.SetAsync("relative", new byte[] { 1 }, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromHours(1), SlidingExpiration = TimeSpan.FromMinutes(10) });
        await cache.SetAsync("absolute", new byte[] { 2 }, new DistributedCacheEntryOptions { AbsoluteExpiration = time.GetUtcNow().AddMinutes(30) });
        await cache.SetAsync("none", new byte[] { 3 }, new DistributedCacheEntryOptions());
        await cache.SetAsync("past", new byte[] { 4 }, new DistributedCacheEntryOptions { AbsoluteExpiration = time.GetUtcNow().AddMinutes(-1) });
        cache.Refresh("relative");

        Assert.Equal(TimeSpan.FromMinutes(10), store.Ttls["relative"]);
        Assert.Equal(TimeSpan.FromMinutes(30), store.Ttls["absolute"]);
        Assert.Equal(TimeSpan.FromMinutes(7), store.Ttls["none"]);
        Assert.False(store.Ttls.ContainsKey("past"));
        Assert.Equal(new byte[] { 3 }, cache.Get("none"));
        Assert.Equal("defaultTtl", Assert.Throws<ArgumentOutOfRangeException>(() => store.AsDistributedCache(TimeSpan.Zero)).ParamName);
    }

    private static ServiceProvider Instance(string database)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new SqliteLlmCacheStore(database).AsDistributedCache());
        services.AddHybridCache();
        return services.BuildServiceProvider();
    }

    private sealed class RecordingStore : ILlmCacheStore
    {
        private readonly Dictionary<string, byte[]> _values = new();

        public Dictionary<string, TimeSpan> Ttls { get; } = new();

        public ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(_values.TryGetValue(key, out byte[]? value) ? value : null);

        public ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
        {
            _values[key] = value.ToArray();
            Ttls[key] = ttl;
            return ValueTask.CompletedTask;
        }

        public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default)
        {
            _values.Remove(key);
            return ValueTask.CompletedTask;
        }
    }
}
