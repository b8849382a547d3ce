using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Rules;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Verify = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.OversizedPromptAnalyzer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class OversizedPromptTests
{
    /// <summary>About 2,600 estimated tokens of policy text.</summary>
    internal static readonly string LongPolicy = string.Concat(Enumerable.Repeat("Agents must verify the customer's identity before discussing account details, and escalate refunds above the limit. ", 130));

    [Fact]
    public async Task Meai_RawStringSystemPrompt_ReportedOnLiteral_WithCost()
    {
        var diagnostics = await Verify.VerifyAsync($$""""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public class Support
            {
                private const string Policy = {|LLM2002:"""
                    {{LongPolicy}}
                    """|};

                public Task<ChatResponse> AnswerAsync(IChatClient client, string question) =>
                    client.GetResponseAsync(new List<ChatMessage> { new(ChatRole.System, Policy), new(ChatRole.User, question) }, new ChatOptions { ModelId = "gpt-4o" });
            }
            """");
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Contains("'gpt-4o'", d.GetMessage());
        Assert.Contains("threshold 2,000", d.GetMessage());
        Assert.True(int.Parse(d.Properties["EstimatedTokens"]!) > 2000);
    }

    [Fact]
    public Task OpenAI_SystemChatMessage_Interpolated() => Verify.VerifyAsync($$"""
        using OpenAI.Chat;

        public class Support
        {
            public ChatCompletion Answer(ChatClient chat, string customer, string q) =>
                chat.CompleteChat(new SystemChatMessage({|LLM2002:$"You help {customer}. {{LongPolicy}}"|}), new UserChatMessage(q));
        }
        """);

    [Fact]
    public Task Anthropic_SystemParam() => Verify.VerifyAsync($$"""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Support
        {
            public Task<Message> AnswerAsync(AnthropicClient client, string q) => client.Messages.Create(new MessageCreateParams
            {
                Model = "claude-sonnet-4-5",
                MaxTokens = 1024,
                System = {|LLM2002:"{{LongPolicy}}"|},
                Messages = [new UserMessageParam(q)],
            });
        }
        """);

    [Fact]
    public Task SemanticKernel_InvokePromptTemplate() => Verify.VerifyAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class Support
        {
            public Task<FunctionResult> AnswerAsync(Kernel kernel) => kernel.InvokePromptAsync({|LLM2002:"{{LongPolicy}} Answer the question."|});
        }
        """);

    [Fact]
    public Task SharedConst_ReportedOnce() => Verify.VerifyAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Support
        {
            private const string Policy = {|LLM2002:"{{LongPolicy}}"|};
            public Task<ChatResponse> A(IChatClient c) => c.GetResponseAsync(Policy);
            public Task<ChatResponse> B(IChatClient c) => c.GetResponseAsync(Policy);
        }
        """);

    [Fact]
    public Task Threshold_FromEditorConfig_RaisesLimit() => Verify.VerifyAsync($$"""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Support
        {
            public Task<ChatResponse> A(IChatClient c) => c.GetResponseAsync("{{LongPolicy}}");
        }
        """, s => s.Options["LLM2002.max_prompt_tokens"] = "10000");

    [Fact]
    public Task Threshold_FromEditorConfig_LowersLimit() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Support
        {
            public Task<ChatResponse> A(IChatClient c) => c.GetResponseAsync({|LLM2002:"Classify the following support ticket into billing, technical or account, and answer with one word."|});
        }
        """, s => s.Options["LLM2002.max_prompt_tokens"] = "10");

    [Fact]
    public Task Negative_SmallPrompt() => Verify.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public class Support
        {
            public Task<ChatResponse> A(IChatClient c, string q) => c.GetResponseAsync("Answer briefly: " + q);
        }
        """);

    [Fact]
    public Task Negative_LargeStringNotSentToModel() => Verify.VerifyAsync($$"""
        public class Docs
        {
            public const string Manual = "{{LongPolicy}}";
        }
        """);

    [Fact]
    public Task Silent_WithoutSdk() => Verify.VerifyAsync($$"""
        public class Docs
        {
            public string Send(System.Func<string, string> client) => client("{{LongPolicy}}");
        }
        """, s => s.Sdks = Sdks.None);

    [Fact]
    public Task Silent_InGeneratedCode() => Verify.VerifyAsync($$"""
        // <auto-generated/>
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        public class Support
        {
            public Task<ChatResponse> A(IChatClient c) => c.GetResponseAsync("{{LongPolicy}}");
        }
        """);
}
