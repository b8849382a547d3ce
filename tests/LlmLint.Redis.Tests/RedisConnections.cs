using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace LlmLint.Redis.Tests;

internal static class RedisConnections
{
    /// <summary>Connects as the docs advise: reconnect when Redis returns, fail fast while it is down.</summary>
    public static Task<ConnectionMultiplexer> ConnectAsync(RedisServer server)
    {
        var config = new ConfigurationOptions
        {
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = 1000,
            AsyncTimeout = 1000,
            SyncTimeout = 1000,
            ReconnectRetryPolicy = new LinearRetry(100),
        };
        config.EndPoints.Add(server.EndPoint);
        return ConnectionMultiplexer.ConnectAsync(config);
    }

    /// <summary>Waits until the connection answers a PING (after a restart of the server).</summary>
    public static async Task WaitConnectedAsync(IConnectionMultiplexer redis, TimeSpan within)
    {
        DateTime deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
