using System;
using LlmLint;
using LlmLint.Caching;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Stores;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace SupportTriage.Optimized;

/// <summary>The models behind each tier, and how the app registers the LlmLint runtime and its triage functions.</summary>
public static class TriageServices
{
    /// <summary>The small tier's default model.</summary>
    public const string SmallModel = "gpt-4o-mini";

    /// <summary>The small tier's model with <c>--anthropic</c>.</summary>
    public const string AnthropicSmallModel = "claude-haiku-4-5";

    /// <summary>The large tier's model, also the baseline that savings are measured against.</summary>
    public const string LargeModel = "gpt-4o";

    /// <summary>
    /// Registers the LlmLint runtime over one client per tier (exact cache, cascades, cost metering into <paramref name="ledger"/>),
    /// <see cref="TicketTriage"/>, whose generated methods call it, and the app's <see cref="IChatClient"/> for free-form calls:
    /// Microsoft.Extensions.AI's <see cref="ChatClientBuilder"/> over LlmLint's tier routing, with OpenTelemetry, the exact cache
    /// and cost metering chained on it.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="small">The small tier's client (any <see cref="IChatClient"/>: OpenAI's adapter, Anthropic's, or the offline one).</param>
    /// <param name="smallModel">The small tier's model id; it prices the calls and is part of cache keys.</param>
    /// <param name="large">The large tier's client.</param>
    /// <param name="ledger">Receives one cost record per call.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddSupportTriage(this IServiceCollection services, IChatClient small, string smallModel, IChatClient large, ICostLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(small);
        ArgumentException.ThrowIfNullOrWhiteSpace(smallModel);
        ArgumentNullException.ThrowIfNull(large);
        ArgumentNullException.ThrowIfNull(ledger);

        // Each tier's client is registered under a key ("llmlint:small", "llmlint:large"); the returned builder wraps the
        // client that routes between them, and the stages run outermost first.
        services.AddLlmLint(llm => llm
                .AddTier(Tier.Small, small, smallModel)
                .AddTier(Tier.Large, large, LargeModel)
                // The exact cache; UseSqliteCache("triage-cache.db") (LlmLint.Sqlite) keeps it across runs, UsePostgresCache (LlmLint.PostgreSQL) shares it between instances.
                .UseCacheStore(new InMemoryLlmCacheStore())
                .UseCostLedger(ledger)
                .Configure(o =>
                {
                    o.BaselineModelId = LargeModel;
                    o.Cache.DefaultTtl = TimeSpan.FromHours(1);
                }))
            .UseOpenTelemetry()
            .UseLlmLintCache()
            .UseCostMetering();
        services.AddSingleton<TicketTriage>();
        return services;
    }

    /// <summary>
    /// Creates the tier clients: OpenAI's through Microsoft.Extensions.AI.OpenAI's adapter when <paramref name="openAIKey"/> is
    /// set, else the offline stand-ins.
    /// </summary>
    /// <param name="openAIKey">The OpenAI API key, or <see langword="null"/> to run offline.</param>
    /// <param name="smallModel">The small tier's model id (offline only: OpenAI serves <see cref="SmallModel"/>).</param>
    /// <returns>The small and large tiers' clients and the small tier's model id.</returns>
    public static (IChatClient Small, IChatClient Large, string SmallModel) CreateClients(string? openAIKey, string smallModel)
    {
        if (string.IsNullOrWhiteSpace(openAIKey))
        {
            return (new OfflineChatClient(smallModel), new OfflineChatClient(LargeModel), smallModel);
        }

        var openAI = new OpenAIClient(openAIKey);
        return (openAI.GetChatClient(SmallModel).AsIChatClient(), openAI.GetChatClient(LargeModel).AsIChatClient(), SmallModel);
    }
}
