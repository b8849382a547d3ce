using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using LlmLint.Metering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.PromptCaching;

/// <summary>
/// Makes the provider's prompt cache work for each request. For the Anthropic SDK's adapter it places <c>cache_control</c>
/// breakpoints after the static prefix (tools, system prompt, instructions) and after the conversation so far, when that
/// prefix reaches the model's minimum cacheable length; for the OpenAI adapters (Chat Completions and Responses) it sends the
/// static system messages first and sets <c>prompt_cache_key</c>. Other providers' requests pass through unchanged.
/// </summary>
/// <remarks>
/// Thread-safe. Never modifies the caller's messages or options (changed ones are copies). Only system messages marked dynamic
/// (<see cref="PromptCachingChatOptions.MarkPromptDynamic"/>) are ever moved, and only behind the other leading system messages;
/// user, assistant and tool messages keep their order. The minimum comes from the catalog's <c>minCacheableTokens</c> (or
/// <see cref="PromptCachingOptions.MinPrefixTokens"/>); prefix lengths are estimated with the catalog's token estimator. When a
/// provider SDK cannot be used, the stage logs once and passes that provider's requests through. Logs no content. Place it
/// innermost, next to the provider client, so the caches and metering above it see the request as the caller wrote it.
/// </remarks>
public sealed class PromptCachingChatClient : DelegatingChatClient
{
    private const string Anthropic = "anthropic";
    private const string OpenAI = "openai";

    private readonly PromptCachingOptions _options;
    private readonly CostCalculator _calculator;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, byte> _unavailable = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _warnedModels = new(StringComparer.OrdinalIgnoreCase);
    private ChatClientMetadata? _metadata;
    private string? _provider;
    private long _prepared;

    /// <summary>Initializes a new instance of the <see cref="PromptCachingChatClient"/> class.</summary>
    /// <param name="innerClient">The provider client.</param>
    /// <param name="options">The options, or <see langword="null"/> for defaults.</param>
    /// <param name="logger">The logger.</param>
    public PromptCachingChatClient(IChatClient innerClient, PromptCachingOptions? options = null, ILogger? logger = null)
        : base(innerClient)
    {
        _options = options ?? new PromptCachingOptions();
        _calculator = _options.Calculator ?? CostCalculator.Default;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of requests sent with a breakpoint or a prompt-cache key.</summary>
    public long PreparedRequests => Interlocked.Read(ref _prepared);

    /// <inheritdoc />
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (IEnumerable<ChatMessage> sentMessages, ChatOptions? sentOptions) = Prepare(messages, options);
        return base.GetResponseAsync(sentMessages, sentOptions, cancellationToken);
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        (IEnumerable<ChatMessage> sentMessages, ChatOptions? sentOptions) = Prepare(messages, options);
        return base.GetStreamingResponseAsync(sentMessages, sentOptions, cancellationToken);
    }

    private (IEnumerable<ChatMessage> Messages, ChatOptions? Options) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ChatClientMetadata? metadata = _metadata ??= InnerClient.GetService<ChatClientMetadata>();
        string provider = _provider ??= Known(metadata?.ProviderName);
        if (provider.Length == 0 || _unavailable.ContainsKey(provider))
        {
            return (messages, options);
        }

        string? model = options?.ModelId ?? _options.ModelId ?? metadata?.DefaultModelId;
        string? explicitKey = options?.AdditionalProperties?.TryGetValue(PromptCachingChatOptions.PromptCacheKey, out object? k) == true ? k as string : null;
        int? minTokens = _options.MinPrefixTokens ?? _calculator.MinCacheableTokens(model);
        if (minTokens is null && explicitKey is null)
        {
            if (_warnedModels.TryAdd(model ?? "<none>", 0))
            {
                PromptCachingLog.UnknownMinimum(_logger, model ?? "<none>");
            }

            return (messages, options);
        }

        PromptLayout layout = PromptLayout.Analyze(messages, options);
        int min = minTokens ?? int.MaxValue;
        try
        {
            return provider == Anthropic
                ? PrepareAnthropic(layout, options, model, min, messages)
                : PrepareOpenAI(layout, options, model, min, explicitKey, messages);
        }
        catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or TypeLoadException or MissingMemberException)
        {
            if (_unavailable.TryAdd(provider, 0))
            {
                PromptCachingLog.ProviderUnavailable(_logger, provider, ex.GetType().Name, ex);
            }

            return (messages, options);
        }
    }

    /// <summary>The provider this stage knows by the adapter's metadata name, or empty for any other.</summary>
    private static string Known(string? providerName) =>
        string.Equals(providerName, Anthropic, StringComparison.OrdinalIgnoreCase) ? Anthropic
        : string.Equals(providerName, OpenAI, StringComparison.OrdinalIgnoreCase) ? OpenAI
        : string.Empty;

    private (IEnumerable<ChatMessage>, ChatOptions?) PrepareAnthropic(PromptLayout layout, ChatOptions? options, string? model, int min, IEnumerable<ChatMessage> original)
    {
        string action = AnthropicCacheBreakpoints.Place(layout, options, min, _options.CacheConversation, out List<ChatMessage> messages, out ChatOptions? sent);
        PromptCachingLog.Planned(_logger, Anthropic, model, layout.StaticPrefixTokens, min, action);
        if (ReferenceEquals(sent, options) && !layout.Reordered && !action.StartsWith("breakpoints", StringComparison.Ordinal))
        {
            return (original, options);
        }

        Interlocked.Increment(ref _prepared);
        return (messages, sent);
    }

    private (IEnumerable<ChatMessage>, ChatOptions?) PrepareOpenAI(PromptLayout layout, ChatOptions? options, string? model, int min, string? explicitKey, IEnumerable<ChatMessage> original)
    {
        string? key = explicitKey ?? _options.PromptCacheKey?.Invoke(layout.Messages, options)
            ?? (layout.StaticPrefixTokens >= min ? DeriveKey(layout, options, model) : null);
        ChatOptions? sent = key is null ? options : OpenAIPromptCacheKey.With(options, InnerClient, key);
        PromptCachingLog.Planned(_logger, OpenAI, model, layout.StaticPrefixTokens, min, sent is null || key is null ? "no prompt_cache_key" : "prompt_cache_key set");
        if (sent is null || key is null)
        {
            return (layout.Reordered ? layout.Messages : original, options);
        }

        Interlocked.Increment(ref _prepared);
        return (layout.Reordered ? layout.Messages : original, sent);
    }

    /// <summary>A key naming the static prefix: the model, the tools, the instructions and the static system messages.</summary>
    private static string DeriveKey(PromptLayout layout, ChatOptions? options, string? model)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(hash, model);
        if (options?.Tools is { } tools)
        {
            foreach (AITool tool in tools)
            {
                Append(hash, tool.Name);
                Append(hash, tool.Description);
                Append(hash, (tool as AIFunctionDeclaration)?.JsonSchema.GetRawText());
            }
        }

        Append(hash, options?.Instructions);
        for (int i = 0; i < layout.StaticSystemCount; i++)
        {
            Append(hash, layout.Messages[i].Text);
        }

        return "llmlint-" + Convert.ToHexString(hash.GetHashAndReset(), 0, 16).ToLowerInvariant();
    }

    private static void Append(IncrementalHash hash, string? value)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(value ?? string.Empty));
        hash.AppendData([0]);
    }
}
