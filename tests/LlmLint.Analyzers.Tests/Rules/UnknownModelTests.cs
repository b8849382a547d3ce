using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Verify = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.UnknownModelAnalyzer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class UnknownModelTests
{
    [Fact]
    public async Task Meai_Typo_FiresOnLiteral_WithClosestIds()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public class M
            {
                public Task RunAsync(IChatClient client) => client.GetResponseAsync("hi", new ChatOptions { ModelId = {|LLM2007:"gpt-4o-mnii"|} });
            }
            """);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("'gpt-4o-mini'", d.GetMessage());
        Assert.Equal("Unknown", d.Properties["ModelProblem"]);
    }

    [Fact]
    public async Task OpenAI_RetiredModel_SuggestsSuccessor_ReportedOncePerLiteral()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using OpenAI.Chat;

            public class O
            {
                private readonly ChatClient _chat = new ChatClient({|LLM2007:"gpt-4-1106-preview"|}, "key");
                public void A() => _chat.CompleteChat(new UserChatMessage("a"));
                public void B() => _chat.CompleteChat(new UserChatMessage("b"));
            }
            """);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Contains("retired", d.GetMessage());
        Assert.Contains("'gpt-4.1'", d.GetMessage());
        Assert.Equal("gpt-4.1", d.Properties["SuggestedModelId"]);
    }

    [Fact]
    public async Task Anthropic_RetiredIdWithoutPrices_SaysRetired_AndNamesTheSuccessor()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Anthropic;
            using Anthropic.Models.Messages;

            public class A
            {
                public Task RunAsync(AnthropicClient client) =>
                    client.Messages.Create(new MessageCreateParams { Model = {|LLM2007:"claude-2.1"|}, MaxTokens = 100, Messages = [new UserMessageParam("hi")] });
            }
            """);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("Model id 'claude-2.1' is retired: anthropic no longer serves it; use 'claude-sonnet-4-6'", d.GetMessage());
        Assert.Equal("Retired", d.Properties["ModelProblem"]);
        Assert.Equal("claude-sonnet-4-6", d.Properties["SuggestedModelId"]);
    }

    [Fact]
    public Task Anthropic_ConstUnknown_Fires() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class A
        {
            private const string Model = {|LLM2007:"claude-sonet-4-6"|};
            public Task RunAsync(AnthropicClient client) =>
                client.Messages.Create(new MessageCreateParams { Model = Model, MaxTokens = 100, Messages = [new UserMessageParam("hi")] });
        }
        """);

    [Fact]
    public Task SemanticKernel_RegistrationWithRetiredModel_Fires() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class S
        {
            public async Task RunAsync(string t)
            {
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion({|LLM2007:"claude-3-7-sonnet"|}, "key").Build();
                await kernel.InvokePromptAsync("Summarise: " + t);
            }
        }
        """);

    [Fact]
    public Task KnownModels_And_ConfiguredIds_Silent() => Verify.VerifyAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class M
        {
            public Task RunAsync(IChatClient client, string model) => Task.WhenAll(
                client.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o-mini" }),
                client.GetResponseAsync("hi", new ChatOptions { ModelId = model }),
                client.GetResponseAsync("hi", new ChatOptions { ModelId = Environment.GetEnvironmentVariable("MODEL") }));
        }
        """);

    [Fact]
    public Task CatalogOverride_MakesIdKnown() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class M
        {
            public Task RunAsync(IChatClient client) => client.GetResponseAsync("hi", new ChatOptions { ModelId = "acme-small" });
        }
        """, s => s.AdditionalFiles.Add(new TestAdditionalText("/0/llmlint.models.json", """
        { "schemaVersion": 1, "models": [ { "id": "acme-small", "provider": "openai", "tier": "Small", "inputPerMillion": 0.1, "cachedInputPerMillion": 0.1, "outputPerMillion": 0.2, "batchDiscount": 0, "contextWindow": 8000, "status": "current", "priceSource": "https://acme.example/pricing", "priceDate": "2026-01-01" } ] }
        """)));

    [Fact]
    public Task GeneratedCode_Silent() => Verify.VerifyAsync("""
        // <auto-generated/>
        using Microsoft.Extensions.AI;
        public class G { public void M(IChatClient c) => c.GetResponseAsync("x", new ChatOptions { ModelId = "nope-model" }); }
        """);

    [Fact]
    public Task NoSdk_Silent() => Verify.VerifyAsync("""
        public class C { void Create(string model) { } public void M() => Create("nope-model"); }
        """, s => s.Sdks = Sdks.None);
}
