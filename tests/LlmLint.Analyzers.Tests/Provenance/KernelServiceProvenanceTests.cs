using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests.Provenance;

/// <summary>
/// A service class that builds a kernel in its constructor and hands out its chat completion service: the model of a
/// call through that service comes from the kernel builder.
/// </summary>
public class KernelServiceProvenanceTests
{
    private const string KernelService = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using Microsoft.SemanticKernel;
        using Microsoft.SemanticKernel.ChatCompletion;
        using Microsoft.SemanticKernel.Connectors.OpenAI;

        public class KernelService
        {
            private readonly IChatCompletionService _chat;
            private readonly Kernel _kernel;
            private readonly OpenAIPromptExecutionSettings _settings;

            public KernelService(IConfiguration configuration)
            {
                _settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };
                var builder = Kernel.CreateBuilder();
                builder.AddAzureOpenAIChatCompletion(deploymentName: DEPLOYMENT, endpoint: "https://x.openai.azure.com", apiKey: "k");
                _kernel = builder.Build();
                _chat = _kernel.GetRequiredService<IChatCompletionService>();
            }

            public IChatCompletionService GetChatCompletionService() => _chat;

            public Kernel Kernel => _kernel;

            public OpenAIPromptExecutionSettings GetSettings() => _settings;
        }

        public class Summaries
        {
            private readonly KernelService _service;
            public Summaries(KernelService service) => _service = service;

            public async Task<string?> SummariseAsync(string dialog)
            {
                var history = new ChatHistory();
                history.AddSystemMessage("Summarise the dialog.");
                history.AddUserMessage(dialog);
                var chat = _service.GetChatCompletionService();
                var summary = await chat.{|LLM2000:GetChatMessageContentAsync|}(history, _service.GetSettings(), _service.Kernel);
                return summary.Content;
            }
        }
        """;

    [Fact]
    public async Task A_chat_service_handed_out_by_a_service_that_built_the_kernel_has_the_builders_model()
    {
        Diagnostic d = await ModelProvenanceTests.Site(KernelService.Replace("DEPLOYMENT", "\"gpt-4o\""), Sdks.SemanticKernel | Sdks.Hosting);
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
    }

    [Fact]
    public async Task The_builders_model_from_configuration_is_read_from_the_configuration_files()
    {
        Diagnostic d = await ModelProvenanceTests.Site(KernelService.Replace("DEPLOYMENT", "configuration[\"Azure:OpenAI:DeploymentName\"]"), Sdks.SemanticKernel | Sdks.Hosting,
            ("/app/appsettings.json", """{ "Azure": { "OpenAI": { "DeploymentName": "gpt-4o-mini" } } }"""));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.EndsWith("configuration key 'Azure:OpenAI:DeploymentName' in appsettings.json", ModelProvenanceTests.Provenance(d));
    }

    [Fact]
    public async Task A_chat_service_from_a_kernel_built_elsewhere_stays_unresolved()
    {
        const string Markup = """
            using System.Threading.Tasks;
            using Microsoft.SemanticKernel;
            using Microsoft.SemanticKernel.ChatCompletion;

            public class Summaries
            {
                private readonly Kernel _kernel;
                public Summaries(Kernel kernel) => _kernel = kernel;

                public async Task<string?> SummariseAsync(ChatHistory history)
                {
                    var chat = _kernel.GetRequiredService<IChatCompletionService>();
                    var summary = await chat.{|LLM2000:GetChatMessageContentAsync|}(history);
                    return summary.Content;
                }
            }
            """;
        Diagnostic d = await ModelProvenanceTests.Site(Markup, Sdks.SemanticKernel | Sdks.Hosting);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
    }
}
