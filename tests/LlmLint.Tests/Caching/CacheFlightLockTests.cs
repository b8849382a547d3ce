using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Stores;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Caching;

/// <summary>
/// Cross-process single-flight through <see cref="ICacheFlightLock"/>, with clients that share one store and one lock as
/// processes share Redis (the Redis lock itself is tested against a real server in LlmLint.Redis.Tests).
/// </summary>
public sealed class CacheFlightLockTests
{
    [Fact]
    public async Task Clients_sharing_a_store_and_a_lock_make_one_upstream_call_for_concurrent_identical_requests()
    {
        var store = new InMemoryLlmCacheStore();
        var flightLock = new SharedLock();
        FakeChatClient[] upstreams = Enumerable.Range(0, 3).Select(_ => Slow("the answer")).ToArray();
        LlmLintCachingChatClient[] clients = upstreams
            .Select(u => new LlmLintCachingChatClient(u, store, new LlmLintCacheOptions { FlightLock = flightLock }))
            .ToArray();

        ChatResponse[] responses = await Task.WhenAll(clients.SelectMany(c => Enumerable.Range(0, 40).Select(_ => Task.Run(() => c.GetResponseAsync(Msgs.User("q"))))));

        Assert.Equal(1, upstreams.Sum(u => u.Calls));
        Assert.All(responses, r => Assert.Equal("the answer", r.Text));
        Assert.Equal(1, clients.Sum(c => c.Misses));
        for (int i = 0; i < 100 && flightLock.Held != 0; i++)
        {
            await Task.Delay(10); // the leader releases in the background
        }

        Assert.Equal(0, flightLock.Held);
    }

    [Fact]
    public async Task Without_the_lock_each_client_calls_upstream()
    {
        var store = new InMemoryLlmCacheStore();
        FakeChatClient[] upstreams = Enumerable.Range(0, 3).Select(_ => Slow("the answer")).ToArray();
        LlmLintCachingChatClient[] clients = upstreams.Select(u => new LlmLintCachingChatClient(u, store)).ToArray();

        await Task.WhenAll(clients.Select(c => c.GetResponseAsync(Msgs.User("q"))));

        Assert.Equal(3, upstreams.Sum(u => u.Calls));
    }

    [Fact]
    public async Task A_failing_lock_is_a_counted_bypass_and_the_call_succeeds()
    {
        FakeChatClient upstream = FakeChatClient.Answering("fresh");
        var client = new LlmLintCachingChatClient(upstream, new InMemoryLlmCacheStore(), new LlmLintCacheOptions { FlightLock = new ThrowingLock() });

        ChatResponse response = await client.GetResponseAsync(Msgs.User("q"));

        Assert.Equal("fresh", response.Text);
        Assert.Equal(1, upstream.Calls);
        Assert.Equal(1, client.StoreBypasses);
    }

    [Fact]
    public async Task A_follower_leads_when_the_leaders_lock_expires_without_an_entry()
    {
        var flightLock = new SharedLock();
        FakeChatClient upstream = FakeChatClient.Answering("fresh");
        var client = new LlmLintCachingChatClient(upstream, new InMemoryLlmCacheStore(), new LlmLintCacheOptions { FlightLock = flightLock, FlightWait = TimeSpan.FromSeconds(10) });
        string key = client.GetCacheKey(Msgs.User("q"), null);
        IAsyncDisposable? crashed = await flightLock.TryAcquireAsync(key, TimeSpan.FromHours(1));
        _ = Task.Delay(300).ContinueWith(_ => crashed!.DisposeAsync().AsTask(), TaskScheduler.Default);

        ChatResponse response = await client.GetResponseAsync(Msgs.User("q"));

        Assert.Equal("fresh", response.Text);
        Assert.Equal(1, upstream.Calls);
        Assert.False(response.IsCacheHit());
    }

    private static FakeChatClient Slow(string text) => new()
    {
        GetResponseAsyncCallback = async (_, _, ct) =>
        {
            await Task.Delay(200, ct);
            return FakeChatClient.Response(text);
        },
    };

    private sealed class SharedLock : ICacheFlightLock
    {
        private readonly ConcurrentDictionary<string, object> _held = new(StringComparer.Ordinal);

        public int Held => _held.Count;

        public ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default)
        {
            var owner = new object();
            return new(_held.TryAdd(key, owner) ? new Lease(this, key, owner) : null);
        }

        private sealed class Lease(SharedLock owner, string key, object token) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                owner._held.TryRemove(new KeyValuePair<string, object>(key, token));
                return ValueTask.CompletedTask;
            }
        }
    }

    private sealed class ThrowingLock : ICacheFlightLock
    {
        public ValueTask<IAsyncDisposable?> TryAcquireAsync(string key, TimeSpan expiry, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("lock server down");
    }
}
