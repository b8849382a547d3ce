using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.AI;

namespace LlmLint.Generators.Tests.Infrastructure;

/// <summary>
/// A minimal <see cref="ILlmRuntime"/> for the generator's behaviour tests: one client per tier, cascades that
/// escalate when the parser rejects an answer, and an exact in-memory cache keyed by function id, template hash, tier
/// and cache key. It does what the contract on <see cref="ILlmRuntime"/> says and nothing more.
/// </summary>
internal sealed class TestLlmRuntime : ILlmRuntime
{
    private readonly IReadOnlyDictionary<Tier, IChatClient> clients;
    private readonly ConcurrentDictionary<string, object?> cache = new(StringComparer.Ordinal);

    public TestLlmRuntime(IReadOnlyDictionary<Tier, IChatClient> clients) =>
        this.clients = clients ?? throw new ArgumentNullException(nameof(clients));

    public int CacheHits { get; private set; }

    public List<string> CacheKeys { get; } = new();

    public IChatClient GetClient(Tier tier)
    {
        for (Tier t = tier; t <= Tier.Frontier; t++)
        {
            if (clients.TryGetValue(t, out IChatClient? client))
            {
                return client;
            }
        }

        throw new InvalidOperationException($"No client is registered for tier {tier} or any larger tier.");
    }

    public async Task<T> InvokeAsync<T>(LlmFunctionRequest request, LlmResultParser<T> parser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        IReadOnlyList<Tier> tiers = request.CascadeTiers ?? new[] { request.Tier };
        if (request.Cache is not null)
        {
            foreach (Tier tier in tiers)
            {
                if (cache.TryGetValue(Key(request, tier), out object? hit))
                {
                    CacheHits++;
                    return (T)hit!;
                }
            }
        }

        for (int i = 0; i < tiers.Count; i++)
        {
            var options = new ChatOptions
            {
                ResponseFormat = request.ResponseFormat,
                MaxOutputTokens = request.MaxOutputTokens,
                Temperature = request.Temperature,
            };
            if (request.Batch)
            {
                (options.AdditionalProperties ??= new())[LlmLintPropertyKeys.Batch] = true;
            }

            ChatResponse response = await GetClient(tiers[i]).GetResponseAsync(request.Messages, options, cancellationToken);
            string text = response.Text;
            if (parser(text, out T? value, out string? error))
            {
                if (request.Cache is not null)
                {
                    string key = Key(request, tiers[i]);
                    CacheKeys.Add(key);
                    cache[key] = value;
                }

                return value;
            }

            if (i == tiers.Count - 1)
            {
                throw new LlmResultValidationException(request.FunctionId, tiers[i], text, error);
            }
        }

        throw new InvalidOperationException("The request names no tier.");
    }

    public async IAsyncEnumerable<string> StreamAsync(LlmFunctionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Tier tier = request.CascadeTiers is { Count: > 0 } cascade ? cascade[0] : request.Tier;
        var options = new ChatOptions { MaxOutputTokens = request.MaxOutputTokens, Temperature = request.Temperature };
        await foreach (ChatResponseUpdate update in GetClient(tier).GetStreamingResponseAsync(request.Messages, options, cancellationToken))
        {
            yield return update.Text;
        }
    }

    private static string Key(LlmFunctionRequest request, Tier tier) =>
        request.FunctionId + "\n" + request.TemplateHash + "\n" + tier + "\n" + request.CacheKey;
}

/// <summary>
/// The runtimes the behaviour tests run against, by name: <c>test</c> is the minimal <see cref="TestLlmRuntime"/>,
/// <c>real</c> is the library's <see cref="LlmRuntime"/> over the same per-tier clients, with its exact cache on an
/// <see cref="InMemoryLlmCacheStore"/>, so every behaviour test checks the generated code against both.
/// </summary>
public static class RuntimeFactories
{
    private static readonly Dictionary<string, Func<IReadOnlyDictionary<Tier, IChatClient>, ILlmRuntime>> Factories = new(StringComparer.Ordinal)
    {
        ["test"] = clients => new TestLlmRuntime(clients),
        ["real"] = CreateReal,
    };

    public static TheoryData<string> Names
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (string name in Factories.Keys)
            {
                data.Add(name);
            }

            return data;
        }
    }

    public static ILlmRuntime Create(string name, IReadOnlyDictionary<Tier, IChatClient> clients) => Factories[name](clients);

    /// <summary>Builds the library's runtime over <paramref name="clients"/>; each tier's model id is the client's name.</summary>
    public static LlmRuntime CreateReal(IReadOnlyDictionary<Tier, IChatClient> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        var tiers = new LlmTierSet();
        foreach (KeyValuePair<Tier, IChatClient> pair in clients)
        {
            tiers.Add(pair.Key, pair.Value, (pair.Value as FakeChatClient)?.ModelId);
        }

        return new LlmRuntime(tiers, new LlmRuntimeOptions(), new InMemoryLlmCacheStore());
    }
}
