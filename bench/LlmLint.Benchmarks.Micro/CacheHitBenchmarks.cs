using System.Collections.Generic;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using LlmLint;
using LlmLint.Caching;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.AI;

/// <summary>
/// The per-call cost of an exact-cache hit on the in-memory store, alone, under cost metering and through the runtime's
/// tier client, against the inner client called directly. Request: a system and a user message (~230 characters),
/// temperature 0, a model id.
/// </summary>
[MemoryDiagnoser]
public class CacheHitBenchmarks
{
    private readonly List<ChatMessage> _messages =
    [
        new(ChatRole.System, "You classify customer e-mails into one of: billing, shipping, returns, other. Answer with the label only."),
        new(ChatRole.User, "Hello, I was charged twice for my order #12345 last week. Could you refund the duplicate payment? Thanks, Sam"),
    ];

    private readonly ChatOptions _options = new() { Temperature = 0, MaxOutputTokens = 5, ModelId = "gpt-4o-mini" };
    private InstantChatClient _inner = null!;
    private LlmLintCachingChatClient _cache = null!;
    private CostMeteringChatClient _meteredCache = null!;
    private LlmRuntime _runtime = null!;
    private IChatClient _runtimeClient = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _inner = new InstantChatClient();
        _cache = new LlmLintCachingChatClient(_inner, new InMemoryLlmCacheStore());
        _meteredCache = new CostMeteringChatClient(new LlmLintCachingChatClient(_inner, new InMemoryLlmCacheStore()), new CostMeteringOptions { Tier = Tier.Small });
        _runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, _inner, "gpt-4o-mini"));
        _runtimeClient = _runtime.GetClient(Tier.Small);
        await _cache.GetResponseAsync(_messages, _options);
        await _meteredCache.GetResponseAsync(_messages, _options);
        await _runtimeClient.GetResponseAsync(_messages, _options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _cache.Dispose();
        _meteredCache.Dispose();
        _runtime.Dispose();
    }

    [Benchmark(Baseline = true, Description = "inner client, direct (peer)")]
    public Task<ChatResponse> InnerClient() => _inner.GetResponseAsync(_messages, _options);

    [Benchmark(Description = "cache key only (SHA-256 of the canonical form)")]
    public string Key() => CacheKey.Compute(_messages, _options, "tenant", "gpt-4o-mini");

    [Benchmark(Description = "exact-cache hit, in-memory store")]
    public Task<ChatResponse> ExactCacheHit() => _cache.GetResponseAsync(_messages, _options);

    [Benchmark(Description = "metering + exact-cache hit")]
    public Task<ChatResponse> MeteredCacheHit() => _meteredCache.GetResponseAsync(_messages, _options);

    [Benchmark(Description = "LlmRuntime.GetClient(Small) hit")]
    public Task<ChatResponse> RuntimeClientHit() => _runtimeClient.GetResponseAsync(_messages, _options);
}
