using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Verify = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class CallSiteTests
{
    private const string VolumeAttribute = """
        namespace LlmLint
        {
            [System.AttributeUsage(System.AttributeTargets.All)]
            public sealed class CallVolumeAttribute : System.Attribute { public CallVolumeAttribute(double perDay) { } }
        }
        """;

    private const string Meai = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Shop.Support
        {
            public enum Priority { Low, Normal, Urgent }

            public class Triage
            {
                private readonly IChatClient _client;
                public Triage(IChatClient client) => _client = client;

                public async Task<Priority> RateAsync(string ticket)
                {
                    var response = await _client.{|LLM2000:GetResponseAsync|}($"Rate the priority of this ticket: {ticket}", new ChatOptions { ModelId = "gpt-4o" });
                    return Enum.Parse<Priority>(response.Text.Trim());
                }
            }
        }
        """;

    private static decimal Dec(Diagnostic d, string key) => decimal.Parse(d.Properties[key]!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task Meai_KnownModel_CarriesCostTokensVolumeAndId()
    {
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(Meai));
        Assert.Equal(DiagnosticSeverity.Hidden, d.Severity);
        Assert.Equal("Shop.Support.Triage.RateAsync", d.Properties["CallSite"]);
        Assert.Equal("MicrosoftExtensionsAI", d.Properties["Sdk"]);
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("true", d.Properties["ModelKnown"]);
        Assert.Equal("openai", d.Properties["Provider"]);
        Assert.Equal("Large", d.Properties["ModelTier"]);
        Assert.Equal("Classification", d.Properties["TaskKind"]);
        Assert.Equal("10", d.Properties["OutputTokens"]);
        Assert.Equal("1000", d.Properties["CallsPerDay"]);
        Assert.Equal("Default", d.Properties["CallsPerDaySource"]);
        int input = int.Parse(d.Properties["InputTokens"]!, CultureInfo.InvariantCulture);
        Assert.InRange(input, 100, 300);
        // Prices of gpt-4o from models.json, read independently of the analyzer.
        using var catalog = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(System.IO.Path.Combine(TestRepo.Root, "src", "Shared", "Catalog", "models.json")));
        var entry = catalog.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("id").GetString() == "gpt-4o");
        decimal expected = (input * entry.GetProperty("inputPerMillion").GetDecimal() + 10 * entry.GetProperty("outputPerMillion").GetDecimal()) / 1_000_000m;
        Assert.Equal(expected, Dec(d, "CostPerCall"), 6);
        Assert.Equal(Dec(d, "CostPerCall") * 1000m, Dec(d, "CostPer1000Calls"));
        Assert.Contains("Shop.Support.Triage.RateAsync", d.GetMessage());
    }

    [Fact]
    public async Task UnknownModel_NoCost_ModelKnownFalse()
    {
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(Meai.Replace("\"gpt-4o\"", "\"my-private-model\"")));
        Assert.Equal("false", d.Properties["ModelKnown"]);
        Assert.False(d.Properties.ContainsKey("CostPerCall"));
        Assert.False(d.Properties.ContainsKey("CostPer1000Calls"));
        Assert.Contains("unknown cost", d.GetMessage());
    }

    [Fact]
    public async Task ModelFromConfiguration_UnknownModel_StillReported()
    {
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(Meai.Replace("new ChatOptions { ModelId = \"gpt-4o\" }", "new ChatOptions { ModelId = Environment.GetEnvironmentVariable(\"MODEL\") }")));
        Assert.Equal("", d.Properties["ModelId"]);
        Assert.Equal("false", d.Properties["ModelKnown"]);
    }

    [Fact]
    public async Task CallVolume_OnMethod_WinsOverType()
    {
        string source = Meai.Replace("    public class Triage", "    [LlmLint.CallVolume(10)]\n    public class Triage")
            .Replace("        public async Task<Priority> RateAsync", "        [LlmLint.CallVolume(perDay: 50_000)]\n        public async Task<Priority> RateAsync");
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(source, s => s.ExtraSources.Add(VolumeAttribute)));
        Assert.Equal("50000", d.Properties["CallsPerDay"]);
        Assert.Equal("Attribute", d.Properties["CallsPerDaySource"]);
    }

    [Fact]
    public async Task CallVolume_OnType_AppliesToItsMethods()
    {
        string source = Meai.Replace("    public class Triage", "    [LlmLint.CallVolume(250)]\n    public class Triage");
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(source, s => { s.ExtraSources.Add(VolumeAttribute); s.Options["LLM2000.calls_per_day"] = "9"; }));
        Assert.Equal("250", d.Properties["CallsPerDay"]);
    }

    [Theory]
    [InlineData("LLM2000.calls_per_day", "20_000", "20000")]
    [InlineData("build_property.LlmLintDefaultCallsPerDay", "7500", "7500")]
    [InlineData("LLM2000.calls_per_day", "not a number", "1000")]
    public async Task CallVolume_FromOptions(string key, string value, string expected)
    {
        Diagnostic d = Assert.Single(await Verify.VerifyAsync(Meai, s => s.Options[key] = value));
        Assert.Equal(expected, d.Properties["CallsPerDay"]);
    }

    [Fact]
    public async Task OpenAI_MaxOutputTokenCount_UsedForOtherTasks_AndHistoryAddsDefault()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using System.Collections.Generic;
            using OpenAI.Chat;

            public class Writer
            {
                private readonly ChatClient _chat = new ChatClient("gpt-4.1", "key");

                public string Draft(string topic) =>
                    _chat.{|LLM2000:CompleteChat|}(new ChatMessage[] { new UserChatMessage("Write a short blog post about " + topic) }, new ChatCompletionOptions { MaxOutputTokenCount = 800 }).Value.Content[0].Text;

                public string Continue(List<ChatMessage> history) => _chat.{|LLM2000:CompleteChat|}(history).Value.Content[0].Text;
            }
            """);
        Diagnostic draft = diagnostics.Single(d => d.Properties["CallSite"] == "Writer.Draft");
        Assert.Equal("800", draft.Properties["OutputTokens"]);
        Assert.Equal("OpenAI", draft.Properties["Sdk"]);
        Diagnostic cont = diagnostics.Single(d => d.Properties["CallSite"] == "Writer.Continue");
        Assert.Equal("500", cont.Properties["OutputTokens"]);
        Assert.True(int.Parse(cont.Properties["InputTokens"]!, CultureInfo.InvariantCulture) >= LlmLint.Analyzers.Rules.CallSiteAnalyzer.TokensPerUnknownMessages);
    }

    [Fact]
    public async Task Anthropic_And_SemanticKernel_Reported()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using System.Threading.Tasks;
            using Anthropic;
            using Anthropic.Models.Messages;
            using Microsoft.SemanticKernel;

            public class Both
            {
                public async Task A(AnthropicClient client, string t)
                {
                    await client.Messages.{|LLM2000:Create|}(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 300, Messages = [new UserMessageParam("Summarise: " + t)] });
                }

                public async Task B(string t)
                {
                    var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o-mini", "key").Build();
                    await kernel.{|LLM2000:InvokePromptAsync|}("Summarise: " + t);
                }
            }
            """);
        Assert.Equal("anthropic", diagnostics.Single(d => d.Properties["Sdk"] == "Anthropic").Properties["Provider"]);
        Assert.Equal("300", diagnostics.Single(d => d.Properties["Sdk"] == "Anthropic").Properties["OutputTokens"]);
        Assert.Equal("gpt-4o-mini", diagnostics.Single(d => d.Properties["Sdk"] == "SemanticKernel").Properties["ModelId"]);
    }

    private const string PromptAttributes = """
        namespace LlmLint
        {
            public enum Tier { Small = 0, Medium = 1, Large = 2, Frontier = 3 }
            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class PromptAttribute : global::System.Attribute { public PromptAttribute(string template) { } public string? System { get; set; } public int MaxOutputTokens { get; set; } }
            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class RouteAttribute : global::System.Attribute { public RouteAttribute(Tier tier) { } }
            [global::System.AttributeUsage(global::System.AttributeTargets.Method)]
            public sealed class CascadeAttribute : global::System.Attribute { public CascadeAttribute(params Tier[] tiers) { } }
        }
        """;

    // The generator's implementation parts live in generated code.
    private const string GeneratedParts = """
        // <auto-generated/>
        using System.Collections.Generic;
        using System.Threading.Tasks;

        namespace App
        {
            public partial class Triage
            {
                // As the generator writes them: [GeneratedCode] on the implementation part, which the compiler merges into
                // the method's symbol, so a driver-level generated-code filter would also hide the user's definition.
                [System.CodeDom.Compiler.GeneratedCode("LlmLint", "1.0.0")]
                public partial Task<Category> ClassifyAsync(string ticket) => Task.FromResult(Category.Billing);
                [System.CodeDom.Compiler.GeneratedCode("LlmLint", "1.0.0")]
                public partial Task<Invoice> ExtractAsync(string text) => Task.FromResult(new Invoice("", 0));
                [System.CodeDom.Compiler.GeneratedCode("LlmLint", "1.0.0")]
                public partial IAsyncEnumerable<string> DraftAsync(string ticket) => null!;
            }
        }
        """;

    [Fact]
    public async Task PromptFunctions_ReportedAtDefinition_PricedAtTierModel()
    {
        var diagnostics = await Verify.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using LlmLint;

            namespace App
            {
                public enum Category { Billing, Other }
                public record Invoice(string Vendor, decimal Total);

                public partial class Triage
                {
                    [Prompt("Classify this ticket: {ticket}")]
                    [Route(Tier.Small)]
                    public partial Task<Category> {|LLM2000:ClassifyAsync|}(string ticket);

                    [Prompt("Extract the invoice from:\n{text}")]
                    [Cascade(Tier.Small, Tier.Large)]
                    public partial Task<Invoice> {|LLM2000:ExtractAsync|}(string text);

                    [Prompt("Reply to {ticket}", MaxOutputTokens = 120)]
                    [Route(Tier.Large)]
                    public partial IAsyncEnumerable<string> {|LLM2000:DraftAsync|}(string ticket);
                }
            }
            """, s => { s.ExtraSources.Add(PromptAttributes); s.ExtraSources.Add(GeneratedParts); s.Options["LLM2000.large_model"] = "gpt-4o"; });
        Diagnostic classify = diagnostics.Single(d => d.Properties["CallSite"] == "App.Triage.ClassifyAsync");
        Assert.Equal("Small", classify.Properties["ModelTier"]);
        Assert.Equal("Classification", classify.Properties["TaskKind"]);
        Assert.Equal("true", classify.Properties["ModelKnown"]);
        Assert.True(Dec(classify, "CostPerCall") > 0);
        Diagnostic extract = diagnostics.Single(d => d.Properties["CallSite"] == "App.Triage.ExtractAsync");
        Assert.Equal("Extraction", extract.Properties["TaskKind"]);
        Assert.Equal("Small", extract.Properties["ModelTier"]);
        Diagnostic draft = diagnostics.Single(d => d.Properties["CallSite"] == "App.Triage.DraftAsync");
        Assert.Equal("gpt-4o", draft.Properties["ModelId"]);
        Assert.Equal("120", draft.Properties["OutputTokens"]);
        Assert.Equal("Other", draft.Properties["TaskKind"]);
    }

    [Fact]
    public Task NoSdk_Silent() => Verify.VerifyAsync("""
        public class C { public string GetResponseAsync(string s) => s; public void M() { GetResponseAsync("x"); } }
        """, s => s.Sdks = Sdks.None);

    [Fact]
    public Task GeneratedCode_Silent() => Verify.VerifyAsync("// <auto-generated/>\n" + Meai.Replace("{|LLM2000:GetResponseAsync|}", "GetResponseAsync"));
}
