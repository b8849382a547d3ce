using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmLint.Analyzers.CallSites;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.Tests;

public class CallSiteExtractorTests
{
    internal static List<LlmCallSite> Extract(string source)
    {
        var compilation = AnalyzerRunner.Compile(new[] { ("/0/Test0.cs", source) }, Sdks.All);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        KnownTypes types = KnownTypes.From(compilation);
        SyntaxTree tree = compilation.SyntaxTrees.First();
        SemanticModel model = compilation.GetSemanticModel(tree);
        var sites = new List<LlmCallSite>();
        foreach (InvocationExpressionSyntax inv in tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (model.GetOperation(inv) is IInvocationOperation op && CallSiteExtractor.TryExtract(op, types, CancellationToken.None) is LlmCallSite site)
            {
                sites.Add(site);
            }
        }

        return sites;
    }

    [Fact]
    public void OpenAI_ModelTracedThroughFieldAssignedInConstructor_FromStaticReadonly()
    {
        LlmCallSite site = Assert.Single(Extract("""
            using OpenAI.Chat;
            public class S
            {
                private static readonly string ModelName = "gpt-4.1";
                private readonly ChatClient _chat;
                public S(string key) { _chat = new ChatClient(ModelName, key); }
                public string Ask(string q) => _chat.CompleteChat(new UserChatMessage(q)).Value.Content[0].Text;
            }
            """));
        Assert.Equal(LlmSdk.OpenAI, site.Sdk);
        Assert.Equal("gpt-4.1", site.Model.Id);
        Assert.Equal(ModelIdSource.Client, site.Model.Source);
        Assert.Equal("ModelName", site.Model.Field?.Name);
        Assert.NotNull(site.Model.LiteralLocation);
    }

    [Fact]
    public void UnknownModel_StaysUnknown_WhenAssignedTwiceOrFromParameter()
    {
        List<LlmCallSite> sites = Extract("""
            using OpenAI.Chat;
            public class S
            {
                private ChatClient _a;
                private readonly ChatClient _b;
                public S(string model, bool big) { _a = new ChatClient("gpt-4o", "k"); if (big) _a = new ChatClient("gpt-4o-mini", "k"); _b = new ChatClient(model, "k"); }
                public void Ask() { _a.CompleteChat(new UserChatMessage("x")); _b.CompleteChat(new UserChatMessage("x")); }
            }
            """);
        Assert.Equal(2, sites.Count);
        Assert.All(sites, s => Assert.Null(s.Model.Id));
    }

    [Fact]
    public void Meai_AnthropicAdapterDefaultModel_AndOptionsOverride()
    {
        List<LlmCallSite> sites = Extract("""
            using System.Threading.Tasks;
            using Anthropic;
            using Microsoft.Extensions.AI;
            public class S
            {
                public async Task Run(AnthropicClient anthropic)
                {
                    IChatClient client = anthropic.AsIChatClient("claude-sonnet-4-5");
                    await client.GetResponseAsync("a");
                    await client.GetResponseAsync("b", new ChatOptions { ModelId = "claude-haiku-4-5", Temperature = 0, MaxOutputTokens = 5 });
                }
            }
            """);
        Assert.Equal("claude-sonnet-4-5", sites[0].Model.Id);
        Assert.Equal(ModelIdSource.Client, sites[0].Model.Source);
        Assert.Equal("claude-haiku-4-5", sites[1].Model.Id);
        Assert.Equal(0, sites[1].Output.Temperature);
        Assert.Equal(5, sites[1].Output.MaxOutputTokens);
        Assert.True(sites[1].Prompt.IsSingleTurn);
    }

    [Fact]
    public void Prompt_FoldsConstConcatenationAndInterpolationHoles()
    {
        LlmLint.Analyzers.CallSites.LlmCallSite site = Assert.Single(Extract("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public class S
            {
                private const string Rules = "Be brief. " + "Use one word.";
                public Task<ChatResponse> Run(IChatClient c, string ticket)
                {
                    var messages = new[] { new ChatMessage(ChatRole.System, Rules), new ChatMessage(ChatRole.User, $"Ticket: {ticket}") };
                    return c.GetResponseAsync(messages);
                }
            }
            """));
        Assert.Equal(2, site.Prompt.MessageCount);
        PromptSegment system = site.Prompt.Segments.Single(s => s.Role == PromptRole.System);
        Assert.Equal("Be brief. Use one word.", system.Text);
        Assert.True(system.IsConstant);
        PromptSegment user = site.Prompt.Segments.Single(s => s.Role == PromptRole.User);
        Assert.Equal("Ticket: {ticket}", user.Text);
        Assert.False(user.IsConstant);
        Assert.Equal("ticket", Assert.Single(user.HoleSymbols).Name);
    }

    [Fact]
    public void Messages_FromParameter_AreUnknown_NotSingleTurn()
    {
        LlmCallSite site = Assert.Single(Extract("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public class S
            {
                public Task<ChatResponse> Run(IChatClient c, List<ChatMessage> history) => c.GetResponseAsync(history);
            }
            """));
        Assert.True(site.Prompt.HasUnknownMessages);
        Assert.False(site.Prompt.IsSingleTurn);
    }

    [Fact]
    public void OpenAI_JsonSchemaFieldCount_AndResultUse()
    {
        LlmCallSite site = Assert.Single(Extract("""
            using System;
            using System.Text.Json;
            using OpenAI.Chat;
            public record Fields(string Vendor, decimal Total);
            public class S
            {
                public Fields? Run(ChatClient chat, string doc)
                {
                    var options = new ChatCompletionOptions
                    {
                        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("fields", BinaryData.FromString(\"\"\"{"type":"object","properties":{"vendor":{"type":"string"},"total":{"type":"number"}},"required":["vendor","total"]}\"\"\")),
                        MaxOutputTokenCount = 100,
                    };
                    ChatCompletion completion = chat.CompleteChat(new ChatMessage[] { new UserChatMessage(doc) }, options);
                    string text = completion.Content[0].Text;
                    return JsonSerializer.Deserialize<Fields>(text);
                }
            }
            """.Replace("\\\"", "\"")));
        Assert.Equal(2, site.Output.SchemaFieldCount);
        Assert.Equal(100, site.Output.MaxOutputTokens);
        ResultUse use = Assert.Single(site.ResultUses);
        Assert.Equal(ResultUseKind.JsonDeserialize, use.Kind);
        TaskInference inference = TaskKindInference.Infer(site);
        Assert.Equal(TaskKind.Extraction, inference.Kind);
        Assert.Equal(EvidenceStrength.Structural, inference.Strength);
    }

    [Fact]
    public void HotPath_LoopAndRequestPath()
    {
        List<LlmCallSite> sites = Extract("""
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public class S
            {
                public async Task<ChatResponse> Public(IChatClient c) => await c.GetResponseAsync("x");
                internal async Task Loop(IChatClient c, int[] xs) { for (int i = 0; i < xs.Length; i++) await c.GetResponseAsync("x"); }
                internal Task Select(IChatClient c, int[] xs) => Task.WhenAll(xs.Select(x => c.GetResponseAsync("x")));
                private async Task Private(IChatClient c) => await c.GetResponseAsync("x");
            }
            """);
        Assert.True(sites[0].HotPath.OnRequestPath);
        Assert.False(sites[0].HotPath.InLoop);
        Assert.True(sites[1].HotPath.InLoop);
        Assert.True(sites[2].HotPath.InLoop);
        Assert.False(sites[3].HotPath.IsHot);
    }

    [Fact]
    public void DelegatingChatClientInternals_AreNotCallSites()
    {
        Assert.Empty(Extract("""
            using System.Collections.Generic;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public sealed class Stage : DelegatingChatClient
            {
                public Stage(IChatClient inner) : base(inner) { }
                public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken ct = default)
                    => base.GetResponseAsync(messages, options, ct);
            }
            """));
    }

    [Fact]
    public void NameAlone_IsNotEnough()
    {
        Assert.Empty(Extract("""
            using System.Threading.Tasks;
            public class ChatClient { public Task<string> GetResponseAsync(string s) => Task.FromResult(s); public string CompleteChat(string s) => s; }
            public class S { public void M(ChatClient c) { c.GetResponseAsync("x"); c.CompleteChat("x"); } }
            """));
    }

    [Theory]
    [InlineData("Classify this ticket as billing or technical.", "Classification", "Textual")]
    [InlineData("Extract the invoice number and total.", "Extraction", "Textual")]
    [InlineData("Write a friendly reply to this customer.", "Other", "None")]
    [InlineData("Summarize and classify this long thread, then draft a reply and write a report.", "Other", "None")]
    public void TextualInference(string prompt, string kind, string strength)
    {
        LlmCallSite site = Assert.Single(Extract($$"""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public class S { public Task<ChatResponse> M(IChatClient c, string x) => c.GetResponseAsync("{{prompt}} " + x); }
            """));
        TaskInference t = TaskKindInference.Infer(site);
        Assert.Equal(kind, t.Kind.ToString());
        Assert.Equal(strength, t.Strength.ToString());
    }

    [Fact]
    public void StructuralInference_SwitchOnText()
    {
        LlmCallSite site = Assert.Single(Extract("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            public class S
            {
                public async Task<int> M(IChatClient c, string x)
                {
                    var r = await c.GetResponseAsync(x);
                    switch (r.Text.Trim())
                    {
                        case "billing": return 1;
                        case "technical": return 2;
                        default: return 0;
                    }
                }
            }
            """));
        TaskInference t = TaskKindInference.Infer(site);
        Assert.Equal(TaskKind.Classification, t.Kind);
        Assert.Equal(EvidenceStrength.Structural, t.Strength);
        Assert.Contains(t.Evidence, e => e.Contains("switched on 2"));
    }
}
