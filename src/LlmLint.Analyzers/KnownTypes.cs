using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmLint.Analyzers
{
    /// <summary>
    /// The symbols LlmLint recognises, resolved once per compilation by metadata name. This is the only place
    /// that calls <see cref="Compilation.GetTypeByMetadataName(string)"/>.
    /// </summary>
    internal sealed class KnownTypes
    {
        private static readonly ConditionalWeakTable<Compilation, KnownTypes> s_cache = new ConditionalWeakTable<Compilation, KnownTypes>();

        private KnownTypes(Compilation c)
        {
            Compilation = c;
            // Microsoft.Extensions.AI (Abstractions + full package when present)
            IChatClient = c.GetTypeByMetadataName("Microsoft.Extensions.AI.IChatClient");
            ChatClientExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatClientExtensions");
            ChatClientStructuredOutputExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatClientStructuredOutputExtensions");
            ChatOptions = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatOptions");
            MeaiChatMessage = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatMessage");
            ChatResponseFormat = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatResponseFormat");
            DelegatingChatClient = c.GetTypeByMetadataName("Microsoft.Extensions.AI.DelegatingChatClient");
            ChatClientBuilder = c.GetTypeByMetadataName("Microsoft.Extensions.AI.ChatClientBuilder");
            CachingChatClient = c.GetTypeByMetadataName("Microsoft.Extensions.AI.CachingChatClient");
            DistributedCachingChatClient = c.GetTypeByMetadataName("Microsoft.Extensions.AI.DistributedCachingChatClient");
            DistributedCachingChatClientBuilderExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.AI.DistributedCachingChatClientBuilderExtensions");

            // OpenAI SDK 2.x
            OpenAIChatClient = c.GetTypeByMetadataName("OpenAI.Chat.ChatClient");
            OpenAIClient = c.GetTypeByMetadataName("OpenAI.OpenAIClient");
            OpenAIResponsesClient = c.GetTypeByMetadataName("OpenAI.Responses.ResponsesClient");
            OpenAIResponseClientLegacy = c.GetTypeByMetadataName("OpenAI.Responses.OpenAIResponseClient");
            OpenAIChatMessage = c.GetTypeByMetadataName("OpenAI.Chat.ChatMessage");

            // Anthropic official SDK
            AnthropicMessageService = c.GetTypeByMetadataName("Anthropic.Services.IMessageService");
            AnthropicMessageCreateParams = c.GetTypeByMetadataName("Anthropic.Models.Messages.MessageCreateParams");
            AnthropicMessageServiceExtensions = c.GetTypeByMetadataName("Anthropic.Services.MessageServiceExtensions");
            AnthropicMessageServiceWithRawResponse = c.GetTypeByMetadataName("Anthropic.Services.IMessageServiceWithRawResponse");
            AnthropicBetaMessageService = c.GetTypeByMetadataName("Anthropic.Services.Beta.IMessageService");
            AnthropicBetaMessageServiceExtensions = c.GetTypeByMetadataName("Anthropic.Services.Beta.BetaMessageServiceExtensions");
            AnthropicBetaMessageServiceWithRawResponse = c.GetTypeByMetadataName("Anthropic.Services.Beta.IMessageServiceWithRawResponse");
            AnthropicBetaMessageCreateParams = c.GetTypeByMetadataName("Anthropic.Models.Beta.Messages.MessageCreateParams");

            // Semantic Kernel
            SkChatCompletionService = c.GetTypeByMetadataName("Microsoft.SemanticKernel.ChatCompletion.IChatCompletionService");
            SkChatCompletionServiceExtensions = c.GetTypeByMetadataName("Microsoft.SemanticKernel.ChatCompletion.ChatCompletionServiceExtensions");
            SkKernel = c.GetTypeByMetadataName("Microsoft.SemanticKernel.Kernel");
            SkKernelExtensions = c.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelExtensions");
            SkKernelFunctionFactory = c.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelFunctionFactory");
            SkPromptExecutionSettings = c.GetTypeByMetadataName("Microsoft.SemanticKernel.PromptExecutionSettings");
            SkChatHistory = c.GetTypeByMetadataName("Microsoft.SemanticKernel.ChatCompletion.ChatHistory");
            SkKernelFunction = c.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelFunction");
            SkKernelArguments = c.GetTypeByMetadataName("Microsoft.SemanticKernel.KernelArguments");

            // Caches
            IMemoryCache = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.IMemoryCache");
            IDistributedCache = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.IDistributedCache");
            HybridCache = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Hybrid.HybridCache");
            MemoryCacheExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.CacheExtensions");
            DistributedCacheExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.DistributedCacheExtensions");
            LlmLintCacheAttribute = c.GetTypeByMetadataName("LlmLint.CacheAttribute");

            // BCL and web
            JsonSerializer = c.GetTypeByMetadataName("System.Text.Json.JsonSerializer");
            Guid = c.GetTypeByMetadataName("System.Guid");
            Random = c.GetTypeByMetadataName("System.Random");
            DateTimeOffset = c.GetTypeByMetadataName("System.DateTimeOffset");
            Parallel = c.GetTypeByMetadataName("System.Threading.Tasks.Parallel");
            Enumerable = c.GetTypeByMetadataName("System.Linq.Enumerable");
            Task = c.GetTypeByMetadataName("System.Threading.Tasks.Task");
            ValueTask = c.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
            ControllerBase = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
            ApiControllerAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
            EndpointRouteBuilder = c.GetTypeByMetadataName("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");

            // Recurrence and existing caches (LLM2003)
            BackgroundService = c.GetTypeByMetadataName("Microsoft.Extensions.Hosting.BackgroundService");
            PeriodicTimer = c.GetTypeByMetadataName("System.Threading.PeriodicTimer");
            ThreadingTimer = c.GetTypeByMetadataName("System.Threading.Timer");
            TimersTimer = c.GetTypeByMetadataName("System.Timers.Timer");
            IDictionary = c.GetTypeByMetadataName("System.Collections.Generic.IDictionary`2");
            IReadOnlyDictionary = c.GetTypeByMetadataName("System.Collections.Generic.IReadOnlyDictionary`2");
            ConcurrentDictionary = c.GetTypeByMetadataName("System.Collections.Concurrent.ConcurrentDictionary`2");
            MemoryDistributedCache = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Distributed.MemoryDistributedCache");
            MemoryDistributedCacheOptions = c.GetTypeByMetadataName("Microsoft.Extensions.Caching.Memory.MemoryDistributedCacheOptions");
            OptionsFactory = c.GetTypeByMetadataName("Microsoft.Extensions.Options.Options");

            // Where models come from: SDK constants, configuration, options
            AnthropicModel = c.GetTypeByMetadataName("Anthropic.Models.Messages.Model");
            AnthropicBetaModel = c.GetTypeByMetadataName("Anthropic.Models.Beta.Agents.BetaManagedAgentsModel");
            IConfiguration = c.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfiguration");
            IConfigurationSection = c.GetTypeByMetadataName("Microsoft.Extensions.Configuration.IConfigurationSection");
            IOptions = c.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptions`1");
            IOptionsMonitor = c.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptionsMonitor`1");
            IOptionsSnapshot = c.GetTypeByMetadataName("Microsoft.Extensions.Options.IOptionsSnapshot`1");
            OptionsBuilder = c.GetTypeByMetadataName("Microsoft.Extensions.Options.OptionsBuilder`1");
            SystemEnvironment = c.GetTypeByMetadataName("System.Environment");
        }

        public Compilation Compilation { get; }

        /// <summary>
        /// Call sites already extracted in this compilation, keyed by the invocation's syntax, so that the rules share
        /// one extraction per site. Only LLM calls are stored.
        /// </summary>
        internal ConcurrentDictionary<SyntaxNode, System.Lazy<LlmCallSite?>> CallSites { get; } = new ConcurrentDictionary<SyntaxNode, System.Lazy<LlmCallSite?>>();

        public INamedTypeSymbol? IChatClient { get; }
        public INamedTypeSymbol? ChatClientExtensions { get; }
        public INamedTypeSymbol? ChatClientStructuredOutputExtensions { get; }
        public INamedTypeSymbol? ChatOptions { get; }
        public INamedTypeSymbol? MeaiChatMessage { get; }
        public INamedTypeSymbol? ChatResponseFormat { get; }
        public INamedTypeSymbol? DelegatingChatClient { get; }
        public INamedTypeSymbol? ChatClientBuilder { get; }
        public INamedTypeSymbol? CachingChatClient { get; }
        public INamedTypeSymbol? DistributedCachingChatClient { get; }
        public INamedTypeSymbol? DistributedCachingChatClientBuilderExtensions { get; }
        public INamedTypeSymbol? OpenAIChatClient { get; }
        public INamedTypeSymbol? OpenAIClient { get; }
        public INamedTypeSymbol? OpenAIResponsesClient { get; }
        public INamedTypeSymbol? OpenAIResponseClientLegacy { get; }
        public INamedTypeSymbol? OpenAIChatMessage { get; }
        public INamedTypeSymbol? AnthropicMessageService { get; }
        public INamedTypeSymbol? AnthropicMessageCreateParams { get; }
        public INamedTypeSymbol? SkChatCompletionService { get; }
        public INamedTypeSymbol? SkChatCompletionServiceExtensions { get; }
        public INamedTypeSymbol? SkKernel { get; }
        public INamedTypeSymbol? SkKernelExtensions { get; }
        public INamedTypeSymbol? SkKernelFunctionFactory { get; }
        public INamedTypeSymbol? SkPromptExecutionSettings { get; }
        public INamedTypeSymbol? SkChatHistory { get; }
        public INamedTypeSymbol? IMemoryCache { get; }
        public INamedTypeSymbol? IDistributedCache { get; }
        public INamedTypeSymbol? HybridCache { get; }
        public INamedTypeSymbol? MemoryCacheExtensions { get; }
        public INamedTypeSymbol? DistributedCacheExtensions { get; }
        public INamedTypeSymbol? LlmLintCacheAttribute { get; }
        public INamedTypeSymbol? BackgroundService { get; }
        public INamedTypeSymbol? PeriodicTimer { get; }
        public INamedTypeSymbol? ThreadingTimer { get; }
        public INamedTypeSymbol? TimersTimer { get; }
        public INamedTypeSymbol? IDictionary { get; }
        public INamedTypeSymbol? IReadOnlyDictionary { get; }
        public INamedTypeSymbol? ConcurrentDictionary { get; }
        public INamedTypeSymbol? MemoryDistributedCache { get; }
        public INamedTypeSymbol? MemoryDistributedCacheOptions { get; }

        /// <summary><c>Microsoft.Extensions.Options.Options</c> (the static class with <c>Create</c>).</summary>
        public INamedTypeSymbol? OptionsFactory { get; }
        public INamedTypeSymbol? JsonSerializer { get; }
        public INamedTypeSymbol? Guid { get; }
        public INamedTypeSymbol? Random { get; }
        public INamedTypeSymbol? DateTimeOffset { get; }
        public INamedTypeSymbol? Parallel { get; }
        public INamedTypeSymbol? Enumerable { get; }
        public INamedTypeSymbol? Task { get; }
        public INamedTypeSymbol? ValueTask { get; }
        public INamedTypeSymbol? ControllerBase { get; }
        public INamedTypeSymbol? ApiControllerAttribute { get; }
        public INamedTypeSymbol? EndpointRouteBuilder { get; }
        public INamedTypeSymbol? AnthropicMessageServiceExtensions { get; }
        public INamedTypeSymbol? AnthropicMessageServiceWithRawResponse { get; }
        public INamedTypeSymbol? AnthropicBetaMessageService { get; }
        public INamedTypeSymbol? AnthropicBetaMessageServiceExtensions { get; }
        public INamedTypeSymbol? AnthropicBetaMessageServiceWithRawResponse { get; }
        public INamedTypeSymbol? AnthropicBetaMessageCreateParams { get; }
        public INamedTypeSymbol? SkKernelFunction { get; }
        public INamedTypeSymbol? SkKernelArguments { get; }

        public INamedTypeSymbol? AnthropicModel { get; }
        public INamedTypeSymbol? AnthropicBetaModel { get; }
        public INamedTypeSymbol? IConfiguration { get; }
        public INamedTypeSymbol? IConfigurationSection { get; }
        public INamedTypeSymbol? IOptions { get; }
        public INamedTypeSymbol? IOptionsMonitor { get; }
        public INamedTypeSymbol? IOptionsSnapshot { get; }
        public INamedTypeSymbol? OptionsBuilder { get; }
        public INamedTypeSymbol? SystemEnvironment { get; }

        private Provenance.ModelSources? _modelSources;

        /// <summary>
        /// The compilation's configuration files and <c>.editorconfig</c> model names, once an analyzer has attached its
        /// options (<see cref="AttachModelSources"/>); empty before.
        /// </summary>
        internal Provenance.ModelSources ModelSources => Volatile.Read(ref _modelSources) ?? Provenance.ModelSources.Empty;

        /// <summary>Reads the compilation's <c>appsettings*.json</c> AdditionalFiles once; later calls are free.</summary>
        internal void AttachModelSources(AnalyzerOptions options, CancellationToken ct)
        {
            if (Volatile.Read(ref _modelSources) == null)
            {
                Interlocked.CompareExchange(ref _modelSources, Provenance.ModelSources.Create(this, options, ct), null);
            }
        }

        /// <summary>True when at least one supported LLM SDK is referenced; otherwise nothing is registered.</summary>
        public bool HasAnySdk =>
            IChatClient != null || OpenAIChatClient != null || OpenAIResponsesClient != null || OpenAIResponseClientLegacy != null
            || AnthropicMessageService != null || SkChatCompletionService != null || SkKernel != null;

        /// <summary>The symbols of <paramref name="compilation"/>, resolved once and shared by every LlmLint analyzer.</summary>
        public static KnownTypes From(Compilation compilation) =>
            s_cache.GetValue(compilation, static c => new KnownTypes(c));

        public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
            type != null && known != null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

        /// <summary>True when <paramref name="type"/> is <paramref name="known"/>, derives from it or implements it.</summary>
        public static bool IsOrInherits(ITypeSymbol? type, INamedTypeSymbol? known)
        {
            if (type == null || known == null)
            {
                return false;
            }

            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, known))
                {
                    return true;
                }
            }

            if (known.TypeKind == TypeKind.Interface)
            {
                foreach (INamedTypeSymbol i in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, known))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
