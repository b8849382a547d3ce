using LlmLint.Caching;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LlmLint.DependencyInjection;

/// <summary>Configures the LlmLint runtime in a service collection.</summary>
public sealed class LlmLintBuilder
{
    private readonly SortedDictionary<Tier, string?> _tierModels = new();

    internal LlmLintBuilder(IServiceCollection services) => Services = services;

    /// <summary>Gets the service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>
    /// Registers the client of a tier as a keyed <see cref="IChatClient"/> (key <see cref="LlmLintServiceKeys.ForTier"/>, for
    /// example <c>"llmlint:small"</c>) through Microsoft.Extensions.AI's <c>AddKeyedChatClient</c>.
    /// </summary>
    /// <param name="tier">The tier.</param>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id it calls (pricing, cache keys).</param>
    /// <param name="pipeline">Adds stages that only this tier's calls go through (for example <c>UseLogging</c>); none when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder AddTier(Tier tier, IChatClient client, string? modelId = null, Action<ChatClientBuilder>? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        return AddTier(tier, _ => client, modelId, pipeline);
    }

    /// <summary>Registers the client of a tier, created from services, as a keyed <see cref="IChatClient"/> (see <see cref="LlmLintServiceKeys.ForTier"/>).</summary>
    /// <param name="tier">The tier.</param>
    /// <param name="factory">Creates the client.</param>
    /// <param name="modelId">The model id it calls.</param>
    /// <param name="pipeline">Adds stages that only this tier's calls go through; none when <see langword="null"/>.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder AddTier(Tier tier, Func<IServiceProvider, IChatClient> factory, string? modelId = null, Action<ChatClientBuilder>? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        string key = LlmLintServiceKeys.ForTier(tier);
        ChatClientBuilder tierBuilder = Services.AddKeyedChatClient(
            key,
            sp => factory(sp) ?? throw new InvalidOperationException($"The client factory of tier {tier} returned null."));
        pipeline?.Invoke(tierBuilder);
        _tierModels[tier] = modelId;
        return this;
    }

    /// <summary>Uses a cache store.</summary>
    /// <param name="store">The store.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseCacheStore(ILlmCacheStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        Services.Replace(ServiceDescriptor.Singleton(store));
        return this;
    }

    /// <summary>Uses a cache store created from services.</summary>
    /// <param name="factory">Creates the store.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseCacheStore(Func<IServiceProvider, ILlmCacheStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return this;
    }

    /// <summary>Uses the registered <see cref="IDistributedCache"/> as the cache store.</summary>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseDistributedCache() =>
        UseCacheStore(sp => new DistributedLlmCacheStore(sp.GetRequiredService<IDistributedCache>()));

    /// <summary>
    /// Uses the registered <see cref="HybridCache"/> as the cache store (<see cref="HybridLlmCacheStore"/>): answers in process
    /// memory and in the app's <see cref="IDistributedCache"/>. Register it with <c>services.AddHybridCache()</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseHybridCache() =>
        UseCacheStore(sp => new HybridLlmCacheStore(sp.GetRequiredService<HybridCache>()));

    /// <summary>Uses a tenant provider; the tenant is part of every cache key.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseTenantProvider(ILlmTenantProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        Services.Replace(ServiceDescriptor.Singleton(provider));
        return this;
    }

    /// <summary>Uses a delegate as the tenant provider.</summary>
    /// <param name="getTenant">Returns the current tenant.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseTenantProvider(Func<string?> getTenant) => UseTenantProvider(new DelegateTenantProvider(getTenant));

    /// <summary>Uses a router for <see cref="LlmRuntime.CreateRoutingClient"/> and the registered <see cref="IChatClient"/>.</summary>
    /// <param name="router">The router.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseRouter(IRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        Services.Replace(ServiceDescriptor.Singleton(router));
        return this;
    }

    /// <summary>Records every call in a cost ledger.</summary>
    /// <param name="ledger">The ledger.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder UseCostLedger(ICostLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        Services.Replace(ServiceDescriptor.Singleton(ledger));
        return this;
    }

    /// <summary>
    /// Turns the semantic cache on for typed calls whose <see cref="LlmCachePolicy.Semantic"/> is set: an exact match is
    /// looked up first, then a paraphrase within the tenant, function/template and tiers, then the model; only accepted
    /// answers are stored.
    /// </summary>
    /// <param name="configure">Configures the options (threshold, guards, time to live, tenants).</param>
    /// <param name="store">The store; a registered <see cref="SemanticCache.ISemanticCacheStore"/>, else a new in-memory store.</param>
    /// <param name="generator">The embedding generator; a registered one, else <see cref="Embeddings.LocalEmbeddingGenerator.Default"/>.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder AddSemanticCache(Action<SemanticCache.SemanticCacheOptions>? configure = null, SemanticCache.ISemanticCacheStore? store = null, IEmbeddingGenerator<string, Embedding<float>>? generator = null)
    {
        if (store is not null)
        {
            Services.Replace(ServiceDescriptor.Singleton(store));
        }

        if (generator is not null)
        {
            Services.Replace(ServiceDescriptor.Singleton(generator));
        }

        return Configure(options =>
        {
            var semantic = new SemanticCache.SemanticCacheOptions();
            configure?.Invoke(semantic);
            options.SemanticCache = semantic;
        });
    }

    /// <summary>Configures the runtime options.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public LlmLintBuilder Configure(Action<LlmRuntimeOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.AddSingleton(configure);
        return this;
    }

    internal LlmTierSet BuildTiers(IServiceProvider services)
    {
        var set = new LlmTierSet();
        foreach ((Tier tier, string? modelId) in _tierModels)
        {
            set.Add(tier, services.GetRequiredKeyedService<IChatClient>(LlmLintServiceKeys.ForTier(tier)), modelId);
        }

        return set;
    }
}
