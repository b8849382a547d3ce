using LlmLint.Caching;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LlmLint.DependencyInjection;

/// <summary>Registers the LlmLint runtime.</summary>
public static class LlmLintServiceCollectionExtensions
{
    /// <summary>
    /// Registers each tier's client as a keyed <see cref="IChatClient"/> (<see cref="LlmLintServiceKeys"/>), the
    /// <see cref="LlmTierSet"/> over them, the <see cref="LlmRuntimeOptions"/>, <see cref="ILlmRuntime"/> (an <see cref="LlmRuntime"/>)
    /// and, through Microsoft.Extensions.AI's <c>AddChatClient</c>, an <see cref="IChatClient"/> that routes each request to a tier
    /// (<see cref="TierRoutingChatClient"/> with the registered <see cref="IRouter"/>).
    /// </summary>
    /// <remarks>
    /// The returned builder adds stages around the routing client, outermost first, for example
    /// <c>.UseOpenTelemetry().UseLlmLintCache().UseCostMetering()</c>; the LlmLint stages take their stores, ledger, tenant
    /// provider and options from what <paramref name="configure"/> registered. Like <c>AddChatClient</c>, it registers the
    /// unkeyed <see cref="IChatClient"/> even when one is registered already (the last registration wins).
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Registers tiers and stores.</param>
    /// <returns>The builder of the routing client, to chain stages on.</returns>
    public static ChatClientBuilder AddLlmLint(this IServiceCollection services, Action<LlmLintBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new LlmLintBuilder(services);
        configure(builder);
        services.TryAddSingleton(sp => builder.BuildTiers(sp));
        services.TryAddSingleton(sp =>
        {
            var options = new LlmRuntimeOptions();
            foreach (Action<LlmRuntimeOptions> c in sp.GetServices<Action<LlmRuntimeOptions>>())
            {
                c(options);
            }

            options.Cache.TenantProvider ??= sp.GetService<ILlmTenantProvider>();
            return options;
        });
        services.TryAddSingleton(sp => new LlmRuntime(
            sp.GetRequiredService<LlmTierSet>(),
            sp.GetRequiredService<LlmRuntimeOptions>(),
            sp.GetService<ILlmCacheStore>(),
            sp.GetService<ICostLedger>(),
            sp.GetService<IRouter>(),
            sp.GetService<ILoggerFactory>(),
            sp.GetService<SemanticCache.ISemanticCacheStore>(),
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>()));
        services.TryAddSingleton<ILlmRuntime>(sp => sp.GetRequiredService<LlmRuntime>());
        return services.AddChatClient(sp =>
        {
            LlmTierSet tiers = sp.GetRequiredService<LlmTierSet>();
            return new TierRoutingChatClient(tiers.Smallest().Client, tiers, sp.GetService<IRouter>());
        });
    }
}
