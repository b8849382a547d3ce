using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.StaticPrefixFirstAnalyzer, LlmLint.CodeFixes.StaticPrefixFirstFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

public class StaticPrefixFirstTests
{
    // About 1,300 tokens of static policy text.
    private static readonly string Big = string.Concat(Enumerable.Repeat("Refunds are issued within 14 days of purchase when the item is unused and in its original packaging. ", 65));

    private static string Meai(string system) => """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Support
        {
            public Task<ChatResponse> AnswerAsync(IChatClient client, string customer, string question) =>
                client.GetResponseAsync(new List<ChatMessage>
                {
                    new ChatMessage(ChatRole.System, SYSTEM),
                    new ChatMessage(ChatRole.User, question),
                }, new ChatOptions { MaxOutputTokens = 300 });
        }
        """.Replace("SYSTEM", system);

    [Fact]
    public async Task The_message_quotes_the_cached_input_price_of_a_known_model()
    {
        var priced = await VerifyCS.VerifyAnalyzerAsync(Meai("{|LLM2004:$\"Customer: {customer}\\n" + Big + "\"|}").Replace("MaxOutputTokens = 300", "ModelId = \"gpt-4.1\", MaxOutputTokens = 300"));
        Assert.Matches(@"cached input costs \d+(\.\d+)?% of the input price for 'gpt-4\.1'", Assert.Single(priced).GetMessage());

        var unpriced = await VerifyCS.VerifyAnalyzerAsync(Meai("{|LLM2004:$\"Customer: {customer}\\n" + Big + "\"|}"));
        Assert.DoesNotContain("cached input", Assert.Single(unpriced).GetMessage());
    }

    [Fact]
    public async Task Meai_InterpolatedHoleBeforeBigText_Fires()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(Meai("{|LLM2004:$\"Customer: {customer}\\n" + Big + "\"|}"));
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Contains("system message", d.GetMessage());
        Assert.Equal("MoveInterpolationHoles", d.Properties["ReorderFix"]);
    }

    [Fact]
    public Task Meai_Fix_MovesStaticTextFirst() => VerifyCS.VerifyFixAsync(
        Meai("{|LLM2004:$\"Customer: {customer}\\n" + Big + "\"|}"),
        Meai("$\"" + Big + "\\nCustomer: {customer}\""));

    [Fact]
    public Task Concatenation_Fix_SwapsOperands() => VerifyCS.VerifyFixAsync(
        Meai("{|LLM2004:customer + \"" + Big + "\"|}"),
        Meai("\"" + Big + "\" + customer"));

    [Fact]
    public Task FixAll_FixesEveryCall() => VerifyCS.VerifyFixAllAsync(
        Meai("{|LLM2004:customer + \"" + Big + "\"|}").Replace("    public Task<ChatResponse> AnswerAsync", "    public Task<ChatResponse> OtherAsync(IChatClient client, string customer) => client.GetResponseAsync(new List<ChatMessage> { new ChatMessage(ChatRole.System, {|LLM2004:customer + \"" + Big + "\"|}) }, new ChatOptions { MaxOutputTokens = 300 });\n\n    public Task<ChatResponse> AnswerAsync"),
        Meai("\"" + Big + "\" + customer").Replace("    public Task<ChatResponse> AnswerAsync", "    public Task<ChatResponse> OtherAsync(IChatClient client, string customer) => client.GetResponseAsync(new List<ChatMessage> { new ChatMessage(ChatRole.System, \"" + Big + "\" + customer) }, new ChatOptions { MaxOutputTokens = 300 });\n\n    public Task<ChatResponse> AnswerAsync"));

    [Fact]
    public Task StaticFirst_Silent() => VerifyCS.VerifyAnalyzerAsync(Meai("$\"" + Big + "\\nCustomer: {customer}\""));

    [Fact]
    public Task SmallStaticBlock_Silent() => VerifyCS.VerifyAnalyzerAsync(Meai("$\"Customer: {customer}\\nBe brief and polite.\""));

    [Fact]
    public Task ThresholdOption_Respected() => VerifyCS.VerifyAnalyzerAsync(Meai("$\"Customer: {customer}\\n" + Big + "\""), s => s.Options["LLM2004.min_static_tokens"] = "5000");

    [Fact]
    public async Task HoleBetweenTwoStaticBlocks_FiresWithoutFix()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(Meai("{|LLM2004:\"Intro. \" + customer + \"" + Big + "\" + question|}"));
        Assert.False(Assert.Single(diagnostics).Properties.ContainsKey("ReorderFix"));
    }

    [Fact]
    public Task OpenAI_SystemChatMessage_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using OpenAI.Chat;

        public class O
        {
            public void Run(ChatClient chat, string user) =>
                chat.CompleteChat(new ChatMessage[] { new SystemChatMessage({|LLM2004:$"User: {user}\nBIG"|}), new UserChatMessage("hi") }, new ChatCompletionOptions { MaxOutputTokenCount = 100 });
        }
        """.Replace("BIG", Big));

    [Fact]
    public Task Anthropic_System_Fires() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class A
        {
            public Task RunAsync(AnthropicClient client, string user) =>
                client.Messages.Create(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 100, System = {|LLM2004:user + "BIG"|}, Messages = [new UserMessageParam("hi")] });
        }
        """.Replace("BIG", Big));

    [Fact]
    public Task GeneratedCode_Silent() => VerifyCS.VerifyAnalyzerAsync("// <auto-generated/>\n" + Meai("$\"Customer: {customer}\\n" + Big + "\""));

    [Fact]
    public Task NoSdk_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        public class C { void GetResponseAsync(string s) { } public void M(string x) => GetResponseAsync(x + "BIG"); }
        """.Replace("BIG", Big), s => s.Sdks = Sdks.None);
}
