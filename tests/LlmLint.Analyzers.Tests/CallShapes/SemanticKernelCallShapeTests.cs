using System.Linq;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCallSite = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>Call shapes of Semantic Kernel 1.82, compiled against the real assemblies.</summary>
public class SemanticKernelCallShapeTests
{
    [Fact]
    public async Task InvokePrompt_Typed_AndStreaming_AreRecognised_WithTheKernelBuilderModel()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            public class Prompts
            {
                public async Task RunAsync(string q)
                {
                    Kernel kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: "gpt-4", apiKey: "key").Build();
                    await kernel.{|LLM2000:InvokePromptAsync|}("Answer: " + q);
                    await kernel.{|LLM2000:InvokePromptAsync<string>|}("Answer: " + q);
                    await foreach (var u in kernel.{|LLM2000:InvokePromptStreamingAsync|}("Answer: " + q)) { }
                }
            }
            """, s => s.Sdks = Sdks.SemanticKernel);
        Assert.Equal(new[] { "gpt-4", "gpt-4", "gpt-4" }, CallSiteProperties.ModelIds(diagnostics));
        Assert.All(diagnostics, d => Assert.Equal("SemanticKernel", d.Properties["Sdk"]));
    }

    [Fact]
    public async Task PromptFunction_InvokedThroughKernelOrFunction_IsTheCall_NotItsCreation()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;

            public class Functions
            {
                public async Task RunAsync(string q)
                {
                    Kernel kernel = Kernel.CreateBuilder().AddAzureOpenAIChatCompletion(deploymentName: "gpt-4o", endpoint: "https://example.openai.azure.com", apiKey: "key").Build();
                    KernelFunction fromKernel = kernel.CreateFunctionFromPrompt("Summarise {{$input}}");
                    KernelFunction fromFactory = KernelFunctionFactory.CreateFromPrompt("Translate {{$input}}");
                    await kernel.{|LLM2000:InvokeAsync|}(fromKernel, new KernelArguments { ["input"] = q });
                    await fromFactory.{|LLM2000:InvokeAsync|}(kernel, new KernelArguments { ["input"] = q });
                    await foreach (var u in kernel.{|LLM2000:InvokeStreamingAsync|}(fromKernel, new KernelArguments { ["input"] = q })) { }
                }
            }
            """, s => s.Sdks = Sdks.SemanticKernel);
        Assert.Equal(new[] { "gpt-4o", "gpt-4o", "gpt-4o" }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public async Task ExecutionSettings_ModelIdWinsOverTheKernel_AndMaxTokensIsRead()
    {
        Diagnostic d = Assert.Single(await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.Connectors.OpenAI;

            public class Settings
            {
                public async Task RunAsync(Kernel kernel, string q)
                {
                    var settings = new OpenAIPromptExecutionSettings { ModelId = "gpt-4o-mini", MaxTokens = 42, Temperature = 0 };
                    await kernel.{|LLM2000:InvokePromptAsync|}("Answer: " + q, new KernelArguments(settings));
                }
            }
            """, s => s.Sdks = Sdks.SemanticKernel));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.Equal("42", d.Properties["OutputTokens"]);
    }

    [Fact]
    public async Task ChatCompletionService_AllForms_AreRecognised()
    {
        var diagnostics = await VerifyCallSite.VerifyAsync("""
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.ChatCompletion;

            public class Service
            {
                public async Task RunAsync(IChatCompletionService chat, string q)
                {
                    var settings = new PromptExecutionSettings { ModelId = "gpt-4o", ExtensionData = new System.Collections.Generic.Dictionary<string, object> { ["max_tokens"] = 100 } };
                    var history = new ChatHistory("You answer questions.");
                    history.AddUserMessage(q);
                    await chat.{|LLM2000:GetChatMessageContentAsync|}(history, settings);
                    await chat.{|LLM2000:GetChatMessageContentsAsync|}(history, settings);
                    await foreach (var u in chat.{|LLM2000:GetStreamingChatMessageContentsAsync|}(history, settings)) { }
                    await chat.{|LLM2000:GetChatMessageContentAsync|}(q, settings);
                }
            }
            """, s => s.Sdks = Sdks.SemanticKernel);
        Assert.Equal(new[] { "gpt-4o", "gpt-4o", "gpt-4o", "gpt-4o" }, CallSiteProperties.ModelIds(diagnostics));
    }

    [Fact]
    public Task NativeFunctionsPluginsByNameAndLookAlikes_AreNotRecognised() => VerifyCallSite.VerifyAsync("""
        using System.Threading.Tasks;
        using Microsoft.SemanticKernel;

        public class Clock { public Task<string> InvokePromptAsync(string text) => Task.FromResult(text); }

        public class Native
        {
            public async Task RunAsync(Kernel kernel, Clock clock)
            {
                KernelFunction now = KernelFunctionFactory.CreateFromMethod(() => System.DateTime.UtcNow.ToString("O"), "Now");
                await kernel.InvokeAsync(now);
                await now.InvokeAsync(kernel);
                kernel.CreateFunctionFromPrompt("Summarise {{$input}}");
                await clock.InvokePromptAsync("now");
            }
        }
        """, s => s.Sdks = Sdks.SemanticKernel);
}
