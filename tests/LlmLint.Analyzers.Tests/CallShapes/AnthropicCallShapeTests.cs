using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCallSite = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;
using VerifySmallerModel = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.UseSmallerModelAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>Call shapes of the official Anthropic SDK (13.15), compiled against the real assembly.</summary>
public class AnthropicCallShapeTests
{
    private const string PersonInfo = """
        public class PersonInfo
        {
            public string Name { get; set; } = "";
            public int Age { get; set; }
            public string Email { get; set; } = "";
        }
        """;

    [Fact]
    public async Task MessagesCreate_IsRecognised_WithModelFromParams()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Anthropic;
            using Anthropic.Models.Messages;

            public class Notes
            {
                public Task<Message> SummariseAsync(AnthropicClient client, string text) =>
                    client.Messages.{|LLM2000:Create|}(new MessageCreateParams { Model = "claude-sonnet-4-5", MaxTokens = 300, Messages = [new UserMessageParam("Summarise: " + text)] });
            }
            """));
        Assert.Equal("Anthropic", d.Properties["Sdk"]);
        Assert.Equal("claude-sonnet-4-5", d.Properties["ModelId"]);
    }

    private const string PeopleCall = """
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;
        using Anthropic.Services;

        public class People
        {
            public async Task<object> ReadAsync(AnthropicClient client, string bio)
            {
                var r = await client.Messages.{|ID:Create<PersonInfo>|}(new MessageCreateParams
                {
                    Model = "claude-sonnet-5",
                    MaxTokens = 200,
                    Messages = [new UserMessageParam("Extract the person's name, age and email: " + bio)],
                });
                return r;
            }
        }
        """ + PersonInfo;

    [Fact]
    public async Task MessagesCreateOfT_StructuredOutput_IsRecognised()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync(PeopleCall.Replace("ID", "LLM2000")));
        Assert.Equal("Anthropic", d.Properties["Sdk"]);
        Assert.Equal("claude-sonnet-5", d.Properties["ModelId"]);
        Assert.Equal("Extraction", d.Properties["TaskKind"]);
    }

    [Fact]
    public async Task MessagesCreateOfT_LargeModel_GetsUseSmallerModelWarning()
    {
        Diagnostic d = Assert.Single(await VerifySmallerModel.VerifyAsync(PeopleCall.Replace("ID", "LLM2001")));
        Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
        Assert.Equal("Extraction", d.Properties["TaskKind"]);
        Assert.Contains("PersonInfo", d.GetMessage());
    }

    [Fact]
    public async Task MessagesCreateStreaming_IsRecognisedAsStreaming()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using System.Collections.Generic;
            using Anthropic;
            using Anthropic.Models.Messages;

            public class Chat
            {
                public IAsyncEnumerable<RawMessageStreamEvent> Stream(AnthropicClient client, string q) =>
                    client.Messages.{|LLM2000:CreateStreaming|}(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 500, Messages = [new UserMessageParam(q)] });
            }
            """));
        Assert.Equal("claude-haiku-4-5", d.Properties["ModelId"]);
    }

    [Fact]
    public async Task BetaMessagesCreate_AndCreateOfT_AreRecognised()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Anthropic;
            using Anthropic.Models.Beta.Messages;
            using Anthropic.Services.Beta;

            public class BetaCalls
            {
                public async Task RunAsync(AnthropicClient client, string text)
                {
                    await client.Beta.Messages.{|LLM2000:Create|}(new MessageCreateParams { Model = "claude-opus-4-8", MaxTokens = 100, Messages = [new BetaMessageParam(new BetaUserMessageParam { Content = text }, null)] });
                    await client.Beta.Messages.{|LLM2000:Create<PersonInfo>|}(new MessageCreateParams { Model = "claude-sonnet-5", MaxTokens = 100, Messages = [new BetaMessageParam(new BetaUserMessageParam { Content = text }, null)] });
                    await foreach (var e in client.Beta.Messages.{|LLM2000:CreateStreaming|}(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 100, Messages = [] }))
                    {
                    }
                }
            }
            """ + PersonInfo);
        Assert.Equal(new[] { "claude-opus-4-8", "claude-sonnet-5", "claude-haiku-4-5" }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public Task RawResponseMessagesCreate_IsRecognised() => VerifyCallSite.VerifyAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Raw
        {
            public async Task RunAsync(AnthropicClient client) =>
                await client.WithRawResponse.Messages.{|LLM2000:Create|}(new MessageCreateParams { Model = "claude-haiku-4-5", MaxTokens = 10, Messages = [new UserMessageParam("hi")] });
        }
        """);

    [Fact]
    public Task CountTokens_IsNotACall() => VerifyCallSite.VerifyAsync("""
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Budget
        {
            public async Task RunAsync(AnthropicClient client) =>
                await client.Messages.CountTokens(new MessageCountTokensParams { Model = "claude-sonnet-5", Messages = [new UserMessageParam("hi")] });
        }
        """);

    [Fact]
    public Task LookAlikeMessagesCreate_IsNotRecognised() => VerifyCallSite.VerifyAsync("""
        using System.Threading.Tasks;

        public class MessageCreateParams { public string Model { get; set; } = ""; }
        public class MessageService { public Task<string> Create(MessageCreateParams p) => Task.FromResult(p.Model); public Task<T> Create<T>(MessageCreateParams p) where T : new() => Task.FromResult(new T()); }
        public class MailClient { public MessageService Messages { get; } = new MessageService(); }

        public class Outbox
        {
            public async Task RunAsync(MailClient client)
            {
                await client.Messages.Create(new MessageCreateParams { Model = "claude-sonnet-5" });
                await client.Messages.Create<object>(new MessageCreateParams { Model = "claude-sonnet-5" });
            }
        }
        """);
}
