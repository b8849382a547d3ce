using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Rules;
using LlmLint.Analyzers.Tests.Infrastructure;
using LlmLint.CodeFixes;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.UseSmallerModelAnalyzer, LlmLint.CodeFixes.UseSmallerModelFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class UseSmallerModelTests
{
    private const string MeaiEnumParse = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Priority { Low, Normal, Urgent }

        public class Triage
        {
            private readonly IChatClient _client;
            public Triage(IChatClient client) => _client = client;

            public async Task<Priority> RateAsync(string ticket)
            {
                var response = await _client.{|LLM2001:GetResponseAsync|}($"Rate the priority of this ticket: {ticket}", new ChatOptions { ModelId = "gpt-4o" });
                return Enum.Parse<Priority>(response.Text.Trim());
            }
        }
        """;

    [Fact]
    public async Task Meai_EnumParse_IsWarningWithCostAndSuggestion()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(MeaiEnumParse);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        string message = d.GetMessage();
        Assert.Contains("'gpt-4o'", message);
        Assert.Contains("classification", message);
        Assert.Contains("'gpt-4o-mini'", message);
        Assert.Contains("Enum.Parse", message);
        Assert.Equal("gpt-4o-mini", d.Properties["SuggestedModelId"]);
        Assert.Equal("Literal", d.Properties["ModelIdWrittenAs"]);
        decimal now = decimal.Parse(d.Properties["CostPer1000Calls"]!, System.Globalization.CultureInfo.InvariantCulture);
        decimal then = decimal.Parse(d.Properties["SuggestedCostPer1000Calls"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(now > then * 10, $"{now} vs {then}");
    }

    [Fact]
    public Task Meai_Fix_ReplacesLiteral() => VerifyCS.VerifyFixAsync(MeaiEnumParse, MeaiEnumParse.Replace("{|LLM2001:GetResponseAsync|}", "GetResponseAsync").Replace("\"gpt-4o\"", "\"gpt-4o-mini\""));

    [Fact]
    public Task Meai_TypedEnum_FromStub_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Sentiment { Positive, Negative, Neutral }

        public class Reviews
        {
            public async Task<Sentiment> ScoreAsync(IChatClient client, string review)
            {
                var r = await client.{|LLM2001:GetResponseAsync<Sentiment>|}(review, new ChatOptions { ModelId = "claude-opus-4-8" });
                return r.Result;
            }
        }
        """);

    [Fact]
    public Task Meai_TypedRecordWithTagList_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Filing
        {
            public string? Title { get; set; }
            public string? DocumentType { get; set; }
            public List<string> Tags { get; set; } = new();
            public double Confidence { get; set; }
        }

        public class Clerk
        {
            public async Task<Filing> FileAsync(IChatClient client, string text)
            {
                var r = await client.{|LLM2001:GetResponseAsync<Filing>|}(text, new ChatOptions { ModelId = "gpt-4o" });
                return r.Result;
            }
        }
        """);

    [Fact]
    public Task OpenAI_AnswerStartsWithLabel_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Screening
        {
            public async Task<bool> IsRelevantAsync(string text)
            {
                var c = await new ChatClient("gpt-4o", "key").{|LLM2001:CompleteChatAsync|}(new UserChatMessage("Is this relevant? " + text));
                return c.Value.Content[0].Text.Trim().StartsWith("yes");
            }
        }
        """);

    [Fact]
    public async Task OpenAI_ClientKeptInAField_FixNamesTheFieldWhoseEveryCallItChanges()
    {
        const string source = """
            using System.Threading.Tasks;
            using OpenAI.Chat;

            public class Screening
            {
                private readonly ChatClient _chat = new ChatClient("gpt-4o", "key");

                public async Task<bool> IsRelevantAsync(string text)
                {
                    var c = await _chat.{|LLM2001:CompleteChatAsync|}(new UserChatMessage("Is this relevant? " + text));
                    return c.Value.Content[0].Text.Trim().StartsWith("yes");
                }

                public async Task<string> DraftReplyAsync(string text) =>
                    (await _chat.CompleteChatAsync(new UserChatMessage("Write a friendly reply to: " + text))).Value.Content[0].Text;
            }
            """;
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(source);
        Diagnostic d = Assert.Single(diagnostics, x => x.Id == "LLM2001");
        Assert.Equal("Literal", d.Properties["ModelIdWrittenAs"]);
        Assert.Equal("_chat", d.Properties["ModelIdSymbol"]);

        var inCall = await VerifyCS.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using OpenAI.Chat;

            public class Screening
            {
                public async Task<bool> IsRelevantAsync(string text)
                {
                    var c = await new ChatClient("gpt-4o", "key").{|LLM2001:CompleteChatAsync|}(new UserChatMessage("Is this relevant? " + text));
                    return c.Value.Content[0].Text.Trim().StartsWith("yes");
                }
            }
            """);
        Assert.False(Assert.Single(inCall).Properties.ContainsKey("ModelIdSymbol"));
    }

    [Fact]
    public Task OpenAI_AnswerSniffedForJsonArray_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class ShoppingList
        {
            public async Task<string> DayAsync(string recipes)
            {
                var c = await new ChatClient("gpt-4o", "key").CompleteChatAsync(new UserChatMessage("Make a shopping list for: " + recipes));
                string text = c.Value.Content[0].Text.Trim();
                return text.StartsWith("[") ? "{\"items\": " + text + "}" : text;
            }
        }
        """);

    [Fact]
    public Task Meai_TypedRecordWithListOfRecords_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed record Section(string Heading, string Body);

        public sealed class Article
        {
            public string? Title { get; set; }
            public List<Section> Sections { get; set; } = new();
        }

        public class Writer
        {
            public async Task<Article> WriteAsync(IChatClient client, string topic)
            {
                var r = await client.GetResponseAsync<Article>(topic, new ChatOptions { ModelId = "gpt-4o" });
                return r.Result;
            }
        }
        """);

    [Fact]
    public Task Meai_ModelFromDelegatingClientOverOpenAI_AndConstField() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Audit : DelegatingChatClient
        {
            public Audit(IChatClient inner) : base(inner) { }
        }

        public class Invoices
        {
            private const string Model = "gpt-4o";
            private readonly Audit _client = new Audit(new OpenAI.Chat.ChatClient(Model, "key").AsIChatClient());

            public async Task<bool> IsInvoiceAsync(string text)
            {
                var r = await _client.{|LLM2001:GetResponseAsync|}("Answer yes or no: is this an invoice? " + text);
                return bool.Parse(r.Text);
            }
        }
        """);

    [Fact]
    public Task OpenAI_ChatClient_JsonDeserializeSmallRecord_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Text.Json;
        using OpenAI;
        using OpenAI.Chat;

        public record InvoiceFields(string Vendor, decimal Total, string Currency);

        public class Extractor
        {
            private readonly ChatClient _chat = new OpenAIClient("key").GetChatClient("gpt-4o");

            public InvoiceFields? Extract(string invoice)
            {
                ChatCompletion c = _chat.{|LLM2001:CompleteChat|}(new SystemChatMessage("Extract vendor, total and currency as JSON."), new UserChatMessage(invoice));
                return JsonSerializer.Deserialize<InvoiceFields>(c.Content[0].Text);
            }
        }
        """);

    [Fact]
    public Task OpenAI_Responses_TextualOnly_IsInfo() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using OpenAI.Responses;

        #pragma warning disable OPENAI001
        public class Router
        {
            public async Task<string> RouteAsync(ResponsesClient client, string email)
            {
                var r = await client.{|LLM2001:CreateResponseAsync|}("gpt-4.1", "Classify this email into one of the following: billing, support, sales. " + email);
                return r.Value.GetOutputText();
            }
        }
        """);

    [Fact]
    public async Task OpenAI_Responses_TextualOnly_SeverityIsInfo()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync("""
            using System.Threading.Tasks;
            using OpenAI.Responses;

            #pragma warning disable OPENAI001
            public class Router
            {
                public async Task<string> RouteAsync(ResponsesClient client, string email)
                {
                    var r = await client.{|LLM2001:CreateResponseAsync|}("gpt-4.1", "Classify this email into one of the following: billing, support, sales. " + email);
                    return r.Value.GetOutputText();
                }
            }
            """);
        Assert.Equal(DiagnosticSeverity.Info, Assert.Single(diagnostics).Severity);
        Assert.Equal("Textual", diagnostics[0].Properties["EvidenceStrength"]);
    }

    private const string AnthropicSwitch = """
        using System.Linq;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Classifier
        {
            public const string Opus = "claude-opus-4-8";

            public async Task<int> RouteAsync(AnthropicClient client, string ticket)
            {
                var message = await client.Messages.{|LLM2001:Create|}(new MessageCreateParams
                {
                    Model = Opus,
                    MaxTokens = 10,
                    Messages = [new UserMessageParam("Which team should handle this? " + ticket)],
                });
                return 1;
            }
        }
        """;

    [Fact]
    public async Task Anthropic_TinyMaxTokens_FiresWithConstAndHaikuSuggestion()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(AnthropicSwitch);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal("claude-haiku-4-5", d.Properties["SuggestedModelId"]);
        Assert.Equal("Const", d.Properties["ModelIdWrittenAs"]);
        Assert.Equal("Opus", d.Properties["ModelIdSymbol"]);
    }

    [Fact]
    public Task Anthropic_Fix_ReplacesConstInitializer() => VerifyCS.VerifyFixAsync(AnthropicSwitch,
        AnthropicSwitch.Replace("{|LLM2001:Create|}", "Create").Replace("\"claude-opus-4-8\"", "\"claude-haiku-4-5\""));

    [Fact]
    public Task SemanticKernel_TypedInvokePrompt_WithKernelRegistration_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SkTriage
        {
            public async Task<bool> IsSpamAsync(string email)
            {
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o", "key").Build();
                return await kernel.{|LLM2001:InvokePromptAsync<bool>|}("Is this spam? " + email);
            }
        }
        """);

    [Fact]
    public Task SemanticKernel_GatewayModelName_WithProviderPrefix_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SkGatewayTriage
        {
            public async Task<bool> IsFraudAsync(string claim)
            {
                // A gateway's name for gpt-4o ("azure-" + the model id).
                string modelId = "azure-gpt-4o";
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: modelId, apiKey: "key").Build();
                return await kernel.{|LLM2001:InvokePromptAsync<bool>|}("Is this claim fraudulent? Answer true or false. " + claim);
            }
        }
        """);

    [Fact]
    public Task SemanticKernel_MarkdownReport_ThatCategorizesInside_IsNotClassification() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SkRiskReport
        {
            public async Task<string> ReportAsync(string json)
            {
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4o", apiKey: "key").Build();
                var report = kernel.CreateFunctionFromPrompt("Analyze the dataset below and produce your findings in Markdown with clear headings and bullet points. Categorize risks as High, Medium, or Low. {{$data}}");
                var result = await report.InvokeAsync(kernel, new KernelArguments { ["data"] = json });
                return result.ToString();
            }
        }
        """);

    [Fact]
    public Task Paragraphs_ReturnedInAJsonObject_AreWriting_NotExtraction() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Outreach
        {
            public async Task<string> DraftAsync(IChatClient client, string prospect)
            {
                var response = await client.GetResponseAsync(
                    "Keep it short: 3-4 short paragraphs, tone friendly. You must return ONLY a JSON object with these fields: subject, htmlBody. Prospect: " + prospect,
                    new ChatOptions { ModelId = "gpt-4o" });
                return response.Text;
            }
        }
        """);

    [Fact]
    public Task NoMarkdownFences_InAnExtractionPrompt_StillReadsAsExtraction() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class InvoiceReader
        {
            public async Task<string> ReadAsync(IChatClient client, string invoice)
            {
                var response = await client.{|LLM2001:GetResponseAsync|}(
                    "Extract the invoice number, vendor and total. Return ONLY a JSON object with these fields, no markdown fences. " + invoice,
                    new ChatOptions { ModelId = "gpt-4o", MaxOutputTokens = 200 });
                return response.Text;
            }
        }
        """);

    [Fact]
    public Task SemanticKernel_RouterPrompt_ThatNamesAReportAmongItsChoices_IsClassification() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SkAdminRouter
        {
            public async Task<string> RouteAsync(string input)
            {
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4o", apiKey: "key").Build();
                var router = kernel.CreateFunctionFromPrompt("Return only one of the following keywords: SharedReceiptSummary, TemplateSummary, UserAnomalySummary. If the prompt says 'Yes, please', generate a report of the last response. Prompt: {{$input}}");
                var result = await router.{|LLM2001:InvokeAsync|}(kernel, new KernelArguments { ["input"] = input });
                return result.ToString();
            }
        }
        """);

    [Fact]
    public Task SemanticKernel_DeploymentName_WithoutAModelId_IsNotJudged() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class SkDeploymentTriage
        {
            public async Task<bool> IsFraudAsync(string claim)
            {
                var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "prod-fraud-model", apiKey: "key").Build();
                return await kernel.InvokePromptAsync<bool>("Is this claim fraudulent? Answer true or false. " + claim);
            }
        }
        """);

    [Fact]
    public Task SemanticKernel_ChatService_SettingsModelId_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        public enum Team { Billing, Support }

        public class SkRouter
        {
            public async Task<Team> RouteAsync(IChatCompletionService chat, string text)
            {
                var history = new ChatHistory("You route tickets.");
                history.AddUserMessage(text);
                var reply = await chat.{|LLM2001:GetChatMessageContentAsync|}(history, new OpenAIPromptExecutionSettings { ModelId = "gpt-4o" });
                return Enum.Parse<Team>(reply.Content!);
            }
        }
        """);

    [Fact]
    public Task FixAll_ReplacesEveryLiteral_AndSharedConstOnce()
    {
        const string source = """
            using System;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public enum Label { A, B }

            public class Many
            {
                private const string Big = "gpt-4o";

                public async Task RunAsync(IChatClient c, string x)
                {
                    Enum.Parse<Label>((await c.{|LLM2001:GetResponseAsync|}(x, new ChatOptions { ModelId = Big })).Text);
                    Enum.Parse<Label>((await c.{|LLM2001:GetResponseAsync|}(x, new ChatOptions { ModelId = Big })).Text);
                    Enum.Parse<Label>((await c.{|LLM2001:GetResponseAsync|}(x, new ChatOptions { ModelId = "claude-sonnet-4-5" })).Text);
                }
            }
            """;
        string expected = source.Replace("{|LLM2001:GetResponseAsync|}", "GetResponseAsync")
            .Replace("\"gpt-4o\"", "\"gpt-4o-mini\"").Replace("\"claude-sonnet-4-5\"", "\"claude-haiku-4-5\"");
        return VerifyCS.VerifyFixAllAsync(source, expected);
    }

    [Fact]
    public Task Negative_SmallModel() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            public async Task<P> M(IChatClient c, string t) => Enum.Parse<P>((await c.GetResponseAsync(t, new ChatOptions { ModelId = "gpt-4o-mini" })).Text);
        }
        """);

    [Fact]
    public Task Negative_GenerationTask() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public class C
        {
            public async Task<string> M(IChatClient c, string t) =>
                (await c.GetResponseAsync("Write a friendly reply to this customer email: " + t, new ChatOptions { ModelId = "gpt-4o" })).Text;
        }
        """);

    [Fact]
    public Task Negative_UnknownModel_FromConfiguration() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            public async Task<P> M(IChatClient c, string t, string model) => Enum.Parse<P>((await c.GetResponseAsync(t, new ChatOptions { ModelId = model })).Text);
        }
        """);

    [Fact]
    public Task Negative_ModelNotInCatalog() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            public async Task<P> M(IChatClient c, string t) => Enum.Parse<P>((await c.GetResponseAsync(t, new ChatOptions { ModelId = "my-finetune-xyz" })).Text);
        }
        """);

    [Fact]
    public Task Silent_WithoutAnySdk() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        public enum P { A, B }
        public interface IChatClient { string GetResponseAsync(string s, string modelId); }
        public class C
        {
            public P M(IChatClient c, string t) => Enum.Parse<P>(c.GetResponseAsync(t, "gpt-4o"));
        }
        """, s => s.Sdks = Sdks.None);

    [Fact]
    public Task Silent_InGeneratedCode() => VerifyCS.VerifyAnalyzerAsync("""
        // <auto-generated/>
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            public async Task<P> M(IChatClient c, string t) => Enum.Parse<P>((await c.GetResponseAsync(t, new ChatOptions { ModelId = "gpt-4o" })).Text);
        }
        """);

    [Fact]
    public async Task CatalogOverride_ChangesTier()
    {
        // Demoting gpt-4o to Small through llmlint.models.json silences the rule.
        await VerifyCS.VerifyAnalyzerAsync(MeaiEnumParse.Replace("{|LLM2001:GetResponseAsync|}", "GetResponseAsync"), s =>
            s.AdditionalFiles.Add(new TestAdditionalText("/repo/llmlint.models.json", """{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "tier": "Small" } ] }""")));
    }

    [Fact]
    public Task NoFix_WhenModelComesFromInterpolation() => VerifyCS.VerifyNoFixAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public enum P { A, B }
        public class C
        {
            private const string Family = "gpt";
            public async Task<P> M(IChatClient c, string t) => Enum.Parse<P>((await c.{|LLM2001:GetResponseAsync|}(t, new ChatOptions { ModelId = Family + "-4o" })).Text);
        }
        """);
}
