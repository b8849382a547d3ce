using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCallSite = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;
using VerifySmallerModel = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.UseSmallerModelAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>
/// Task inference on real SDK call shapes: tools, function-invoking pipelines and tool-result loops make a call an
/// agent step (no LLM2001, whatever the prompt says); structured output with a small schema is evidence for
/// classification or extraction. Each signal has a case that fires and one that does not.
/// </summary>
public class TaskSignalTests
{
    private const string TriageWithTools = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Severity { Low, High }

        public class Incidents
        {
            public async Task<Severity> TriageAsync(IChatClient client, string incident)
            {
                var options = new ChatOptions { ModelId = "gpt-4o", Tools = TOOLS };
                var r = await client.MARK(
                    "First classify the incident severity, then use the tools to page the on-call engineer. " + incident, options);
                return Enum.Parse<Severity>(r.Text);
            }

            private static string Page(string team) => team;
        }
        """;

    private static string Triage(string tools, bool fires) =>
        TriageWithTools.Replace("TOOLS", tools).Replace("MARK", fires ? "{|LLM2001:GetResponseAsync|}" : "GetResponseAsync");

    [Fact]
    public Task Meai_ToolsInOptions_IsAnAgent_NoLLM2001() =>
        VerifySmallerModel.VerifyAsync(Triage("[AIFunctionFactory.Create(Page)]", fires: false), s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    [Fact]
    public async Task Meai_ToolsInOptions_CallSiteReportsAgentWithItsEvidence()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync(
            Triage("[AIFunctionFactory.Create(Page)]", fires: false).Replace("client.GetResponseAsync", "client.{|LLM2000:GetResponseAsync|}"), s => s.Sdks = Sdks.MicrosoftExtensionsAI));
        Assert.Equal("Agent", d.Properties["TaskKind"]);
    }

    [Fact]
    public Task Meai_EmptyToolList_IsNotAnAgent_LLM2001Fires() =>
        VerifySmallerModel.VerifyAsync(Triage("[]", fires: true), s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    private const string Pipeline = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using OpenAI;

        public enum Severity { Low, High }

        public class Incidents
        {
            public async Task<Severity> TriageAsync(OpenAIClient openAI, string incident)
            {
                IChatClient client = openAI.GetChatClient("gpt-4o").AsIChatClient().AsBuilder().STAGE().Build();
                var r = await client.MARK("Classify the incident severity: " + incident);
                return Enum.Parse<Severity>(r.Text);
            }
        }
        """;

    [Fact]
    public Task Meai_UseFunctionInvocationPipeline_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        Pipeline.Replace("STAGE", "UseFunctionInvocation").Replace("MARK", "GetResponseAsync"), s => s.Sdks = Sdks.MicrosoftExtensionsAI | Sdks.OpenAI);

    [Fact]
    public Task Meai_PipelineWithoutFunctionInvocation_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        Pipeline.Replace("STAGE", "UseLogging").Replace("MARK", "{|LLM2001:GetResponseAsync|}"), s => s.Sdks = Sdks.MicrosoftExtensionsAI | Sdks.OpenAI);

    private const string OpenAIChat = """
        using System;
        using System.Collections.Generic;
        using OpenAI.Chat;

        public enum Severity { Low, High }

        public class Incidents
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o", "key");

            public Severity Triage(string incident)
            {
                var options = new ChatCompletionOptions();
                EXTRA
                var messages = new List<ChatMessage> { new UserChatMessage("Classify the incident severity: " + incident) };
                ChatCompletion c = _chat.MARK(messages, options);
                LOOP
                return Enum.Parse<Severity>(c.Content[0].Text);
            }
        }
        """;

    [Fact]
    public Task OpenAI_ToolsAddedToOptions_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        OpenAIChat.Replace("EXTRA", "options.Tools.Add(ChatTool.CreateFunctionTool(\"page\", \"Pages the on-call engineer\"));").Replace("LOOP", "").Replace("MARK", "CompleteChat"),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_ToolResultsFedBack_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        OpenAIChat.Replace("EXTRA", "").Replace("LOOP", "foreach (ChatToolCall call in c.ToolCalls) { messages.Add(new ToolChatMessage(call.Id, \"paged\")); }").Replace("MARK", "CompleteChat"),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_LoopOnToolCallsFinishReason_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        OpenAIChat.Replace("EXTRA", "").Replace("MARK", "CompleteChat")
            .Replace("LOOP", "while (c.FinishReason == ChatFinishReason.ToolCalls) { RunTools(messages, c); c = _chat.CompleteChat(messages, options); }")
            .Replace("    }\n}", "    }\n    private static void RunTools(List<ChatMessage> messages, ChatCompletion c) { }\n}"),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_LoopOnLengthFinishReason_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        OpenAIChat.Replace("EXTRA", "").Replace("MARK", "{|LLM2001:CompleteChat|}")
            .Replace("LOOP", "if (c.FinishReason == ChatFinishReason.Length) { throw new InvalidOperationException(\"cut off\"); }"),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_NoTools_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        OpenAIChat.Replace("EXTRA", "options.Temperature = 0;").Replace("LOOP", "").Replace("MARK", "{|LLM2001:CompleteChat|}"),
        s => s.Sdks = Sdks.OpenAI);

    private const string AnthropicPerson = """
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Anthropic.Services;

        public class PersonInfo
        {
            public string Name { get; set; } = "";
            public int Age { get; set; }
        }

        public class People
        {
            public async Task<object> ReadAsync(AnthropicClient client, string bio) =>
                await client.Messages.MARK(new MessageCreateParams
                {
                    Model = "claude-sonnet-5",
                    MaxTokens = 200,
                    TOOLS
                    Messages = [new UserMessageParam("Extract the person: " + bio)],
                });
        }
        """;

    [Fact]
    public Task Anthropic_CreateOfT_SmallSchema_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        AnthropicPerson.Replace("MARK", "{|LLM2001:Create<PersonInfo>|}").Replace("TOOLS", ""), s => s.Sdks = Sdks.Anthropic);

    [Fact]
    public Task Anthropic_Tools_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        AnthropicPerson.Replace("MARK", "Create<PersonInfo>").Replace("TOOLS", "Tools = [new Tool { Name = \"lookup\", InputSchema = new InputSchema() }],"), s => s.Sdks = Sdks.Anthropic);

    [Fact]
    public Task Anthropic_CreateOfT_LargeNestedSchema_IsNoEvidence() => VerifySmallerModel.VerifyAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Anthropic.Services;

        public class Chapter { public string Title { get; set; } = ""; public string Body { get; set; } = ""; }
        public class Book { public string Title { get; set; } = ""; public List<Chapter> Chapters { get; set; } = new(); }

        public class Writer
        {
            public async Task<object> WriteAsync(AnthropicClient client, string topic) =>
                await client.Messages.Create<Book>(new MessageCreateParams { Model = "claude-sonnet-5", MaxTokens = 8000, Messages = [new UserMessageParam("Write a book about " + topic)] });
        }
        """, s => s.Sdks = Sdks.Anthropic);

    private const string SkKernelClassify = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        public enum Route { Billing, Support, Sales }

        public class Router
        {
            private readonly Kernel _kernel;
            private readonly KernelFunction _classify;

            public Router()
            {
                _kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4", apiKey: "key").Build();
                _classify = _kernel.CreateFunctionFromPrompt(
                    "Classify the message into Billing, Support or Sales: {{$input}}",
                    new OpenAIPromptExecutionSettings { SETTINGS });
            }

            public async Task<Route> RouteAsync(string message)
            {
                FunctionResult result = await _kernel.MARK(_classify, new KernelArguments { ["input"] = message });
                return Enum.Parse<Route>(result.GetValue<string>()!);
            }
        }
        """;

    [Fact]
    public async Task Sk_InvokeAsyncOfPromptFunction_ModelOnKernelBuilder_LLM2001Fires()
    {
        Diagnostic d = Assert.Single(await VerifySmallerModel.VerifyAsync(
            SkKernelClassify.Replace("SETTINGS", "Temperature = 0").Replace("MARK", "{|LLM2001:InvokeAsync|}"), s => s.Sdks = Sdks.SemanticKernel));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("gpt-4", d.Properties["ModelId"]);
    }

    [Fact]
    public Task Sk_FunctionChoiceBehaviorAuto_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        SkKernelClassify.Replace("SETTINGS", "FunctionChoiceBehavior = FunctionChoiceBehavior.Auto()").Replace("MARK", "InvokeAsync"), s => s.Sdks = Sdks.SemanticKernel);

    [Fact]
    public Task Sk_FunctionChoiceBehaviorNone_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        SkKernelClassify.Replace("SETTINGS", "FunctionChoiceBehavior = FunctionChoiceBehavior.None()").Replace("MARK", "{|LLM2001:InvokeAsync|}"), s => s.Sdks = Sdks.SemanticKernel);

    [Fact]
    public Task Sk_ToolCallBehaviorAutoInvoke_IsAnAgent_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        SkKernelClassify.Replace("SETTINGS", "ToolCallBehavior = ToolCallBehavior.AutoInvokeKernelFunctions").Replace("MARK", "InvokeAsync"), s => s.Sdks = Sdks.SemanticKernel);

    [Fact]
    public async Task Sk_InvokePromptAsync_ResponseFormatTypeOfSmallRecord_LLM2001Fires()
    {
        Diagnostic d = Assert.Single(await VerifySmallerModel.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;

            public class Invoice { public string Vendor { get; set; } = ""; public decimal Total { get; set; } }

            public class Invoices
            {
                public async Task<string> ReadAsync(string text)
                {
                    Kernel kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion("gpt-4o", "key").Build();
                    var settings = new OpenAIPromptExecutionSettings { ResponseFormat = typeof(Invoice) };
                    var r = await kernel.{|LLM2001:InvokePromptAsync|}("Read the vendor and total of: " + text, new KernelArguments(settings));
                    return r.ToString();
                }
            }
            """, s => s.Sdks = Sdks.SemanticKernel));
        Assert.Equal("Extraction", d.Properties["TaskKind"]);
    }

    [Fact]
    public async Task Meai_TypedCall_WithOptionsMadeElsewhere_IsInfoNotWarning()
    {
        Diagnostic d = Assert.Single(await VerifySmallerModel.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public enum Mood { Happy, Sad }

            public class Moods
            {
                private readonly ChatOptions _defaults = new();

                public async Task<Mood> ReadAsync(IChatClient client, string text)
                {
                    ChatOptions options = _defaults.Clone();
                    options.ModelId = "gpt-4o";
                    var r = await client.{|LLM2001:GetResponseAsync<Mood>|}(text, options);
                    return r.Result;
                }
            }
            """, s => s.Sdks = Sdks.MicrosoftExtensionsAI));
        Assert.Equal(DiagnosticSeverity.Info, d.Severity);
    }

    private const string TemplatedEmailPrompt = """
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Mail
        {
            private const string Prompt = TEXT;

            public async Task<string> CategoryAsync(string apiKey, string categories, string email)
            {
                ChatClient client = new ChatClient("gpt-4o", apiKey);
                var result = await client.MARK([ChatMessage.CreateUserMessage(FILL)]);
                return result.Value.Content[0].Text;
            }
        }
        """;

    private static string Templated(string text, string fill, bool fires) => TemplatedEmailPrompt.Replace("TEXT", text).Replace("FILL", fill)
        .Replace("MARK", fires ? "{|LLM2001:CompleteChatAsync|}" : "CompleteChatAsync");

    [Fact]
    public Task OpenAI_ReplaceTemplate_PromptTextIsRead_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        Templated("\"You are an email classification bot. Existing categories: [{ids}]. Email: {email}\"", "Prompt.Replace(\"{ids}\", categories).Replace(\"{email}\", email)", fires: true),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_ReplaceTemplateThroughLocals_PromptTextIsRead_LLM2001Fires() => VerifySmallerModel.VerifyAsync(""""
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public class Mail
        {
            public async Task<string> CategoryAsync(string apiKey, string categories, string email)
            {
                string prompt = Prompt.Replace("{ids}", categories).Replace("{email}", email);
                ChatClient client = new ChatClient("gpt-4o", apiKey);
                ChatMessage message = ChatMessage.CreateUserMessage(prompt);
                var result = await client.{|LLM2001:CompleteChatAsync|}([message], new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() });
                return result.Value.Content[0].Text;
            }

            private const string Prompt = """
                You are an email classification bot. Existing categories: [{ids}].
                {email}
                """;
        }
        """", s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_FormatTemplate_PromptTextIsRead_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        Templated("\"You are an email classification bot. Existing categories: [{0}]. Email: {1}\"", "string.Format(Prompt, categories, email)", fires: true),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task OpenAI_ReplaceTemplate_WritingPrompt_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        Templated("\"Write a friendly reply to this email: {email}\"", "Prompt.Replace(\"{email}\", email)", fires: false),
        s => s.Sdks = Sdks.OpenAI);

    private const string TypedAnswer = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Answer { public string Subject { get; set; } = ""; public string FIELD { get; set; } = ""; }

        public class Outreach
        {
            public async Task<Answer> RunAsync(IChatClient client, string prospect)
            {
                var r = await client.MARK<Answer>("Return a JSON object with the fields for this prospect: " + prospect, new ChatOptions { ModelId = "gpt-4o" });
                return r.Result;
            }
        }
        """;

    [Fact]
    public Task Meai_TypedAnswerWithAnEmailBody_IsWriting_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        TypedAnswer.Replace("FIELD", "HtmlBody").Replace("MARK", "GetResponseAsync"), s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    [Fact]
    public Task Meai_TypedAnswerWithReviewerFeedback_IsWriting_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        TypedAnswer.Replace("FIELD", "Feedback").Replace("MARK", "GetResponseAsync"), s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    [Fact]
    public Task Meai_TypedAnswerOfReadOffValues_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        TypedAnswer.Replace("FIELD", "Country").Replace("MARK<Answer>", "{|LLM2001:GetResponseAsync<Answer>|}"), s => s.Sdks = Sdks.MicrosoftExtensionsAI);

    private const string AnthropicPickedText = """
        using System.Text.Json;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public sealed class Answer { public string Subject { get; set; } = ""; public string FIELD { get; set; } = ""; }

        public class Outreach
        {
            public async Task<Answer?> RunAsync(AnthropicClient client, string prospect)
            {
                var response = await client.Messages.MARK(new MessageCreateParams
                {
                    Model = "claude-sonnet-4-5",
                    MaxTokens = 1024,
                    Messages = [new UserMessageParam("Return a JSON object with the fields for: " + prospect)],
                });
                string text = "{}";
                if (response.Content.Count > 0 && response.Content[0].TryPickText(out var block))
                {
                    text = block.Text;
                }

                text = text.Trim();
                return JsonSerializer.Deserialize<Answer>(text);
            }
        }
        """;

    [Fact]
    public Task Anthropic_TryPickTextIntoAWrittenTextRecord_IsWriting_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        AnthropicPickedText.Replace("FIELD", "HtmlBody").Replace("MARK", "Create"), s => s.Sdks = Sdks.Anthropic);

    [Fact]
    public async Task Anthropic_TryPickTextIntoASmallRecord_IsStructuralExtraction()
    {
        Diagnostic d = Assert.Single(await VerifySmallerModel.VerifyAsync(
            AnthropicPickedText.Replace("FIELD", "Country").Replace("MARK", "{|LLM2001:Create|}"), s => s.Sdks = Sdks.Anthropic));
        Assert.Contains("deserialized into 'Answer'", d.GetMessage());
    }
}
