using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 for a constant prompt: the same text on every call fires; a template filled with a parameter, a call in Main or a connection check that only tests an answer came does not.</summary>
public class ConstantPromptRecurrenceTests
{
    [Fact]
    public Task ConstantPrompt_Fires() => FiresAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Health(IChatClient client)
        {
            public async Task<bool> IsOpenAsync() =>
                bool.Parse((await client.{|LLM2003:GetResponseAsync|}("Is the office open on public holidays? Answer true or false.")).Text);
        }
        """, "the prompt has no variable part");

    private const string TemplatePrompt = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Health(IChatClient client)
        {
            private const string Question = "Is the office open on {day}? Answer true or false.";

            public async Task<bool> IsOpenAsync(string day) =>
                bool.Parse((await client.MARK(Question.Replace("{day}", VALUE))).Text);
        }
        """;

    [Fact]
    public Task ConstantPrompt_TemplateWithConstantReplacement_Fires() => FiresAsync(
        TemplatePrompt.Replace("MARK", "{|LLM2003:GetResponseAsync|}").Replace("VALUE", "\"public holidays\""), "the prompt has no variable part");

    [Fact]
    public Task ConstantPrompt_TemplateFilledWithAParameter_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TemplatePrompt.Replace("MARK", "GetResponseAsync").Replace("VALUE", "day"), Refs);

    [Fact]
    public Task ConstantPrompt_InMain_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public static class Program
        {
            public static async Task Main()
            {
                IChatClient client = null!;
                Console.WriteLine(bool.Parse((await client.GetResponseAsync("Is the office open on public holidays? Answer true or false.")).Text));
            }
        }
        """, Refs);

    [Fact]
    public Task ConstantPrompt_ConnectionCheckTestingOnlyThatAnAnswerCame_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public sealed class Connection(ChatClient chat)
        {
            public async Task<bool> TestAsync()
            {
                var messages = new List<ChatMessage> { new SystemChatMessage("You are a helpful assistant."), new UserChatMessage("Say 'connected' if you can read this.") };
                var response = await chat.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 10 });
                return response.Value.Content.Count > 0;
            }

            public async Task WarmUpAsync() => await chat.CompleteChatAsync(new UserChatMessage("ping"));

            public async Task<bool> IsUpAsync() => await chat.CompleteChatAsync(new UserChatMessage("ping")) is not null;
        }
        """, Refs);

    [Fact]
    public Task ConstantPrompt_ConnectionCheckThatReturnsTheAnswer_Fires() => FiresAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public sealed class Connection(ChatClient chat)
        {
            public async Task<string> TestAsync()
            {
                var messages = new List<ChatMessage> { new UserChatMessage("Say 'connected' if you can read this.") };
                var response = await chat.{|LLM2003:CompleteChatAsync|}(messages, new ChatCompletionOptions { MaxOutputTokenCount = 10, Temperature = 0f });
                bool came = response.Value.Content.Count > 0;
                return came ? response.Value.Content[0].Text : "";
            }
        }
        """, "the prompt has no variable part", DiagnosticSeverity.Warning);
}
