using LlmLint.DependencyInjection;
using LlmLint.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Caching;

/// <summary>Adds <see cref="LlmLintCachingChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class LlmLintCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the exact cache. Services come from the provider the builder is built with: the store, the tenant provider and the
    /// options <c>AddLlmLint</c> configured (<see cref="LlmRuntimeOptions.Cache"/>) when registered.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="store">The store; a registered <see cref="ILlmCacheStore"/> when <see langword="null"/>, else a new <see cref="InMemoryLlmCacheStore"/>.</param>
    /// <param name="configure">Configures the options (the tenant provider and the flight lock default to a registered <see cref="ILlmTenantProvider"/> and <see cref="ICacheFlightLock"/>).</param>
    /// <param name="loggerFactory">The logger factory; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseLlmLintCache(this ChatClientBuilder builder, ILlmCacheStore? store = null, Action<LlmLintCacheOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            LlmLintCacheOptions options = RuntimeOptionsDefaults.CacheOptions(services.GetService<LlmRuntimeOptions>());
            options.TenantProvider ??= services.GetService<ILlmTenantProvider>();
            options.FlightLock ??= services.GetService<ICacheFlightLock>();
            configure?.Invoke(options);
            ILlmCacheStore resolved = store ?? services.GetService<ILlmCacheStore>() ?? new InMemoryLlmCacheStore();
            ILogger? logger = (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger(typeof(LlmLintCachingChatClient));
            return new LlmLintCachingChatClient(inner, resolved, options, logger);
        });
    }
}
