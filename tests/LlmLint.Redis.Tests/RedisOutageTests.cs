using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmLint.Caching;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace LlmLint.Redis.Tests;

/// <summary>Redis killed under a running app: every call succeeds, the bypasses are counted, caching resumes when Redis returns.</summary>
public sealed class RedisOutageTests
{
    [RedisFact]
    public async Task Redis_killed_mid_run_every_call_succeeds_bypasses_are_counted_and_caching_resumes_after_restart()
    {
        using RedisServer server = RedisServer.Start();
        using ConnectionMultiplexer redis = await RedisConnections.ConnectAsync(server);
        var upstream = new CountingChatClient(TimeSpan.FromMilliseconds(5));
        using IChatClient client = new ChatClientBuilder(upstream)
            .UseLlmLintRedisCache(redis, o =>
            {
                // Long enough for a cold first connection on a loaded machine (a slower first call would be a bypass, not a
                // failure); the outage below is still bounded by it.
                o.StoreTimeout = TimeSpan.FromSeconds(2);
                o.FlightWait = TimeSpan.FromSeconds(1);
            })
            .Build();
        LlmLintCachingChatClient cache = client.GetService<LlmLintCachingChatClient>()!;

        ChatResponse first = await client.GetResponseAsync("before");
        ChatResponse again = await client.GetResponseAsync("before");
        Assert.Equal(first.Text, again.Text);
        Assert.Equal(1, upstream.Calls);
        Assert.Equal(0, cache.StoreBypasses);

        // Killed by its PID while calls are in flight: none fails.
        var calls = new List<Task<ChatResponse>>();
        for (int i = 0; i < 60; i++)
        {
            calls.Add(client.GetResponseAsync($"during {i % 6}"));
            if (i == 20)
            {
                server.Kill();
            }

            await Task.Delay(5);
        }

        ChatResponse[] during = await Task.WhenAll(calls);
        Assert.All(during, r => Assert.StartsWith("answer to during", r.Text));
        Assert.True(cache.StoreBypasses > 0, "no bypass was counted while Redis was down");

        // While it is down each call goes upstream, and is counted as a bypass.
        int callsWhileDown = upstream.Calls;
        long bypassesWhileDown = cache.StoreBypasses;
        await client.GetResponseAsync("while down");
        await client.GetResponseAsync("while down");
        Assert.Equal(callsWhileDown + 2, upstream.Calls);
        Assert.True(cache.StoreBypasses >= bypassesWhileDown + 2);

        // Restarted on the same port: caching resumes without restarting the app.
        server.Restart();
        await RedisConnections.WaitConnectedAsync(redis, TimeSpan.FromSeconds(15));
        int callsBefore = upstream.Calls;
        long bypassesBefore = cache.StoreBypasses;
        ChatResponse a = await client.GetResponseAsync("after");
        ChatResponse b = await client.GetResponseAsync("after");
        Assert.Equal(callsBefore + 1, upstream.Calls);
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(true, b.AdditionalProperties?[LlmLintPropertyKeys.CacheHit]);
        Assert.Equal(bypassesBefore, cache.StoreBypasses);
    }
}
