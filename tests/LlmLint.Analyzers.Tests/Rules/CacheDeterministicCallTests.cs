using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class CacheDeterministicCallTests
{
    private static void All(TestSetup s) => s.Sdks = Sdks.All;

    private const string BuilderInLoop = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public class Batch
        {
            private readonly IChatClient _client;

            public Batch(OpenAI.Chat.ChatClient openAi)
            {
                _client = new ChatClientBuilder(openAi.AsIChatClient()).UseLogging().Build();
            }

            internal async Task<List<Category>> RunAsync(IEnumerable<string> tickets)
            {
                var result = new List<Category>();
                foreach (string t in tickets)
                {
                    var r = await _client.{|LLM2003:GetResponseAsync|}("Classify: " + t);
                    result.Add(Enum.Parse<Category>(r.Text));
                }

                return result;
            }
        }
        """;

    [Fact]
    public async Task Meai_ClassificationInLoop_Fires()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(BuilderInLoop, All);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("foreach loop", d.GetMessage());
        Assert.Equal("InsertUseDistributedCache", d.Properties["CacheFix"]);
    }

    [Fact]
    public Task Meai_Fix_InsertsUseDistributedCache() => VerifyCS.VerifyFixAsync(BuilderInLoop,
        BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(".UseLogging().Build()", ".UseLogging().UseDistributedCache().Build()"), All);

    [Fact]
    public Task Meai_FixAll_InsertsOncePerBuilder()
    {
        string source = BuilderInLoop.Replace(
            "                    result.Add(Enum.Parse<Category>(r.Text));",
            "                    result.Add(Enum.Parse<Category>(r.Text));\n                    var again = await _client.{|LLM2003:GetResponseAsync|}(\"Classify: \" + t);\n                    result.Add(Enum.Parse<Category>(again.Text));");
        string expected = source.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(".UseLogging().Build()", ".UseLogging().UseDistributedCache().Build()");
        return VerifyCS.VerifyFixAllAsync(source, expected, All);
    }

    [Fact]
    public Task Meai_AlreadyCachedBuilder_Silent() => VerifyCS.VerifyAnalyzerAsync(
        BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(".UseLogging().Build()", ".UseDistributedCache().Build()"), All);

    [Fact]
    public Task Meai_AsBuilderChain_Cached_Silent() => VerifyCS.VerifyAnalyzerAsync(
        BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace("new ChatClientBuilder(openAi.AsIChatClient()).UseLogging().Build()", "openAi.AsIChatClient().AsBuilder().UseDistributedCache().Build()"), All);

    [Fact]
    public Task OpenAI_TemperatureZero_ControllerAction_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using OpenAI.Chat;

        [ApiController]
        public class TagsController : ControllerBase
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", "key");

            public async Task<string> Tags(string text)
            {
                var r = await _chat.{|LLM2003:CompleteChatAsync|}(new ChatMessage[] { new UserChatMessage("Suggest tags for: " + text) }, new ChatCompletionOptions { Temperature = 0 });
                return r.Value.Content[0].Text;
            }
        }
        """, All);

    [Fact]
    public Task Anthropic_MinimalApiHandler_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Routing;

        public enum Intent { Refund, Question }

        public static class Endpoints
        {
            public static void Map(IEndpointRouteBuilder app, AnthropicClient client)
            {
                app.MapPost("/intent", async (string text) =>
                {
                    var m = await client.Messages.{|LLM2003:Create|}(new MessageCreateParams
                    {
                        Model = "claude-haiku-4-5",
                        MaxTokens = 5,
                        Messages = [new UserMessageParam("Intent of: " + text)],
                    });
                    return m.ToString();
                });
            }
        }
        """, All);

    [Fact]
    public Task SemanticKernel_PublicAsyncMethod_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SpamFilter
        {
            private readonly Kernel _kernel;
            public SpamFilter(Kernel kernel) => _kernel = kernel;

            public async Task<bool> IsSpamAsync(string email) => await _kernel.{|LLM2003:InvokePromptAsync<bool>|}("Is this spam? " + email);
        }
        """, All);

    [Fact]
    public Task MemoryCacheAroundCall_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Caching.Memory;

        public enum Category { A, B }

        public class Cached
        {
            public async Task<Category> ClassifyAsync(IChatClient client, IMemoryCache cache, string text) =>
                await cache.GetOrCreateAsync(text, async _ => Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + text)).Text));
        }
        """, All);

    [Fact]
    public Task CacheAttribute_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { A, B }

        public class Cached
        {
            [LlmLint.Cache]
            public async Task<Category> ClassifyAsync(IChatClient client, string text) =>
                Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + text)).Text);
        }
        """, All);

    [Fact]
    public Task NonDeterministicKey_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Caching.Memory;

        public enum Category { A, B }

        public class Cached
        {
            public async Task<Category> ClassifyAsync(IChatClient client, IMemoryCache cache, string text) =>
                await cache.GetOrCreateAsync({|LLM2003:text + DateTime.UtcNow.Ticks|}, async _ => Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + text)).Text));
        }
        """, All);

    [Fact]
    public Task KeyOmitsPromptInput_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Caching.Memory;

        public enum Category { A, B }

        public class Cached
        {
            public async Task<Category> ClassifyAsync(IChatClient client, IMemoryCache cache, string tenant, string text)
            {
                string key = "classify:" + tenant;
                return await cache.GetOrCreateAsync({|LLM2003:key|}, async _ => Enum.Parse<Category>((await client.GetResponseAsync($"Classify for {tenant}: {text}")).Text));
            }
        }
        """, All);

    [Fact]
    public Task Negative_NotHot_PrivateSyncPath() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum Category { A, B }
        internal class Once
        {
            internal async Task<Category> ClassifyAsync(IChatClient client, string text) =>
                Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + text)).Text);
        }
        """, All);

    [Fact]
    public Task Negative_GenerationInLoop() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        internal class Writer
        {
            internal async Task RunAsync(IChatClient client, IEnumerable<string> topics)
            {
                foreach (var t in topics)
                {
                    await client.GetResponseAsync("Write a blog post about " + t, new ChatOptions { Temperature = 0.9f });
                }
            }
        }
        """, All);

    [Fact]
    public Task Negative_TemperatureZeroWithTools() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        internal class Agent
        {
            internal async Task RunAsync(IChatClient client, IEnumerable<string> asks, IList<AITool> tools)
            {
                foreach (var a in asks)
                {
                    await client.GetResponseAsync(a, new ChatOptions { Temperature = 0, Tools = tools });
                }
            }
        }
        """, All);

    [Fact]
    public Task Silent_WithoutSdk() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        public enum Category { A, B }
        internal class C
        {
            internal void Run(Func<string, string> client, IEnumerable<string> xs)
            {
                foreach (var x in xs) Enum.Parse<Category>(client("Classify: " + x));
            }
        }
        """, s => s.Sdks = Sdks.None);

    [Fact]
    public Task Silent_InGeneratedCode() => VerifyCS.VerifyAnalyzerAsync(
        "// <auto-generated/>\n" + BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync"), All);

    [Fact]
    public Task NoFix_WhenClientIsInjected() => VerifyCS.VerifyNoFixAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum Category { A, B }
        internal class C
        {
            internal async Task Run(IChatClient client, IEnumerable<string> xs)
            {
                foreach (var x in xs) Enum.Parse<Category>((await client.{|LLM2003:GetResponseAsync|}("Classify: " + x)).Text);
            }
        }
        """, All);
}
