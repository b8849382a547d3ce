using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCallSite = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>Call shapes of the OpenAI SDK (2.15) and Azure OpenAI (2.9.0-beta.1), compiled against the real assemblies.</summary>
public class OpenAICallShapeTests
{
    [Fact]
    public async Task ChatClient_AllFourCompleteChatForms_AreRecognised_WithModelFromGetChatClient()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using OpenAI;
            using OpenAI.Chat;

            public class Chat
            {
                private readonly ChatClient _chat = new OpenAIClient("key").GetChatClient("gpt-4o");

                public async Task RunAsync(string q)
                {
                    _chat.{|LLM2000:CompleteChat|}(new UserChatMessage(q));
                    await _chat.{|LLM2000:CompleteChatAsync|}(new UserChatMessage(q));
                    foreach (var u in _chat.{|LLM2000:CompleteChatStreaming|}(new UserChatMessage(q))) { }
                    await foreach (var u in _chat.{|LLM2000:CompleteChatStreamingAsync|}(new UserChatMessage(q))) { }
                }
            }
            """, s => s.Sdks = Sdks.OpenAI);
        Assert.Equal(new[] { "gpt-4o", "gpt-4o", "gpt-4o", "gpt-4o" }, CallSiteProperties.ModelIds(diagnostics));
        Assert.All(diagnostics, d => Assert.Equal("OpenAI", d.Properties["Sdk"]));
    }

    [Fact]
    public async Task ChatClient_Constructor_BindsTheModel()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using OpenAI.Chat;

            public class Chat
            {
                public string Ask(string q) => new ChatClient("gpt-4.1-mini", "key").{|LLM2000:CompleteChat|}(new UserChatMessage(q)).Value.Content[0].Text;
            }
            """, s => s.Sdks = Sdks.OpenAI));
        Assert.Equal("gpt-4.1-mini", d.Properties["ModelId"]);
    }

    [Fact]
    public async Task ResponsesClient_CreateResponseForms_AreRecognised_WithTheModelPerCall()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            #pragma warning disable OPENAI001
            using System.Threading.Tasks;
            using OpenAI.Responses;

            public class Answers
            {
                public async Task RunAsync(ResponsesClient client, string q)
                {
                    await client.{|LLM2000:CreateResponseAsync|}("gpt-5", q);
                    client.{|LLM2000:CreateResponse|}(new CreateResponseOptions { Model = "gpt-5-mini", Instructions = "Answer briefly." });
                    await foreach (var u in await client.{|LLM2000:CreateResponseStreamingAsync|}("o3", q)) { }
                }
            }
            """, s => s.Sdks = Sdks.OpenAI);
        Assert.Equal(new[] { "gpt-5", "gpt-5-mini", "o3" }, CallSiteProperties.ModelIds(diagnostics));
    }

    private const string ResponsesOptionsConstructor = """
        #pragma warning disable OPENAI001
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Responses;

        public class Roles
        {
            private readonly string _deployment;
            public Roles(string deployment) => _deployment = DEPLOYMENT;

            public Task Run(ResponsesClient client, string transcript)
            {
                var items = new List<ResponseItem> { ResponseItem.CreateUserMessageItem(transcript) };
                CreateResponseOptions options = new(_deployment, items);
                return client.{|LLM2000:CreateResponseAsync|}(options);
            }
        }
        """;

    [Fact]
    public async Task ResponsesClient_ModelInTheOptionsConstructor_Resolves()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync(ResponsesOptionsConstructor.Replace("DEPLOYMENT", "\"gpt-5-mini\""), s => s.Sdks = Sdks.OpenAI);
        Assert.Equal(new[] { "gpt-5-mini" }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public async Task ResponsesClient_OptionsConstructorWithAParameterModel_StaysUnresolved()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync(ResponsesOptionsConstructor.Replace("DEPLOYMENT", "deployment"), s => s.Sdks = Sdks.OpenAI);
        Assert.Equal(new[] { string.Empty }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public Task ResponsesClient_ProtocolOverload_IsNotRecognised() => VerifyCallSite.VerifyAsync("""
        #pragma warning disable OPENAI001
        using System;
        using System.ClientModel;
        using OpenAI.Responses;

        public class Raw
        {
            public ClientResult Send(ResponsesClient client) => client.CreateResponse(BinaryContent.Create(BinaryData.FromString("{}")), null);
        }
        """, s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public async Task AzureOpenAIClient_GetChatClient_DeploymentNameIsTheModel()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using System;
            using System.ClientModel;
            using Azure.AI.OpenAI;
            using OpenAI.Chat;

            public class AzureChat
            {
                public string Ask(string q)
                {
                    var client = new AzureOpenAIClient(new Uri("https://example.openai.azure.com"), new ApiKeyCredential("key"));
                    ChatClient chat = client.GetChatClient("gpt-4o");
                    return chat.{|LLM2000:CompleteChat|}(new UserChatMessage(q)).Value.Content[0].Text;
                }
            }
            """, s => s.Sdks = Sdks.OpenAI | Sdks.AzureOpenAI));
        Assert.Equal("OpenAI", d.Properties["Sdk"]);
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
    }

    [Fact]
    public Task EmbeddingsAndLookAlikes_AreNotRecognised() => VerifyCallSite.VerifyAsync("""
        using OpenAI;
        using OpenAI.Embeddings;

        namespace Mail
        {
            public class ChatClient { public string CompleteChat(string text) => text; public string CompleteChatAsync(string text) => text; }
        }

        public class Other
        {
            public void Run(OpenAIClient client, Mail.ChatClient mail)
            {
                client.GetEmbeddingClient("text-embedding-3-small").GenerateEmbedding("hello");
                mail.CompleteChat("hello");
                mail.CompleteChatAsync("hello");
            }
        }
        """, s => s.Sdks = Sdks.OpenAI);
}
