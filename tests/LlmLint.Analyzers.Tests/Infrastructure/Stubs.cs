namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Source stubs, with the real namespaces and signatures, for packages that do not restore here: Semantic Kernel, the
/// full Microsoft.Extensions.AI (builder, caching, structured output, OpenAI bridge), caching abstractions, ASP.NET Core.
/// </summary>
public static class Stubs
{
    public const string SemanticKernel = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Microsoft.SemanticKernel
        {
            public class PromptExecutionSettings
            {
                public string? ModelId { get; set; }
                public string? ServiceId { get; set; }
                public IDictionary<string, object>? ExtensionData { get; set; }
            }

            public sealed class KernelArguments : Dictionary<string, object?>
            {
                public KernelArguments() { }
                public KernelArguments(PromptExecutionSettings? executionSettings) { }
            }

            public sealed class FunctionResult
            {
                public T? GetValue<T>() => default;
                public override string ToString() => string.Empty;
            }

            public interface IKernelBuilder
            {
                Kernel Build();
            }

            public interface IPromptTemplateFactory { }
            public abstract class KernelFunction { }
            public abstract class StreamingKernelContent { }

            public sealed class Kernel
            {
                public static IKernelBuilder CreateBuilder() => null!;
                public T GetRequiredService<T>(object? serviceKey = null) where T : class => null!;
            }

            public class ChatMessageContent
            {
                public string? Content { get; set; }
                public override string ToString() => Content ?? string.Empty;
            }

            public class StreamingChatMessageContent : StreamingKernelContent { }

            public static class KernelExtensions
            {
                public static Task<FunctionResult> InvokePromptAsync(this Kernel kernel, string promptTemplate, KernelArguments? arguments = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null, CancellationToken cancellationToken = default) => null!;
                public static Task<T?> InvokePromptAsync<T>(this Kernel kernel, string promptTemplate, KernelArguments? arguments = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null, CancellationToken cancellationToken = default) => null!;
                public static IAsyncEnumerable<StreamingKernelContent> InvokePromptStreamingAsync(this Kernel kernel, string promptTemplate, KernelArguments? arguments = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null, CancellationToken cancellationToken = default) => null!;
                public static KernelFunction CreateFunctionFromPrompt(this Kernel kernel, string promptTemplate, PromptExecutionSettings? executionSettings = null, string? functionName = null, string? description = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null) => null!;
            }

            public static class KernelFunctionFactory
            {
                public static KernelFunction CreateFromPrompt(string promptTemplate, PromptExecutionSettings? executionSettings = null, string? functionName = null, string? description = null, string? templateFormat = null, IPromptTemplateFactory? promptTemplateFactory = null) => null!;
            }

            public static class OpenAIKernelBuilderExtensions
            {
                public static IKernelBuilder AddOpenAIChatCompletion(this IKernelBuilder builder, string modelId, string apiKey, string? orgId = null, string? serviceId = null, HttpClient? httpClient = null) => builder;
            }
        }

        namespace Microsoft.SemanticKernel.ChatCompletion
        {
            public class ChatHistory : List<ChatMessageContent>
            {
                public ChatHistory() { }
                public ChatHistory(string systemMessage) { }
                public void AddSystemMessage(string content) { }
                public void AddUserMessage(string content) { }
                public void AddAssistantMessage(string content) { }
            }

            public interface IChatCompletionService
            {
                Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default);
                IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default);
            }

            public static class ChatCompletionServiceExtensions
            {
                public static Task<ChatMessageContent> GetChatMessageContentAsync(this IChatCompletionService chatCompletionService, string prompt, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) => null!;
                public static Task<ChatMessageContent> GetChatMessageContentAsync(this IChatCompletionService chatCompletionService, ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) => null!;
            }
        }

        namespace Microsoft.SemanticKernel.Connectors.OpenAI
        {
            public class OpenAIPromptExecutionSettings : PromptExecutionSettings
            {
                public double? Temperature { get; set; }
                public int? MaxTokens { get; set; }
                public object? ResponseFormat { get; set; }
            }
        }
        """;

    public const string FullMicrosoftExtensionsAI = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.Caching.Distributed;

        namespace Microsoft.Extensions.AI
        {
            public sealed class ChatClientBuilder
            {
                public ChatClientBuilder(IChatClient innerClient) { }
                public ChatClientBuilder Use(Func<IChatClient, IChatClient> clientFactory) => this;
                public IChatClient Build(IServiceProvider? services = null) => null!;
            }

            public static class ChatClientBuilderChatClientExtensions
            {
                public static ChatClientBuilder AsBuilder(this IChatClient innerClient) => new ChatClientBuilder(innerClient);
            }

            public static class LoggingChatClientBuilderExtensions
            {
                public static ChatClientBuilder UseLogging(this ChatClientBuilder builder, object? loggerFactory = null) => builder;
            }

            public abstract class CachingChatClient : DelegatingChatClient
            {
                protected CachingChatClient(IChatClient innerClient) : base(innerClient) { }
            }

            public class DistributedCachingChatClient : CachingChatClient
            {
                public DistributedCachingChatClient(IChatClient innerClient, IDistributedCache storage) : base(innerClient) { }
            }

            public static class DistributedCachingChatClientBuilderExtensions
            {
                public static ChatClientBuilder UseDistributedCache(this ChatClientBuilder builder, IDistributedCache? storage = null, Action<DistributedCachingChatClient>? configure = null) => builder;
            }

            public class ChatResponse<T> : ChatResponse
            {
                public T Result => default!;
            }

            public static class ChatClientStructuredOutputExtensions
            {
                public static Task<ChatResponse<T>> GetResponseAsync<T>(this IChatClient chatClient, string chatMessage, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) => null!;
                public static Task<ChatResponse<T>> GetResponseAsync<T>(this IChatClient chatClient, IEnumerable<ChatMessage> messages, ChatOptions? options = null, bool? useJsonSchemaResponseFormat = null, CancellationToken cancellationToken = default) => null!;
            }

            public static class OpenAIClientExtensions
            {
                public static IChatClient AsIChatClient(this OpenAI.Chat.ChatClient chatClient) => null!;
            }
        }
        """;

    public const string Caching = """
        #nullable enable
        using System;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Microsoft.Extensions.Caching.Distributed
        {
            public class DistributedCacheEntryOptions { }
            public interface IDistributedCache
            {
                Task<byte[]?> GetAsync(string key, CancellationToken token = default);
                Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default);
            }

            public static class DistributedCacheExtensions
            {
                public static Task<string?> GetStringAsync(this IDistributedCache cache, string key, CancellationToken token = default) => null!;
                public static Task SetStringAsync(this IDistributedCache cache, string key, string value, CancellationToken token = default) => null!;
            }
        }

        namespace Microsoft.Extensions.Caching.Memory
        {
            public interface ICacheEntry { }
            public interface IMemoryCache
            {
                bool TryGetValue(object key, out object? value);
            }

            public static class CacheExtensions
            {
                public static Task<TItem?> GetOrCreateAsync<TItem>(this IMemoryCache cache, object key, Func<ICacheEntry, Task<TItem>> factory) => null!;
            }
        }

        namespace LlmLint
        {
            [AttributeUsage(AttributeTargets.Method)]
            public sealed class CacheAttribute : Attribute { }
        }
        """;

    public const string AspNetCore = """
        #nullable enable
        using System;

        namespace Microsoft.AspNetCore.Mvc
        {
            public abstract class ControllerBase { }
            [AttributeUsage(AttributeTargets.Class)] public sealed class ApiControllerAttribute : Attribute { }
            [AttributeUsage(AttributeTargets.Method)] public sealed class HttpPostAttribute : Attribute { public HttpPostAttribute(string template = "") { } }
        }

        namespace Microsoft.AspNetCore.Routing
        {
            public interface IEndpointRouteBuilder { }
        }

        namespace Microsoft.AspNetCore.Builder
        {
            public static class EndpointRouteBuilderExtensions
            {
                public static object MapPost(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints, string pattern, Delegate handler) => null!;
            }
        }
        """;

    /// <summary>Adds every stub (with full M.E.AI when <paramref name="fullMeai"/>).</summary>
    public static void AddAll(TestSetup setup, bool fullMeai = true, bool semanticKernel = true)
    {
        if (semanticKernel)
        {
            setup.ExtraSources.Add(SemanticKernel);
        }

        setup.ExtraSources.Add(Caching);
        setup.ExtraSources.Add(AspNetCore);
        if (fullMeai)
        {
            setup.ExtraSources.Add(FullMicrosoftExtensionsAI);
        }
    }
}
