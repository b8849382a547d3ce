using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LlmLint;
using LlmLint.Caching;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.Stores;
using Microsoft.Extensions.AI;

// Timed harness: per-call overhead of the runtime's stages against calling the inner client directly, in the same run.
// Usage: dotnet run -c Release --project bench/LlmLint.Benchmarks.Runtime [-- iterations]
int iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
var inner = new InstantClient();
var messages = new List<ChatMessage>
{
    new(ChatRole.System, "You classify customer e-mails into one of: billing, shipping, returns, other. Answer with the label only."),
    new(ChatRole.User, "Hello, I was charged twice for my order #12345 last week. Could you refund the duplicate payment? Thanks, Sam"),
};
var options = new ChatOptions { Temperature = 0, MaxOutputTokens = 5, ModelId = "gpt-4o-mini" };

using var cache = new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore());
using var meteredCache = new CostMeteringChatClient(new LlmLintCachingChatClient(inner, new InMemoryLlmCacheStore()), new CostMeteringOptions { Tier = Tier.Small });
using var runtime = new LlmRuntime(new LlmTierSet().Add(Tier.Small, inner, "gpt-4o-mini"));
IChatClient runtimeClient = runtime.GetClient(Tier.Small);
await cache.GetResponseAsync(messages, options);
await meteredCache.GetResponseAsync(messages, options);
await runtimeClient.GetResponseAsync(messages, options);

var cases = new (string Name, Func<Task<ChatResponse>> Call)[]
{
    ("inner client, direct (peer)", () => inner.GetResponseAsync(messages, options)),
    ("cache key only (SHA-256 of canonical form)", () => { CacheKey.Compute(messages, options, "tenant", "gpt-4o-mini"); return InstantClient.Completed; }),
    ("exact-cache hit, in-memory store", () => cache.GetResponseAsync(messages, options)),
    ("metering + exact-cache hit", () => meteredCache.GetResponseAsync(messages, options)),
    ("LlmRuntime.GetClient(Small) hit", () => runtimeClient.GetResponseAsync(messages, options)),
};

Console.WriteLine($"{Environment.ProcessorCount} cores, {RuntimeInformation()}, {iterations:N0} timed calls per case after {iterations / 4:N0} warm-up calls");
Console.WriteLine($"{"case",-46} {"p50 µs",9} {"p90 µs",9} {"p99 µs",9} {"mean µs",9} {"B/call",9}");
foreach ((string name, Func<Task<ChatResponse>> call) in cases)
{
    for (int i = 0; i < iterations / 4; i++)
    {
        await call();
    }

    var samples = new double[iterations];
    GC.Collect();
    long allocBefore = GC.GetAllocatedBytesForCurrentThread();
    long total = Stopwatch.GetTimestamp();
    for (int i = 0; i < iterations; i++)
    {
        long t0 = Stopwatch.GetTimestamp();
        await call();
        samples[i] = Stopwatch.GetElapsedTime(t0).TotalMicroseconds;
    }

    double mean = Stopwatch.GetElapsedTime(total).TotalMicroseconds / iterations;
    long alloc = (GC.GetAllocatedBytesForCurrentThread() - allocBefore) / iterations;
    Array.Sort(samples);
    Console.WriteLine($"{name,-46} {P(samples, 0.50),9:F2} {P(samples, 0.90),9:F2} {P(samples, 0.99),9:F2} {mean,9:F2} {alloc,9}");
}

static double P(double[] sorted, double q) => sorted[(int)Math.Min(sorted.Length - 1, q * sorted.Length)];

static string RuntimeInformation() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;

/// <summary>An inner client that answers at once, so the figures are the stages' own overhead.</summary>
internal sealed class InstantClient : IChatClient
{
    public static readonly Task<ChatResponse> Completed = Task.FromResult(new ChatResponse());

    private readonly Task<ChatResponse> _answer = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "billing"))
    {
        ModelId = "gpt-4o-mini",
        FinishReason = ChatFinishReason.Stop,
        Usage = new UsageDetails { InputTokenCount = 60, OutputTokenCount = 1, TotalTokenCount = 61 },
    });

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => _answer;

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
