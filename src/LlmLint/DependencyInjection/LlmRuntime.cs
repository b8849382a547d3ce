using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Cascade;
using LlmLint.Metering;
using LlmLint.Routing;
using LlmLint.SemanticCache;
using LlmLint.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.DependencyInjection;

/// <summary>
/// The default <see cref="ILlmRuntime"/>: one client per <see cref="Tier"/> behind the exact cache and cost metering, and typed
/// calls that run down a cascade whose stages are accepted by the function's parser.
/// </summary>
/// <remarks>
/// <para>Thread-safe. <see cref="GetClient"/> returns <c>metering → cache → tier client</c>; <see cref="CreateRoutingClient"/>
/// returns <c>metering → cache → tier routing</c>. <see cref="InvokeAsync{T}"/> runs <c>metering → cache → cascade → (metering per
/// stage → tier client)</c>: every stage's answer is parsed and validated, a failure escalates, and only an accepted answer is
/// cached. One cache client serves all typed calls, so concurrent identical calls make one upstream call.</para>
/// <para>The cache key of a typed call includes the function id, template hash, <see cref="LlmFunctionRequest.CacheKey"/>, the
/// tiers, the output options and the tenant, and the messages only when the request has no <see cref="LlmFunctionRequest.CacheKey"/>
/// (the generated key stands for the rendered prompt, see <see cref="LlmLintPropertyKeys.CacheKeyOnly"/>).</para>
/// </remarks>
public sealed class LlmRuntime : ILlmRuntime, IDisposable
{
    private const string InternalCascade = "llmlint.internal.cascade";
    private const string InternalSemantic = "llmlint.internal.semantic";
    private readonly LlmTierSet _tiers;
    private readonly LlmRuntimeOptions _options;
    private readonly ILlmCacheStore _store;
    private readonly ICostLedger? _ledger;
    private readonly IRouter? _router;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IChatClient?[] _tierClients = new IChatClient?[(int)Tier.Frontier + 1];
    private readonly IChatClient?[] _stageClients = new IChatClient?[(int)Tier.Frontier + 1];
    private readonly IChatClient _invokePipeline;
    private readonly LlmLintCachingChatClient _invokeCache;
    private readonly SemanticCachingChatClient? _semanticCache;
    private readonly Distillation.Distiller? _distiller;

    /// <summary>Initializes a new instance of the <see cref="LlmRuntime"/> class.</summary>
    /// <param name="tiers">The registered tiers.</param>
    /// <param name="options">The options.</param>
    /// <param name="store">The cache store; a bounded <see cref="InMemoryLlmCacheStore"/> when <see langword="null"/>.</param>
    /// <param name="ledger">The cost ledger.</param>
    /// <param name="router">The router of <see cref="CreateRoutingClient"/>.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="semanticStore">The semantic-cache store of typed calls (used when <see cref="LlmRuntimeOptions.SemanticCache"/> is set); a new <see cref="InMemorySemanticCacheStore"/> when <see langword="null"/>.</param>
    /// <param name="embeddingGenerator">The embedding generator of the semantic cache; <see cref="Embeddings.LocalEmbeddingGenerator.Default"/> when <see langword="null"/>.</param>
    public LlmRuntime(LlmTierSet tiers, LlmRuntimeOptions? options = null, ILlmCacheStore? store = null, ICostLedger? ledger = null, IRouter? router = null, ILoggerFactory? loggerFactory = null, ISemanticCacheStore? semanticStore = null, IEmbeddingGenerator<string, Embedding<float>>? embeddingGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(tiers);
        _tiers = tiers;
        _options = options ?? new LlmRuntimeOptions();
        _store = store ?? new InMemoryLlmCacheStore();
        _ledger = ledger;
        _router = router;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<LlmRuntime>();
        IChatClient dispatch = new CascadeDispatchClient();
        if (_options.SemanticCache is { } semanticOptions)
        {
            if (semanticOptions.TenantProvider is null && _options.Cache.TenantProvider is { } tenants)
            {
                semanticOptions.TenantProvider = tenants.GetTenant;
            }

            _semanticCache = new SemanticCachingChatClient(
                dispatch,
                embeddingGenerator ?? Embeddings.LocalEmbeddingGenerator.Default,
                semanticStore ?? new InMemorySemanticCacheStore(),
                semanticOptions,
                _loggerFactory.CreateLogger<SemanticCachingChatClient>());
            dispatch = new SemanticSwitchClient(_semanticCache, dispatch);
        }

        _invokeCache = new LlmLintCachingChatClient(dispatch, _store, _options.Cache, _loggerFactory.CreateLogger<LlmLintCachingChatClient>());
        _invokePipeline = new CostMeteringChatClient(_invokeCache, MeteringOptions(null, null, null), _loggerFactory.CreateLogger<CostMeteringChatClient>());
        if (_options.Distillation is { } distillation)
        {
            _distiller = new Distillation.Distiller(distillation, _loggerFactory.CreateLogger<Distillation.Distiller>());
        }
    }

    /// <summary>Gets the registered tiers.</summary>
    public LlmTierSet Tiers => _tiers;

    /// <summary>Gets the cache client of typed calls (its counters include <see cref="LlmLintCachingChatClient.StoreBypasses"/>).</summary>
    public LlmLintCachingChatClient InvokeCache => _invokeCache;

    /// <summary>Gets the semantic cache of typed calls, or <see langword="null"/> when <see cref="LlmRuntimeOptions.SemanticCache"/> is not set (its <see cref="SemanticCachingChatClient.Statistics"/> count hits, misses and bypasses).</summary>
    public SemanticCachingChatClient? SemanticCache => _semanticCache;

    /// <summary>Gets the distiller of typed calls of <see cref="DistillAttribute"/> functions, or <see langword="null"/> when <see cref="LlmRuntimeOptions.Distillation"/> is not set.</summary>
    public Distillation.Distiller? Distiller => _distiller;

    /// <inheritdoc />
    public IChatClient GetClient(Tier tier)
    {
        TierRegistration registration = _tiers.Resolve(tier);
        int index = (int)registration.Tier;
        if (Volatile.Read(ref _tierClients[index]) is { } existing)
        {
            return existing;
        }

        var cacheOptions = CopyCacheOptions(registration.ModelId);
        IChatClient client = new CostMeteringChatClient(
            new LlmLintCachingChatClient(registration.Client, _store, cacheOptions, _loggerFactory.CreateLogger<LlmLintCachingChatClient>()),
            MeteringOptions(registration.Tier, registration.ModelId, null),
            _loggerFactory.CreateLogger<CostMeteringChatClient>());
        return Interlocked.CompareExchange(ref _tierClients[index], client, null) ?? client;
    }

    /// <summary>Creates one client that routes every request to a tier (<see cref="LlmLintPropertyKeys.Tier"/> or the router), behind the cache and metering.</summary>
    /// <returns>The client.</returns>
    public IChatClient CreateRoutingClient()
    {
        TierRegistration smallest = _tiers.Smallest();
        var routing = new TierRoutingChatClient(smallest.Client, _tiers, _router);
        return new CostMeteringChatClient(
            new LlmLintCachingChatClient(routing, _store, CopyCacheOptions(null), _loggerFactory.CreateLogger<LlmLintCachingChatClient>()),
            MeteringOptions(null, null, null),
            _loggerFactory.CreateLogger<CostMeteringChatClient>());
    }

    /// <inheritdoc />
    public async Task<T> InvokeAsync<T>(LlmFunctionRequest request, LlmResultParser<T> parser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        if (_distiller is not null && request.Distillation is { } policy)
        {
            // The student is the first stage, in front of the cache: its answers are never cached.
            return await Distillation.DistilledInvocation.InvokeAsync(_distiller, request, policy, parser, (fresh, ct) => InvokeTeacherAsync(request, parser, fresh, ct), cancellationToken);
        }

        return (await InvokeTeacherAsync(request, parser, false, cancellationToken)).Value;
    }

    private async Task<(T Value, ChatResponse Response)> InvokeTeacherAsync<T>(LlmFunctionRequest request, LlmResultParser<T> parser, bool fresh, CancellationToken cancellationToken)
    {
        IReadOnlyList<Tier> tiers = request.CascadeTiers is { Count: > 0 } cascade ? cascade : new[] { request.Tier };
        var scorer = new StructuredOutputScorer<T>(parser);
        var stages = new List<CascadeStage>(tiers.Count);
        TierRegistration? previous = null;
        foreach (Tier tier in tiers)
        {
            TierRegistration registration = _tiers.Resolve(tier);
            if (ReferenceEquals(registration, previous))
            {
                continue; // a missing tier fell back to the same client as the stage before it.
            }

            previous = registration;
            stages.Add(new CascadeStage(StageClient(registration, stages.Count), registration.ModelId, registration.Tier) { Scorer = scorer, Threshold = 1 });
        }

        var cascadeClient = new CascadeChatClient(
            stages,
            new CascadeOptions { OnFault = _options.OnFault, StageTimeout = _options.StageTimeout, OnDecision = _options.OnCascadeDecision, Calculator = _options.Calculator },
            _loggerFactory.CreateLogger<CascadeChatClient>());

        ChatOptions options = BuildOptions(request, tiers);
        options.AdditionalProperties![InternalCascade] = cascadeClient;
        if (fresh)
        {
            options.AdditionalProperties[LlmLintPropertyKeys.CacheRefresh] = true;
        }
        if (_semanticCache is not null && request.Cache is { Semantic: true } policy && !string.IsNullOrWhiteSpace(request.SemanticKeyText))
        {
            // Exact match first (the exact cache sits in front), then the semantic search within tenant + function/template + tiers.
            AdditionalPropertiesDictionary props = options.AdditionalProperties;
            props[InternalSemantic] = true;
            props[SemanticCacheOptions.SemanticKeyProperty] = request.SemanticKeyText;
            props[SemanticCacheOptions.FunctionProperty] = request.FunctionId + "\u001f" + request.TemplateHash;
            props[SemanticCacheOptions.TierProperty] = TierKey(tiers);
            if (policy.Threshold > 0)
            {
                props[SemanticCacheOptions.ThresholdProperty] = (float)policy.Threshold;
            }

            if (policy.Ttl is { } ttl && ttl > TimeSpan.Zero)
            {
                props[SemanticCacheOptions.TtlProperty] = ttl;
            }
        }

        ChatResponse response = await _invokePipeline.GetResponseAsync(request.Messages, options, cancellationToken);
        string text = response.Text;
        Tier answeredBy = response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.Tier, out object? t) == true && t is Tier rt ? rt : stages[^1].Tier ?? request.Tier;
        if (!parser(text, out T? value, out string? error))
        {
            throw new LlmResultValidationException(request.FunctionId, answeredBy, text, error);
        }

        if (_ledger is not null && response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CallId, out object? id) == true && id is Guid callId)
        {
            try
            {
                await _ledger.MarkSucceededAsync(callId, cancellationToken);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                RuntimeLog.LedgerMarkFailed(_logger, ex);
            }
        }

        return (value, response);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> StreamAsync(LlmFunctionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Tier tier = request.CascadeTiers is { Count: > 0 } cascade ? cascade[0] : request.Tier;
        IChatClient client = GetClient(tier);
        ChatOptions options = BuildOptions(request, new[] { tier });
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(request.Messages, options, cancellationToken))
        {
            string text = update.Text;
            if (text.Length > 0)
            {
                yield return text;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _invokePipeline.Dispose();
        _distiller?.Dispose();
    }

    private IChatClient StageClient(TierRegistration registration, int stageIndex)
    {
        // Stage clients are per tier (the stage index only tags metrics), so they are cached per tier and index 0/1+.
        int index = (int)registration.Tier;
        if (stageIndex == 0 && Volatile.Read(ref _stageClients[index]) is { } cached)
        {
            return cached;
        }

        var client = new CostMeteringChatClient(registration.Client, MeteringOptions(registration.Tier, registration.ModelId, stageIndex), _loggerFactory.CreateLogger<CostMeteringChatClient>());
        if (stageIndex == 0)
        {
            Interlocked.CompareExchange(ref _stageClients[index], client, null);
        }

        return client;
    }

    private static ChatOptions BuildOptions(LlmFunctionRequest request, IReadOnlyList<Tier> tiers)
    {
        var extra = new System.Text.StringBuilder(request.FunctionId.Length + 64);
        extra.Append(request.FunctionId).Append('\u001f').Append(request.TemplateHash).Append('\u001f').Append(request.CacheKey).Append('\u001f');
        foreach (Tier t in tiers)
        {
            extra.Append((int)t);
        }

        var options = new ChatOptions
        {
            ResponseFormat = request.ResponseFormat,
            MaxOutputTokens = request.MaxOutputTokens,
            Temperature = request.Temperature,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [LlmLintPropertyKeys.FunctionId] = request.FunctionId,
                [LlmLintPropertyKeys.CacheKeyExtra] = extra.ToString(),
            },
        };

        if (request.Batch)
        {
            options.AdditionalProperties[LlmLintPropertyKeys.Batch] = true;
        }

        if (request.Cache is null)
        {
            options.AdditionalProperties[LlmLintPropertyKeys.CacheBypass] = true;
        }
        else if (request.CacheKey is not null)
        {
            // The generated key (function id, template hash, normalised arguments) identifies the prompt: arguments that
            // differ only in whitespace render different messages but must share one answer.
            options.AdditionalProperties[LlmLintPropertyKeys.CacheKeyOnly] = true;
        }
        else if (request.Cache.Ttl is { } ttl && ttl > TimeSpan.Zero)
        {
            options.AdditionalProperties[LlmLintPropertyKeys.CacheTtl] = ttl;
        }

        return options;
    }

    private static string TierKey(IReadOnlyList<Tier> tiers)
    {
        var key = new System.Text.StringBuilder(tiers.Count * 8);
        foreach (Tier t in tiers)
        {
            key.Append(t.ToString()).Append('>');
        }

        return key.ToString();
    }

    private LlmLintCacheOptions CopyCacheOptions(string? modelId) => RuntimeOptionsDefaults.CacheOptions(_options, modelId);

    private CostMeteringOptions MeteringOptions(Tier? tier, string? modelId, int? stage)
    {
        CostMeteringOptions options = RuntimeOptionsDefaults.MeteringOptions(_options, _ledger);
        options.Tier = tier;
        options.ModelId = modelId;
        options.CascadeStage = stage;
        return options;
    }

    /// <summary>Sends typed calls with a semantic policy through the semantic cache and the others straight to the cascade.</summary>
    private sealed class SemanticSwitchClient : IChatClient
    {
        private readonly IChatClient _semantic;
        private readonly IChatClient _direct;

        public SemanticSwitchClient(IChatClient semantic, IChatClient direct)
        {
            _semantic = semantic;
            _direct = direct;
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Pick(options).GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Pick(options).GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => _semantic.GetService(serviceType, serviceKey);

        public void Dispose() => _semantic.Dispose();

        private IChatClient Pick(ChatOptions? options) => ChatOptionsProperties.IsTrue(options, InternalSemantic) ? _semantic : _direct;
    }

    /// <summary>Sends a typed call to the cascade its options carry (the cache sits in front of it, shared by all typed calls).</summary>
    private sealed class CascadeDispatchClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Cascade(options).GetResponseAsync(messages, options, cancellationToken);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Cascade(options).GetStreamingResponseAsync(messages, options, cancellationToken);

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }

        private static IChatClient Cascade(ChatOptions? options) =>
            ChatOptionsProperties.Get<IChatClient>(options, InternalCascade) ?? throw new InvalidOperationException("A typed call reached the runtime's dispatcher without its cascade.");
    }
}

internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "The cost ledger failed to mark a call successful and was bypassed")]
    public static partial void LedgerMarkFailed(ILogger logger, Exception exception);
}
