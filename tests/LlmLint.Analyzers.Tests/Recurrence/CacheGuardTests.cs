using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>
/// LLM2003 stays silent when a cache already guards the call (a lookup before it in the same body, the call inside a
/// cache's factory, a caching stage in the client's pipeline, <c>[Cache]</c>), and still fires when what looks like a
/// cache does not guard it.
/// </summary>
public class CacheGuardTests
{
    private static void Refs(TestSetup s) => s.Sdks = Sdks.All;

    /// <summary>A classification per ticket; GUARD_FIELDS and the body of Classify are filled by each test.</summary>
    private static string PerTicket(string fields, string body, string usings = "") => $$"""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        {{usings}}
        public enum Category { Billing, Technical }

        internal sealed class Triage
        {
            private readonly IChatClient _client;
        {{fields}}
            public Triage(IChatClient client) => _client = client;

            internal async Task RunAsync(IEnumerable<string> tickets)
            {
                foreach (string ticket in tickets)
                {
                    Category category;
        {{body}}
                    Console.WriteLine(category);
                }
            }
        }
        """;

    private const string Call = "Enum.Parse<Category>((await _client.GetResponseAsync(\"Classify: \" + ticket)).Text)";
    private const string MarkedCall = "Enum.Parse<Category>((await _client.{|LLM2003:GetResponseAsync|}(\"Classify: \" + ticket)).Text)";

    [Fact]
    public Task Unguarded_Fires() => VerifyCS.VerifyAnalyzerAsync(PerTicket("", "category = " + MarkedCall + ";"), Refs);

    [Fact]
    public Task ConcurrentDictionaryLookupOnFingerprint_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly ConcurrentDictionary<string, Category> _seen = new();",
        """
                    string fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(ticket)));
                    if (!_seen.TryGetValue(fingerprint, out category))
                    {
                        category = CALL;
                        _seen[fingerprint] = category;
                    }
        """.Replace("CALL", Call)), Refs);

    [Fact]
    public Task DictionaryLookupThatNeverStores_Fires() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly Dictionary<string, string> _aliases = new();",
        """
                    string text = _aliases.TryGetValue(ticket, out string? alias) ? alias : ticket;
                    category = CALL;
        """.Replace("CALL", MarkedCall).Replace("\" + ticket)", "\" + text)")), Refs);

    [Fact]
    public Task ConcurrentDictionaryGetOrAddFactory_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly ConcurrentDictionary<string, Task<Category>> _memo = new();",
        "            category = await _memo.GetOrAdd(ticket, async t => CALL);".Replace("CALL", Call)), Refs);

    [Fact]
    public Task MemoryCacheTryGetValue_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly IMemoryCache _cache = new MemoryCache(new MemoryCacheOptions());",
        """
                    if (!_cache.TryGetValue(ticket, out category))
                    {
                        category = CALL;
                        _cache.Set(ticket, category);
                    }
        """.Replace("CALL", Call), "using Microsoft.Extensions.Caching.Memory;"), Refs);

    [Fact]
    public Task MemoryCacheWrittenAfterTheCallOnly_Fires() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly IMemoryCache _cache = new MemoryCache(new MemoryCacheOptions());",
        """
                    category = CALL;
                    _cache.Set(ticket, category);
        """.Replace("CALL", MarkedCall), "using Microsoft.Extensions.Caching.Memory;"), Refs);

    [Fact]
    public Task HybridCacheGetOrCreateAsyncFactory_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly HybridCache _cache = null!;",
        "            category = await _cache.GetOrCreateAsync(\"classify:\" + ticket, async ct => CALL);".Replace("CALL", Call),
        "using Microsoft.Extensions.Caching.Hybrid;"), Refs);

    [Fact]
    public Task HybridCacheInAnotherLambda_Fires() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly HybridCache _cache = null!;",
        """
                    Func<ValueTask<int>> unrelated = () => _cache.GetOrCreateAsync("n", ct => ValueTask.FromResult(1));
                    category = CALL;
        """.Replace("CALL", MarkedCall),
        "using Microsoft.Extensions.Caching.Hybrid;"), Refs);

    [Fact]
    public Task DistributedCacheGetStringAsync_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "    private readonly IDistributedCache _cache = null!;",
        """
                    string? hit = await _cache.GetStringAsync("classify:" + ticket);
                    if (hit != null)
                    {
                        category = Enum.Parse<Category>(hit);
                    }
                    else
                    {
                        category = CALL;
                        await _cache.SetStringAsync("classify:" + ticket, category.ToString());
                    }
        """.Replace("CALL", Call), "using Microsoft.Extensions.Caching.Distributed;"), Refs);

    [Fact]
    public Task PipelineWithUseDistributedCache_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "",
        "            category = " + Call + ";").Replace(
        "public Triage(IChatClient client) => _client = client;",
        "public Triage(IChatClient client, Microsoft.Extensions.Caching.Distributed.IDistributedCache cache) => _client = new ChatClientBuilder(client).UseDistributedCache(cache).Build();"), Refs);

    [Fact]
    public Task PipelineWithUseLlmLintCache_Silent() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "",
        "            category = " + Call + ";",
        "using LlmLint.Caching;").Replace(
        "public Triage(IChatClient client) => _client = client;",
        "public Triage(IChatClient client) => _client = new ChatClientBuilder(client).UseLlmLintCache().Build();")
        + "\nnamespace LlmLint.Caching { public static class CacheBuilderExtensions { public static ChatClientBuilder UseLlmLintCache(this ChatClientBuilder b) => b; } }", Refs);

    [Fact]
    public Task PipelineWithoutCache_Fires() => VerifyCS.VerifyAnalyzerAsync(PerTicket(
        "",
        "            category = " + MarkedCall + ";").Replace(
        "public Triage(IChatClient client) => _client = client;",
        "public Triage(IChatClient client) => _client = new ChatClientBuilder(client).UseOpenTelemetry().Build();"), Refs);

    [Fact]
    public Task CacheAttributeOnPromptFunction_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace LlmLint { [AttributeUsage(AttributeTargets.Method)] public sealed class CacheAttribute : Attribute { } }

        public enum Category { Billing, Technical }

        public sealed class Triage(IChatClient client)
        {
            [LlmLint.Cache]
            public async Task<Category> ClassifyAsync(string ticket) => Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + ticket)).Text);

            public async Task RunAsync(IEnumerable<string> tickets)
            {
                foreach (string t in tickets) Console.WriteLine(await ClassifyAsync(t));
            }
        }
        """, Refs);
}
