using System;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LlmLint.Redis;

/// <summary>Puts LlmLint's exact cache on Redis: answers through <see cref="RedisCache"/>, single-flight through <see cref="RedisCacheFlightLock"/>.</summary>
public static class RedisCacheBuilderExtensions
{
    /// <summary>
    /// Adds the exact cache with its answers in Redis and single-flight across every process that uses the same Redis.
    /// Connect with <c>AbortOnConnectFail = false</c> (the connection comes back when Redis does) and, so that calls
    /// made while Redis is down are bypassed at once rather than after the store timeout, <c>BacklogPolicy.FailFast</c>.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="redis">The connection.</param>
    /// <param name="configure">Configures the options.</param>
    /// <param name="keyPrefix">The prefix of every answer key; lock keys add <c>lock:</c>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseLlmLintRedisCache(this ChatClientBuilder builder, IConnectionMultiplexer redis, Action<LlmLintCacheOptions>? configure = null, string keyPrefix = "llmlint:")
    {
        ArgumentNullException.ThrowIfNull(builder);
        ILlmCacheStore store = CreateStore(redis, keyPrefix);
        var flightLock = new RedisCacheFlightLock(redis, keyPrefix + "lock:");
        return builder.UseLlmLintCache(store, options =>
        {
            options.FlightLock = flightLock;
            configure?.Invoke(options);
        });
    }

    /// <summary>
    /// Registers the Redis answer store (<see cref="ILlmCacheStore"/>) and flight lock (<see cref="ICacheFlightLock"/>) that
    /// <c>UseLlmLintCache()</c> picks up when the chat client is built from the service provider.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">The prefix of every answer key; lock keys add <c>lock:</c>.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddLlmLintRedisCache(this IServiceCollection services, IConnectionMultiplexer redis, string keyPrefix = "llmlint:")
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(CreateStore(redis, keyPrefix));
        services.AddSingleton<ICacheFlightLock>(new RedisCacheFlightLock(redis, keyPrefix + "lock:"));
        return services;
    }

    /// <summary>Creates the answer store: <see cref="RedisCache"/> on <paramref name="redis"/>, adapted to <see cref="ILlmCacheStore"/>.</summary>
    /// <param name="redis">The connection.</param>
    /// <param name="keyPrefix">The prefix of every answer key.</param>
    /// <returns>The store.</returns>
    public static ILlmCacheStore CreateStore(IConnectionMultiplexer redis, string keyPrefix = "llmlint:")
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        var cache = new RedisCache(Options.Create(new RedisCacheOptions { ConnectionMultiplexerFactory = () => Task.FromResult(redis) }));
        return new DistributedLlmCacheStore(cache, keyPrefix);
    }
}
