using System;
using LlmLint.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Caching;

/// <summary>Adds <see cref="LlmLintCachingChatClient"/> to a <see cref="ChatClientPipeline"/>.</summary>
public static class LlmLintCachingChatClientBuilderExtensions
{
    /// <summary>Adds an exact cache.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="store">The store; resolved from services when <see langword="null"/>, else a new <see cref="InMemoryLlmCacheStore"/>.</param>
    /// <param name="configure">Configures the options (the tenant provider defaults to a registered <see cref="ILlmTenantProvider"/>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientPipeline UseLlmLintCache(this ChatClientPipeline builder, ILlmCacheStore? store = null, Action<LlmLintCacheOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new LlmLintCacheOptions { TenantProvider = services.GetService<ILlmTenantProvider>() };
            configure?.Invoke(options);
            ILlmCacheStore resolved = store ?? services.GetService<ILlmCacheStore>() ?? new InMemoryLlmCacheStore();
            ILogger? logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(LlmLintCachingChatClient));
            return new LlmLintCachingChatClient(inner, resolved, options, logger);
        });
    }
}
