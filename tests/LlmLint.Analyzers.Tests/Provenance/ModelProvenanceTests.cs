using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Verify = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.CallSiteAnalyzer>;

namespace LlmLint.Analyzers.Tests.Provenance;

/// <summary>Where the model of a call site comes from, on the real SDK and hosting assemblies (LLM2000 properties).</summary>
public class ModelProvenanceTests
{
    internal const string ConfigIndexer = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;

        public class Triage
        {
            private readonly IChatClient _client;
            private readonly IConfiguration _config;
            public Triage(IChatClient client, IConfiguration config) { _client = client; _config = config; }

            public Task<ChatResponse> RateAsync(string ticket) =>
                _client.{|LLM2000:GetResponseAsync|}("Rate: " + ticket, new ChatOptions { ModelId = MODEL });
        }
        """;

    internal static Task<Diagnostic> Site(string markup, Sdks sdks, params (string Path, string Text)[] files) => SiteWithOption(markup, sdks, null, files);

    private static async Task<Diagnostic> SiteWithOption(string markup, Sdks sdks, (string Key, string Value)? option, params (string Path, string Text)[] files)
    {
        var diagnostics = await Verify.VerifyAsync(markup, s =>
        {
            s.Sdks = sdks;
            foreach ((string path, string text) in files)
            {
                s.AdditionalFiles.Add(new TestAdditionalText(path, text));
            }

            if (option is (string k, string v))
            {
                s.Options[k] = v;
            }
        });
        return Assert.Single(diagnostics);
    }

    internal static string? Provenance(Diagnostic d) => d.Properties.TryGetValue("ModelProvenance", out string? p) ? p : null;

    internal const Sdks MeaiHosting = Sdks.MicrosoftExtensionsAI | Sdks.Hosting;

    [Fact]
    public async Task ConfigurationIndexer_KeyInAppSettings_Resolves()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"]"), MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in appsettings.json", Provenance(d));
    }

    [Fact]
    public async Task ConfigurationIndexer_EmptyPlaceholder_UnresolvedWithProvenance()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"]"), MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "" } }"""));
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel': empty in appsettings.json", Provenance(d));
        Assert.Contains("(unknown model: configuration key 'AI:ChatModel': empty in appsettings.json)", d.GetMessage());
    }

    [Fact]
    public async Task AppSettingsWithCommentsAndTrailingCommas_IsRead()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config.GetSection(\"AI\")[\"ChatModel\"]"), MeaiHosting,
            ("/app/appsettings.json", "{\n  // the model\n  \"AI\": { \"ChatModel\": \"gpt-4o-mini\", /* note */ },\n}"));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
    }

    [Fact]
    public async Task MalformedAppSettings_IgnoredWithReason_NoThrow()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"]"), MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" """));
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.StartsWith("configuration key 'AI:ChatModel': not in appsettings.json; appsettings.json ignored: is not valid JSON", Provenance(d));
    }

    [Fact]
    public async Task EnvironmentFileDiffers_BaseValueReportedAndDifferenceNamed()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config.GetValue<string>(\"AI:ChatModel\")"), MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""),
            ("/app/appsettings.Development.json", """{ "AI": { "ChatModel": "gpt-4o-mini" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in appsettings.json; appsettings.Development.json: 'gpt-4o-mini'", Provenance(d));
    }

    [Fact]
    public async Task GetValueDefault_UsedWhenKeyMissing_NotWhenPresent()
    {
        string markup = ConfigIndexer.Replace("MODEL", "_config.GetValue(\"AI:ChatModel\", \"gpt-4o-mini\")");
        Diagnostic missing = await Site(markup, MeaiHosting, ("/app/appsettings.json", """{ "Logging": {} }"""));
        Assert.Equal("gpt-4o-mini", missing.Properties["ModelId"]);
        Assert.Contains("not in appsettings.json", Provenance(missing));
        Diagnostic present = await Site(markup, MeaiHosting, ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", present.Properties["ModelId"]);
    }

    [Fact]
    public async Task CoalesceFallback_ConfigMissing_UsesLiteral()
    {
        Diagnostic d = await Site(ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"] ?? \"gpt-4o-mini\""), MeaiHosting);
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel': no appsettings.json in AdditionalFiles, else 'gpt-4o-mini'", Provenance(d));
    }

    [Fact]
    public async Task EditorConfigNamesConfigKey_Resolves_OnlyForThatKey()
    {
        string markup = ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"]");
        Diagnostic named = await SiteWithOption(markup, MeaiHosting, ("llm2000.model_for_config.ai__chatmodel", "gpt-4o"), ("/app/appsettings.json", """{ "AI": { "ChatModel": "" } }"""));
        Assert.Equal("gpt-4o", named.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel': named in .editorconfig", Provenance(named));
        Diagnostic other = await SiteWithOption(markup, MeaiHosting, ("llm2000.model_for_config.ai__embeddingmodel", "gpt-4o"), ("/app/appsettings.json", """{ "AI": { "ChatModel": "" } }"""));
        Assert.Equal(string.Empty, other.Properties["ModelId"]);
    }

    [Fact]
    public async Task EnvironmentVariable_ProvenanceAndEditorConfigName()
    {
        string markup = ConfigIndexer.Replace("MODEL", "System.Environment.GetEnvironmentVariable(\"OPENAI_MODEL\")");
        Diagnostic unnamed = await Site(markup, MeaiHosting);
        Assert.Equal(string.Empty, unnamed.Properties["ModelId"]);
        Assert.Equal("environment variable 'OPENAI_MODEL'", Provenance(unnamed));
        Diagnostic named = await SiteWithOption(markup, MeaiHosting, ("llm2000.model_for_env.openai_model", "gpt-4o-mini"));
        Assert.Equal("gpt-4o-mini", named.Properties["ModelId"]);
    }

    [Fact]
    public async Task Parameter_UnresolvedWithProvenance()
    {
        const string markup = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public class Summarizer
            {
                private readonly IChatClient _client;
                public Summarizer(IChatClient client) => _client = client;

                public Task<ChatResponse> Summarize(string text, string model) =>
                    _client.{|LLM2000:GetResponseAsync|}("Summarize: " + text, new ChatOptions { ModelId = model });
            }
            """;
        Diagnostic d = await Site(markup, Sdks.MicrosoftExtensionsAI);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("parameter 'model' of 'Summarize'", Provenance(d));
    }

    [Fact]
    public async Task FieldSetOnceInConstructor_Resolves_SetTwice_DoesNot()
    {
        const string markup = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;

            public class Summarizer
            {
                private readonly IChatClient _client;
                private readonly string _model;
                public Summarizer(IChatClient client) { _client = client; _model = "gpt-4o-mini"; }
                SECOND
                public Task<ChatResponse> Summarize(string text) =>
                    _client.{|LLM2000:GetResponseAsync|}("Summarize: " + text, new ChatOptions { ModelId = _model });
            }
            """;
        Diagnostic once = await Site(markup.Replace("SECOND", string.Empty), Sdks.MicrosoftExtensionsAI);
        Assert.Equal("gpt-4o-mini", once.Properties["ModelId"]);
        Diagnostic twice = await Site(markup.Replace("SECOND", "public Summarizer(IChatClient client, bool big) { _client = client; _model = \"gpt-4o\"; }"), Sdks.MicrosoftExtensionsAI);
        Assert.Equal(string.Empty, twice.Properties["ModelId"]);
    }

    private const string OptionsPattern = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.Extensions.Options;

        public class AiOptions
        {
            public string ChatModel { get; set; } DEFAULT
        }

        public static class Startup
        {
            public static void Register(IServiceCollection services, IConfiguration config) =>
                services.Configure<AiOptions>(config.GetSection("AI"));
        }

        public class Triage
        {
            private readonly IChatClient _client;
            private readonly AiOptions _options;
            public Triage(IChatClient client, IOptions<AiOptions> options) { _client = client; _options = options.Value; }

            public Task<ChatResponse> RateAsync(string ticket) =>
                _client.{|LLM2000:GetResponseAsync|}("Rate: " + ticket, new ChatOptions { ModelId = _options.ChatModel });
        }
        """;

    [Fact]
    public async Task OptionsPattern_ConfigureSection_ResolvesFromAppSettings()
    {
        Diagnostic d = await Site(OptionsPattern.Replace("DEFAULT", string.Empty), MeaiHosting, ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in appsettings.json", Provenance(d));
    }

    [Fact]
    public async Task OptionsPattern_PropertyDefault_UsedWhenKeyMissing()
    {
        Diagnostic d = await Site(OptionsPattern.Replace("DEFAULT", "= \"gpt-4o-mini\";"), MeaiHosting, ("/app/appsettings.json", """{ "AI": { } }"""));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' (not in appsettings.json), default 'gpt-4o-mini' of 'AiOptions.ChatModel'", Provenance(d));
    }

    [Fact]
    public async Task OptionsPattern_Unbound_NotResolved()
    {
        string unbound = OptionsPattern.Replace("DEFAULT", string.Empty).Replace("services.Configure<AiOptions>(config.GetSection(\"AI\"));", "services.AddOptions();");
        Diagnostic d = await Site(unbound, MeaiHosting, ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
    }

    [Fact]
    public async Task OptionsPattern_UnboundHere_ResolvesToThePropertyDefault()
    {
        string unbound = OptionsPattern.Replace("DEFAULT", "= \"gpt-4o-mini\";").Replace("services.Configure<AiOptions>(config.GetSection(\"AI\"));", "services.AddOptions();");
        Diagnostic d = await Site(unbound, MeaiHosting);
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.Equal("'gpt-4o-mini', the default of 'AiOptions.ChatModel' (options class not bound in this project)", Provenance(d));
    }

    [Fact]
    public async Task PlainSettingsObjectWithDefault_NotResolved()
    {
        // Not an options accessor: whoever passes the object may have set the property.
        string plain = OptionsPattern.Replace("DEFAULT", "= \"gpt-4o-mini\";").Replace("services.Configure<AiOptions>(config.GetSection(\"AI\"));", "services.AddOptions();")
            .Replace("IOptions<AiOptions> options) { _client = client; _options = options.Value; }", "AiOptions options) { _client = client; _options = options; }");
        Diagnostic d = await Site(plain, MeaiHosting);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
    }

    [Fact]
    public async Task SectionGetT_Resolves()
    {
        const string markup = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.Configuration;

            public class AiSettings { public string Model { get; set; } = ""; }

            public class Triage
            {
                public Task<ChatResponse> RateAsync(IChatClient client, IConfiguration config, string ticket)
                {
                    AiSettings settings = config.GetSection("OpenAI").Get<AiSettings>()!;
                    return client.{|LLM2000:GetResponseAsync|}("Rate: " + ticket, new ChatOptions { ModelId = settings.Model });
                }
            }
            """;
        Diagnostic d = await Site(markup, MeaiHosting, ("/app/appsettings.json", """{ "OpenAI": { "Model": "gpt-4o-mini" } }"""));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Diagnostic other = await Site(markup, MeaiHosting, ("/app/appsettings.json", """{ "Other": { "Model": "gpt-4o-mini" } }"""));
        Assert.Equal(string.Empty, other.Properties["ModelId"]);
    }

    private const string AnthropicCall = """
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public class Extractor
        {
            public Task<Message> Run(AnthropicClient client, string text) =>
                client.Messages.{|LLM2000:Create|}(new MessageCreateParams
                {
                    Model = MODEL,
                    MaxTokens = 200,
                    Messages = [new UserMessageParam(text)],
                });
        }
        """;

    [Fact]
    public async Task AnthropicModelConstant_Resolves()
    {
        Diagnostic d = await Site(AnthropicCall.Replace("MODEL", "Model.ClaudeOpus4_8"), Sdks.Anthropic);
        Assert.Equal("claude-opus-4-8", d.Properties["ModelId"]);
        Assert.Equal("SDK constant 'Model.ClaudeOpus4_8'", Provenance(d));
    }

    [Fact]
    public async Task AnthropicModelConstantOfAnotherSdkVersion_Resolves()
    {
        // Anthropic 12 declared Model.ClaudeSonnet4_5_20250929; the 13.15 assemblies under test do not.
        Diagnostic d = await Site(AnthropicCall.Replace("MODEL", "Model.{|CS0117:ClaudeSonnet4_5_20250929|}"), Sdks.Anthropic);
        Assert.Equal("claude-sonnet-4-5-20250929", d.Properties["ModelId"]);
        Assert.Equal("SDK constant 'Model.ClaudeSonnet4_5_20250929'", Provenance(d));
    }

    [Fact]
    public async Task UnknownMemberOfAnotherType_Unresolved()
    {
        Diagnostic d = await Site(AnthropicCall.Replace("MODEL", "Names.{|CS0117:ClaudeSonnet4_5_20250929|}") + "\npublic static class Names { }\n", Sdks.Anthropic);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
    }

    [Fact]
    public async Task AnthropicModelFromParameter_Unresolved()
    {
        Diagnostic d = await Site(AnthropicCall.Replace("string text", "string text, Model model").Replace("MODEL", "model"), Sdks.Anthropic);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("parameter 'model' of 'Run'", Provenance(d));
    }

    [Fact]
    public void KebabCase_MatchesTheWireIdsOfAnthropic13()
    {
        Assert.Equal("claude-opus-4-5-20251101", LlmLint.Analyzers.Provenance.SdkModelConstants.KebabCase("ClaudeOpus4_5_20251101"));
        Assert.Equal("claude-mythos-preview", LlmLint.Analyzers.Provenance.SdkModelConstants.KebabCase("ClaudeMythosPreview"));
        Assert.Equal("claude-sonnet-5", LlmLint.Analyzers.Provenance.SdkModelConstants.KebabCase("ClaudeSonnet5"));
    }

    [Fact]
    public async Task KernelBuilderModelFromConfiguration_Resolves()
    {
        const string markup = """
            using System.Threading.Tasks;
            using Microsoft.Extensions.Configuration;
            using Microsoft.SemanticKernel;

            public class Agent
            {
                public Task<FunctionResult> Run(IConfiguration config, string text)
                {
                    var kernel = Kernel.CreateBuilder().AddOpenAIChatCompletion(modelId: config["OpenAI:Model"]!, apiKey: "k").Build();
                    return kernel.{|LLM2000:InvokePromptAsync|}("Classify: " + text);
                }
            }
            """;
        Diagnostic d = await Site(markup, Sdks.SemanticKernel | Sdks.Hosting, ("/app/appsettings.json", """{ "OpenAI": { "Model": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Diagnostic empty = await Site(markup, Sdks.SemanticKernel | Sdks.Hosting, ("/app/appsettings.json", """{ "OpenAI": { "Model": "" } }"""));
        Assert.Equal("configuration key 'OpenAI:Model': empty in appsettings.json", Provenance(empty));
    }

    private const string KeyedDi = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;
        using OpenAI.Chat;

        public static class Startup
        {
            public static void Register(IServiceCollection services)
            {
                services.AddKeyedChatClient("triage", new ChatClient("gpt-4o", "key").AsIChatClient());
                services.AddChatClient(sp => new ChatClient("gpt-4o-mini", "key").AsIChatClient());
            }
        }

        public class Triage
        {
            private readonly IChatClient _client;
            public Triage([FromKeyedServices(KEY)] IChatClient client) => _client = client;

            public Task<ChatResponse> RateAsync(string ticket) => _client.{|LLM2000:GetResponseAsync|}("Rate: " + ticket);
        }
        """;

    [Fact]
    public async Task KeyedDiRegistration_ResolvesTheKeyedClientsModel()
    {
        Diagnostic d = await Site(KeyedDi.Replace("KEY", "\"triage\""), Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("registered by AddKeyedChatClient(\"triage\")", Provenance(d));
    }

    [Fact]
    public async Task KeyedDi_UnknownKey_UnresolvedWithReason()
    {
        Diagnostic d = await Site(KeyedDi.Replace("KEY", "\"billing\""), Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("injected IChatClient keyed 'billing': no AddKeyedChatClient(\"billing\") in this project", Provenance(d));
    }

    [Fact]
    public async Task UnkeyedDiFactoryRegistration_Resolves()
    {
        string markup = KeyedDi.Replace("[FromKeyedServices(KEY)] ", string.Empty);
        Diagnostic d = await Site(markup, Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Diagnostic two = await Site(markup.Replace("services.AddKeyedChatClient(\"triage\",", "services.AddChatClient("), Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal(string.Empty, two.Properties["ModelId"]);
        Assert.Equal("injected IChatClient: 2 registrations with different models", Provenance(two));
    }

    [Fact]
    public async Task LifetimeRegistrationOfIChatClient_Resolves()
    {
        string markup = KeyedDi.Replace("[FromKeyedServices(KEY)] ", string.Empty)
            .Replace("services.AddKeyedChatClient(\"triage\", new ChatClient(\"gpt-4o\", \"key\").AsIChatClient());\n", string.Empty)
            .Replace("services.AddChatClient(sp => new ChatClient(\"gpt-4o-mini\", \"key\").AsIChatClient());", "services.AddSingleton<IChatClient>(sp => new ChatClient(\"gpt-4o-mini\", \"key\").AsIChatClient());");
        Diagnostic d = await Site(markup, Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.StartsWith("registered by AddChatClient", Provenance(d));

        Diagnostic keyed = await Site(KeyedDi.Replace("KEY", "\"triage\"").Replace("services.AddKeyedChatClient(\"triage\", new ChatClient(\"gpt-4o\", \"key\").AsIChatClient());",
            "services.AddKeyedScoped<IChatClient>(\"triage\", (sp, k) => new ChatClient(\"gpt-4o\", \"key\").AsIChatClient());"), Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal("gpt-4o", keyed.Properties["ModelId"]);
    }

    [Fact]
    public async Task LifetimeRegistrationOfAnotherService_IsNotAChatClientRegistration()
    {
        string markup = KeyedDi.Replace("[FromKeyedServices(KEY)] ", string.Empty)
            .Replace("services.AddKeyedChatClient(\"triage\", new ChatClient(\"gpt-4o\", \"key\").AsIChatClient());\n", string.Empty)
            .Replace("services.AddChatClient(sp => new ChatClient(\"gpt-4o-mini\", \"key\").AsIChatClient());", "services.AddSingleton<object>(sp => new ChatClient(\"gpt-4o-mini\", \"key\").AsIChatClient());");
        Diagnostic d = await Site(markup, Sdks.MicrosoftExtensionsAI | Sdks.OpenAI | Sdks.Hosting);
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("injected IChatClient: no AddChatClient in this project", Provenance(d));
    }

    private const string KernelDi = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.Configuration;
        using Microsoft.Extensions.DependencyInjection;
        using Microsoft.SemanticKernel;

        public static class Startup
        {
            public static void Register(IServiceCollection services, IConfiguration config) =>
                services.AddKernel().AddAzureOpenAIChatCompletion(deploymentName: config["AzureOpenAI:Deployment"]!, endpoint: "https://x.openai.azure.com", apiKey: "k");
        }

        public class Classifier
        {
            private readonly Kernel _kernel;
            public Classifier(Kernel kernel) => _kernel = kernel;

            public Task<FunctionResult> Run(string text) => _kernel.{|LLM2000:InvokePromptAsync|}("Classify: " + text);
        }
        """;

    [Fact]
    public async Task KernelDiRegistration_DeploymentFromConfiguration_Resolves()
    {
        Diagnostic d = await Site(KernelDi, Sdks.SemanticKernel | Sdks.Hosting, ("/app/appsettings.json", """{ "AzureOpenAI": { "Deployment": "gpt-4o-mini" } }"""));
        Assert.Equal("gpt-4o-mini", d.Properties["ModelId"]);
        Assert.Equal("registered by a kernel registration, configuration key 'AzureOpenAI:Deployment' in appsettings.json", Provenance(d));
    }

    [Fact]
    public async Task KernelDiRegistration_DeploymentNotInRepository_Unresolved()
    {
        Diagnostic d = await Site(KernelDi, Sdks.SemanticKernel | Sdks.Hosting, ("/app/appsettings.json", """{ "AzureOpenAI": { "Deployment": "" } }"""));
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("kernel chat service: a kernel registration with configuration key 'AzureOpenAI:Deployment': empty in appsettings.json", Provenance(d));
    }
}
