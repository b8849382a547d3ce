using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using LlmLint.Analyzers.Tests.Recurrence;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class CacheDeterministicCallTests
{
    private static void Refs(TestSetup s) => s.Sdks = Sdks.All;

    private const string Stage = ".UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))";

    private const string AddedUsings = "using Microsoft.Extensions.Caching.Distributed;\nusing Microsoft.Extensions.Caching.Memory;\nusing Microsoft.Extensions.Options;\n";

    private const string BuilderInLoop = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public class Batch
        {
            private readonly IChatClient _client;

            public Batch(IChatClient inner)
            {
                _client = new ChatClientBuilder(inner).UseOpenTelemetry().Build();
            }

            public async Task<List<Category>> RunAsync(IEnumerable<string> tickets)
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

    private static string Fixed(string markup) => markup
        .Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync")
        .Replace("using Microsoft.Extensions.AI;\n", "using Microsoft.Extensions.AI;\n" + AddedUsings)
        .Replace(".UseOpenTelemetry().Build()", ".UseOpenTelemetry()" + Stage + ".Build()");

    [Fact]
    public async Task Meai_ClassificationInLoop_Fires()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(BuilderInLoop, Refs);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("This classification call to 'GetResponseAsync' is deterministic and runs in a foreach loop over 'tickets', but nothing caches it", d.GetMessage());
        Assert.Equal("InsertUseDistributedCache", d.Properties["CacheFix"]);
        Assert.Equal("Loop", d.Properties["HotPath"]);
    }

    [Fact]
    public async Task Fix_AddsAnInMemoryStoreAndItsUsings_AndCompiles()
    {
        await VerifyCS.VerifyFixAsync(BuilderInLoop, Fixed(BuilderInLoop), Refs);
        FixedProgram.AssertCompiles(Fixed(BuilderInLoop), Sdks.All);
    }

    /// <summary>
    /// The fixed program runs: built with only the upstream client (no service provider, no IDistributedCache
    /// registration), it serves the second identical batch from the cache. The fix's old shape, a bare
    /// <c>.UseDistributedCache()</c>, throws at construction in the same program.
    /// </summary>
    [Fact]
    public async Task Fix_FixedProgramRuns_SecondCallServedFromCache()
    {
        await VerifyCS.VerifyFixAsync(BuilderInLoop, Fixed(BuilderInLoop), Refs);
        await FixedProgram.RunAsync(Fixed(BuilderInLoop), Sdks.All, async assembly =>
        {
            var upstream = new CountingChatClient("Billing");
            object batch = Activator.CreateInstance(assembly.GetType("Batch")!, (IChatClient)upstream)!;
            MethodInfo run = batch.GetType().GetMethod("RunAsync")!;
            string[] input = { "I was charged twice for my subscription" };

            IList first = await Invoke(run, batch, input);
            IList second = await Invoke(run, batch, input);

            Assert.Equal("Billing", Assert.Single(first.Cast<object>())!.ToString());
            Assert.Equal("Billing", Assert.Single(second.Cast<object>())!.ToString());
            Assert.Equal(1, upstream.Calls);
        });

        string oldFix = BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(".UseOpenTelemetry().Build()", ".UseOpenTelemetry().UseDistributedCache().Build()");
        await FixedProgram.RunAsync(oldFix, Sdks.All, assembly =>
        {
            var e = Assert.Throws<TargetInvocationException>(() => Activator.CreateInstance(assembly.GetType("Batch")!, (IChatClient)new CountingChatClient("Billing")));
            Assert.IsType<InvalidOperationException>(e.InnerException);
            return Task.CompletedTask;
        });
    }

    private static async Task<IList> Invoke(MethodInfo run, object target, string[] input)
    {
        var task = (Task)run.Invoke(target, new object[] { input })!;
        await task;
        return (IList)task.GetType().GetProperty("Result")!.GetValue(task)!;
    }

    [Fact]
    public async Task Fix_OptionsNameTakenByAProperty_WritesItFullyQualified()
    {
        string source = BuilderInLoop.Replace("    private readonly IChatClient _client;", "    private readonly IChatClient _client;\n\n    public string Options { get; set; } = \"\";");
        string expected = source
            .Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync")
            .Replace("using Microsoft.Extensions.AI;\n", "using Microsoft.Extensions.AI;\nusing Microsoft.Extensions.Caching.Distributed;\nusing Microsoft.Extensions.Caching.Memory;\n")
            .Replace(".UseOpenTelemetry().Build()", ".UseOpenTelemetry()" + Stage.Replace("Options.Create", "global::Microsoft.Extensions.Options.Options.Create") + ".Build()");
        await VerifyCS.VerifyFixAsync(source, expected, Refs);
        FixedProgram.AssertCompiles(expected, Sdks.All);
    }

    [Fact]
    public async Task Fix_MultiLineChain_PutsTheStageOnItsOwnLine()
    {
        string source = BuilderInLoop.Replace(".UseOpenTelemetry().Build()", "\n            .UseOpenTelemetry()\n            .Build()");
        string expected = source
            .Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync")
            .Replace("using Microsoft.Extensions.AI;\n", "using Microsoft.Extensions.AI;\n" + AddedUsings)
            .Replace("            .UseOpenTelemetry()\n            .Build()", "            .UseOpenTelemetry()\n            " + Stage + "\n            .Build()");
        await VerifyCS.VerifyFixAsync(source, expected, Refs);
        FixedProgram.AssertCompiles(expected, Sdks.All);
    }

    [Fact]
    public async Task FixAll_ExtendsEachBuilderOnce_AndAddsTheUsingsOnce()
    {
        string source = BuilderInLoop.Replace(
            "                result.Add(Enum.Parse<Category>(r.Text));",
            "                result.Add(Enum.Parse<Category>(r.Text));\n                var again = await _client.{|LLM2003:GetResponseAsync|}(\"Classify again: \" + t);\n                result.Add(Enum.Parse<Category>(again.Text));")
            + "\n" + BuilderInLoop.Substring(BuilderInLoop.IndexOf("public class Batch", StringComparison.Ordinal)).Replace("class Batch", "class Batch2").Replace("public Batch(", "public Batch2(");
        string expected = Fixed(source);
        await VerifyCS.VerifyFixAllAsync(source, expected, Refs);
        FixedProgram.AssertCompiles(expected, Sdks.All);
    }

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
        """, Refs);

    [Fact]
    public Task NoFix_WithoutTheInMemoryStoreTypes() => VerifyCS.VerifyNoFixAsync(BuilderInLoop, s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    [Fact]
    public Task SemanticKernel_SpamCheckPerEmail_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SpamFilter(Kernel kernel)
        {
            public async Task<int> CountSpamAsync(IEnumerable<string> inbox)
            {
                int spam = 0;
                foreach (string email in inbox)
                {
                    if (await kernel.{|LLM2003:InvokePromptAsync<bool>|}("Is this spam? " + email)) spam++;
                }

                return spam;
            }
        }
        """, Refs);

    [Fact]
    public Task SemanticKernel_OneOffPublicMethod_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SpamFilter(Kernel kernel)
        {
            public async Task<bool> IsSpamAsync(string email) => await kernel.InvokePromptAsync<bool>("Is this spam? " + email);
        }
        """, Refs);

    [Fact]
    public Task Meai_AlreadyCachedBuilder_Silent() => VerifyCS.VerifyAnalyzerAsync(
        BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(".UseOpenTelemetry().Build()", ".UseDistributedCache(new Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions()))).Build()"), Refs);

    [Fact]
    public Task Meai_AsBuilderChain_Cached_Silent() => VerifyCS.VerifyAnalyzerAsync(
        BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace("new ChatClientBuilder(inner).UseOpenTelemetry().Build()", "inner.AsBuilder().UseDistributedCache().Build()"), Refs);

    [Fact]
    public Task OpenAI_TemperatureZeroInLoop_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Tagger
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", "key");

            public async Task<List<string>> TagAllAsync(IEnumerable<string> texts)
            {
                var tags = new List<string>();
                foreach (string text in texts)
                {
                    var r = await _chat.{|LLM2003:CompleteChatAsync|}(new ChatMessage[] { new UserChatMessage("Suggest tags for: " + text) }, new ChatCompletionOptions { Temperature = 0 });
                    tags.Add(r.Value.Content[0].Text);
                }

                return tags;
            }
        }
        """, Refs);

    [Fact]
    public Task OpenAI_TemperatureZero_OneOffServiceCall_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class TagsService
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o-mini", "key");

            public async Task<string> Tags(string text)
            {
                var r = await _chat.CompleteChatAsync(new ChatMessage[] { new UserChatMessage("Suggest tags for: " + text) }, new ChatCompletionOptions { Temperature = 0 });
                return r.Value.Content[0].Text;
            }
        }
        """, Refs);

    [Fact]
    public Task Anthropic_IntentInLoop_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public static class Intents
        {
            public static async Task<List<string>> LabelAsync(AnthropicClient client, IEnumerable<string> texts)
            {
                var labels = new List<string>();
                foreach (string text in texts)
                {
                    var m = await client.Messages.{|LLM2003:Create|}(new MessageCreateParams
                    {
                        Model = "claude-haiku-4-5",
                        MaxTokens = 5,
                        Messages = [new UserMessageParam("Intent of: " + text)],
                    });
                    labels.Add(m.ToString());
                }

                return labels;
            }
        }
        """, Refs);

    [Fact]
    public Task Anthropic_OneOffRequest_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class IntentService(AnthropicClient client)
        {
            public async Task<string> IntentAsync(string text)
            {
                var m = await client.Messages.Create(new MessageCreateParams
                {
                    Model = "claude-haiku-4-5",
                    MaxTokens = 5,
                    Messages = [new UserMessageParam("Intent of: " + text)],
                });
                return m.ToString();
            }
        }
        """, Refs);

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
        """, Refs);

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
        """, Refs);

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
        """, Refs);

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
        """, Refs);

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
        "// <auto-generated/>\n" + BuilderInLoop.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync"), Refs);
}
