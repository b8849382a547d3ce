using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.PromptCacheBreakpointAnalyzer, LlmLint.CodeFixes.PromptCacheBreakpointFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

/// <summary>LLM2008 on the real Anthropic SDK (13.15): a long constant system prompt sent without a cache_control breakpoint.</summary>
public class PromptCacheBreakpointTests
{
    /// <summary>About 1,500 tokens of static policy: above Opus' 1,024-token minimum, below Haiku's 2,048.</summary>
    private static readonly string Policy = string.Join(" ", Enumerable.Repeat("Refunds are issued within thirty days of purchase when the item is unused and the receipt is shown.", 80));

    private static string Rater(string model, string system, string rest = "") => $$"""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public static class Policies
        {
            public const string Text = "{{Policy}}";
        }

        public class Rater
        {
            private readonly IAnthropicClient _anthropic;
            public Rater(IAnthropicClient anthropic) => _anthropic = anthropic;

            public async Task<string> RateAsync(string ticket)
            {
                Message message = await _anthropic.Messages.{|LLM2008:Create|}(new MessageCreateParams
                {
                    Model = "{{model}}",
                    MaxTokens = 10,
                    System = {{system}},
                    Messages = [new UserMessageParam("Rate the priority of: " + ticket)],{{rest}}
                });
                return message.Content.Count.ToString();
            }
        }
        """;

    [Fact]
    public async Task A_long_constant_system_prompt_without_a_breakpoint_fires_with_its_tokens()
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(Rater("claude-opus-4-8", "Policies.Text"));
        Diagnostic d = Assert.Single(diagnostics);
        Assert.True(int.Parse(d.Properties["EstimatedTokens"]!) >= 1024, d.Properties["EstimatedTokens"]);
        Assert.Equal("claude-opus-4-8", d.Properties["ModelId"]);
        Assert.Contains("cache_control", d.GetMessage());
    }

    [Fact]
    public Task The_fix_marks_the_system_prompt_and_the_fixed_request_compiles() => VerifyCS.VerifyFixAsync(
        Rater("claude-opus-4-8", "Policies.Text"),
        Rater("claude-opus-4-8", "new global::System.Collections.Generic.List<global::Anthropic.Models.Messages.TextBlockParam> { new global::Anthropic.Models.Messages.TextBlockParam { Text = Policies.Text, CacheControl = new global::Anthropic.Models.Messages.CacheControlEphemeral() } }")
            .Replace("{|LLM2008:Create|}", "Create"));

    [Fact]
    public Task A_request_that_already_sets_a_breakpoint_is_silent() => VerifyCS.VerifyAnalyzerAsync(
        Rater("claude-opus-4-8", "new List<TextBlockParam> { new TextBlockParam { Text = Policies.Text, CacheControl = new CacheControlEphemeral() } }")
            .Replace("{|LLM2008:Create|}", "Create"));

    [Fact]
    public Task A_prompt_under_the_models_minimum_is_silent() => VerifyCS.VerifyAnalyzerAsync(
        Rater("claude-haiku-4-5", "Policies.Text").Replace("{|LLM2008:Create|}", "Create")); // Haiku caches from 2,048 tokens

    [Fact]
    public Task A_short_or_dynamic_system_prompt_is_silent() => VerifyCS.VerifyAnalyzerAsync(
        Rater("claude-opus-4-8", "\"You rate tickets.\"").Replace("{|LLM2008:Create|}", "Create")
            .Replace("public async Task<string> RateAsync(string ticket)", "public async Task<string> RateAsync(string ticket, string policy)")
            .Replace("System = \"You rate tickets.\"", "System = policy + Policies.Text"));

    [Fact]
    public Task A_request_built_elsewhere_is_not_judged() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Rater
        {
            private readonly IAnthropicClient _anthropic;
            public Rater(IAnthropicClient anthropic) => _anthropic = anthropic;

            public Task<Message> RateAsync(MessageCreateParams request) => _anthropic.Messages.Create(request);
        }
        """);
}
