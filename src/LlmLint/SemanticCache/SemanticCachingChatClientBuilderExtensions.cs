using LlmLint.Caching;
using LlmLint.Embeddings;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.SemanticCache;

/// <summary>Adds <see cref="SemanticCachingChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class SemanticCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a semantic cache: paraphrases of a cached question get its answer when the guards accept the match. Services come
    /// from the provider the builder is built with: the generator, the store, and the tenant (a registered
    /// <see cref="ILlmTenantProvider"/> when <see cref="SemanticCacheOptions.TenantProvider"/> is not set).
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="generator">The embedding generator; resolved from services when <see langword="null"/>, else <see cref="LocalEmbeddingGenerator.Default"/>.</param>
    /// <param name="store">The store; resolved from services when <see langword="null"/>, else a new <see cref="InMemorySemanticCacheStore"/>.</param>
    /// <param name="configure">Configures the options.</param>
    /// <param name="loggerFactory">The logger factory; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseSemanticCache(this ChatClientBuilder builder, IEmbeddingGenerator<string, Embedding<float>>? generator = null, ISemanticCacheStore? store = null, Action<SemanticCacheOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new SemanticCacheOptions();
            configure?.Invoke(options);
            if (options.TenantProvider is null && services.GetService<ILlmTenantProvider>() is { } tenants)
            {
                options.TenantProvider = tenants.GetTenant;
            }

            IEmbeddingGenerator<string, Embedding<float>> resolvedGenerator = generator ?? services.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? LocalEmbeddingGenerator.Default;
            ISemanticCacheStore resolvedStore = store ?? services.GetService<ISemanticCacheStore>() ?? new InMemorySemanticCacheStore();
            ILogger? logger = (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger(typeof(SemanticCachingChatClient));
            return new SemanticCachingChatClient(inner, resolvedGenerator, resolvedStore, options, logger);
        });
    }
}
