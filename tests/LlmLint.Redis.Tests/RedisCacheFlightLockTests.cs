using System;
using System.Diagnostics;
using System.Threading.Tasks;
using LlmLint.Caching;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace LlmLint.Redis.Tests;

/// <summary>The Redis flight lock: released only by its owner; a leader that never releases blocks no one past the expiry or the flight wait.</summary>
public sealed class RedisCacheFlightLockTests
{
    [RedisFact]
    public async Task Only_the_owner_releases_the_lock_and_an_expired_lock_can_be_taken()
    {
        using RedisServer server = RedisServer.Start();
        using ConnectionMultiplexer redis = await RedisConnections.ConnectAsync(server);
        var flightLock = new RedisCacheFlightLock(redis);

        // An expiry long enough that a slow second call on a loaded machine still finds the lock held.
        IAsyncDisposable? a = await flightLock.TryAcquireAsync("k", TimeSpan.FromMilliseconds(1500));
        Assert.NotNull(a);
        Assert.Null(await flightLock.TryAcquireAsync("k", TimeSpan.FromSeconds(30)));

        await Task.Delay(1800);
        IAsyncDisposable? b = await flightLock.TryAcquireAsync("k", TimeSpan.FromSeconds(30));
        Assert.NotNull(b);

        await a!.DisposeAsync(); // a's lock expired: releasing must not free b's
        Assert.Null(await flightLock.TryAcquireAsync("k", TimeSpan.FromSeconds(30)));

        await b!.DisposeAsync();
        Assert.NotNull(await flightLock.TryAcquireAsync("k", TimeSpan.FromSeconds(30)));
    }

    [RedisFact]
    public async Task A_crashed_leader_blocks_no_longer_than_its_lock_expiry()
    {
        using RedisServer server = RedisServer.Start();
        using ConnectionMultiplexer redis = await RedisConnections.ConnectAsync(server);

        // Another process took the lock for one second and died without storing or releasing.
        Asked asked = await AskWhileAnotherProcessHoldsTheLockAsync(redis, "crashed", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(20));

        Assert.StartsWith("answer to crashed", asked.Response.Text);
        Assert.Equal(1, asked.Upstream.Calls);
        Assert.InRange(asked.Elapsed, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(8));

        // It led: its answer is stored for the next caller.
        Assert.Equal(asked.Response.Text, (await asked.Client.GetResponseAsync("crashed")).Text);
        Assert.Equal(1, asked.Upstream.Calls);
    }

    [RedisFact]
    public async Task A_follower_calls_upstream_itself_when_the_leader_does_not_answer_within_the_flight_wait()
    {
        using RedisServer server = RedisServer.Start();
        using ConnectionMultiplexer redis = await RedisConnections.ConnectAsync(server);

        Asked asked = await AskWhileAnotherProcessHoldsTheLockAsync(redis, "slow leader", TimeSpan.FromMinutes(5), TimeSpan.FromMilliseconds(500));

        Assert.StartsWith("answer to slow leader", asked.Response.Text);
        Assert.Equal(1, asked.Upstream.Calls);
        Assert.InRange(asked.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(5));
        Assert.Equal(0, asked.Cache.StoreBypasses);
    }

    /// <summary>Takes the lock of <paramref name="prompt"/>'s key as another process would, then asks it through a Redis-cached client.</summary>
    private static async Task<Asked> AskWhileAnotherProcessHoldsTheLockAsync(ConnectionMultiplexer redis, string prompt, TimeSpan lockExpiry, TimeSpan flightWait)
    {
        var upstream = new CountingChatClient(TimeSpan.FromMilliseconds(5));
        IChatClient client = new ChatClientBuilder(upstream).UseLlmLintRedisCache(redis, o =>
        {
            o.FlightWait = flightWait;
            o.StoreTimeout = TimeSpan.FromSeconds(10); // the tests count bypasses; a loaded machine must not cause one
        }).Build();
        LlmLintCachingChatClient cache = client.GetService<LlmLintCachingChatClient>()!;
        string key = cache.GetCacheKey([new ChatMessage(ChatRole.User, prompt)], null);
        Assert.NotNull(await new RedisCacheFlightLock(redis, "llmlint:lock:").TryAcquireAsync(key, lockExpiry));

        var clock = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync(prompt);
        return new Asked(response, clock.Elapsed, upstream, client, cache);
    }

    private sealed record Asked(ChatResponse Response, TimeSpan Elapsed, CountingChatClient Upstream, IChatClient Client, LlmLintCachingChatClient Cache);
}
