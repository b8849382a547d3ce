using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCallSite = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>Call shapes of Microsoft.Extensions.AI 11, compiled against the real assemblies.</summary>
public class MicrosoftExtensionsAICallShapeTests
{
    [Fact]
    public async Task GetResponseAsync_StringMessagesTypedAndStreaming_AreRecognised()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public enum Mood { Happy, Sad }

            public class Calls
            {
                public async Task RunAsync(IChatClient client, string q)
                {
                    await client.{|LLM2000:GetResponseAsync|}(q, new ChatOptions { ModelId = "gpt-4o" });
                    await client.{|LLM2000:GetResponseAsync|}(new List<ChatMessage> { new(ChatRole.System, "Be brief."), new(ChatRole.User, q) }, new ChatOptions { ModelId = "gpt-4.1" });
                    await client.{|LLM2000:GetResponseAsync<Mood>|}(q, new ChatOptions { ModelId = "gpt-4o-mini" });
                    await foreach (var u in client.{|LLM2000:GetStreamingResponseAsync|}(q, new ChatOptions { ModelId = "gpt-5" })) { }
                }
            }
            """, s => s.Sdks = Sdks.MicrosoftExtensionsAI);
        Assert.Equal(new[] { "gpt-4o", "gpt-4.1", "gpt-4o-mini", "gpt-5" }, CallSiteProperties.ModelIds(diagnostics));
        Assert.Equal("Classification", diagnostics[2].Properties["TaskKind"]);
    }

    [Fact]
    public async Task AsIChatClient_OverOpenAIClients_GivesTheModel()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            #pragma warning disable OPENAI001
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using OpenAI;

            public class Bridged
            {
                public async Task RunAsync(OpenAIClient openAI, string q)
                {
                    IChatClient chat = openAI.GetChatClient("gpt-4o").AsIChatClient();
                    IChatClient responses = openAI.GetResponsesClient().AsIChatClient("gpt-5-mini");
                    await chat.{|LLM2000:GetResponseAsync|}(q);
                    await responses.{|LLM2000:GetResponseAsync|}(q);
                }
            }
            """, s => s.Sdks = Sdks.MicrosoftExtensionsAI | Sdks.OpenAI);
        Assert.Equal(new[] { "gpt-4o", "gpt-5-mini" }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public async Task ChatClientBuilderPipeline_GivesTheInnerClientsModel()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using OpenAI;

            public class Piped
            {
                public async Task RunAsync(OpenAIClient openAI, string q)
                {
                    IChatClient client = new ChatClientBuilder(openAI.GetChatClient("gpt-4.1").AsIChatClient())
                        .UseLogging()
                        .Build();
                    await client.{|LLM2000:GetResponseAsync|}(q);
                }
            }
            """, s => s.Sdks = Sdks.MicrosoftExtensionsAI | Sdks.OpenAI));
        Assert.Equal("gpt-4.1", d.Properties["ModelId"]);
    }

    [Fact]
    public Task EmbeddingsAndLookAlikes_AreNotRecognised() => VerifyCallSite.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class Weather { public Task<string> GetResponseAsync(string city) => Task.FromResult(city); }

        public class Other
        {
            public async Task RunAsync(IEmbeddingGenerator<string, Embedding<float>> embeddings, Weather weather)
            {
                await embeddings.GenerateAsync(new[] { "hello" });
                await weather.GetResponseAsync("Oslo");
            }
        }
        """, s => s.Sdks = Sdks.MicrosoftExtensionsAI);
}
