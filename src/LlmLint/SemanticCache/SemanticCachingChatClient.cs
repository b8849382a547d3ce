using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Embeddings;
using LlmLint.SemanticCache.Calibration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>
/// A chat client that answers paraphrases of earlier questions from a semantic cache. The key text (the last user message,
/// or <see cref="SemanticCacheOptions.SemanticKeyProperty"/>) is embedded and searched within its partition — tenant,
/// function with a hash of everything else that changes the answer (conversation, instructions, format, tools, sampling
/// class, the part of a long key text beyond the embedding window), and tier — and the best candidate above the threshold
/// that the verifier accepts is returned; otherwise the inner client answers (once for concurrent identical misses) and a
/// complete, plain-text answer is stored.
/// </summary>
/// <remarks>
/// Thread-safe. A failing embedder or store never fails the call: the cache is bypassed and counted in
/// <see cref="Statistics"/>, and a store that failed is not asked again in the same call. Unreadable entries are skipped,
/// counted and evicted. Key texts and answers are never logged. With <see cref="SemanticCacheOptions.MaxWrongHitRate"/>
/// set (the default) the threshold of each tenant, function and tier follows verified outcomes (<see cref="Calibration"/>,
/// <see cref="ReportWrongHit(string)"/>); without outcomes it is <see cref="SemanticCacheOptions.Threshold"/>.
/// </remarks>
public sealed partial class SemanticCachingChatClient : DelegatingChatClient
{
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly Func<string, bool>? _fitsWindow;
    private readonly ResilientSemanticStore _store;
    private readonly SemanticCacheOptions _options;
    private readonly ILogger _logger;
    private readonly SemanticCacheStatistics _statistics = new();
    private readonly SemanticHitSelector _selector;
    private readonly SemanticFlights _flights = new();
    private readonly ThresholdCalibrator? _calibrator;
    private readonly ShadowChecker? _shadow;

    /// <summary>Initializes a new instance of the <see cref="SemanticCachingChatClient"/> class.</summary>
    /// <param name="innerClient">The client that answers misses.</param>
    /// <param name="generator">The embedding generator of key texts.</param>
    /// <param name="store">The store; wrapped in a <see cref="ResilientSemanticStore"/> unless it already is one.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    public SemanticCachingChatClient(IChatClient innerClient, IEmbeddingGenerator<string, Embedding<float>> generator, ISemanticCacheStore store, SemanticCacheOptions? options = null, ILogger? logger = null)
        : base(innerClient)
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
        _fitsWindow = generator.GetService<LocalEmbeddingGenerator>() is { } local ? local.FitsWindow : null;
        ArgumentNullException.ThrowIfNull(store);
        _options = options ?? new SemanticCacheOptions();
        if (!(_options.Threshold is > -1f and <= 1f))
        {
            throw new ArgumentException($"SemanticCacheOptions.Threshold must be within (-1, 1] (was {_options.Threshold}).", nameof(options));
        }

        if (_options.Candidates < 1)
        {
            throw new ArgumentException($"SemanticCacheOptions.Candidates must be positive (was {_options.Candidates}).", nameof(options));
        }

        _logger = logger ?? NullLogger.Instance;
        if (_options.MaxWrongHitRate is { } target)
        {
            CheckCalibration(_options, target);
            _calibrator = new ThresholdCalibrator(_options.Threshold, target, _options.CalibrationConfidence);
            _shadow = new ShadowChecker(innerClient, _calibrator, _options, _logger);
        }

        _store = store as ResilientSemanticStore ?? new ResilientSemanticStore(store, _options.StoreTimeout, _logger);
        _store.Bypassed += (_, _) => _statistics.CountBypass();
        _selector = new SemanticHitSelector(_options, _statistics);
    }

    /// <summary>Gets the counters of hits, misses, guard rejections and bypasses.</summary>
    public SemanticCacheStatistics Statistics => _statistics;

    /// <summary>Gets the (resilient) store.</summary>
    public ResilientSemanticStore Store => _store;

    /// <summary>Gets the threshold calibration, or <see langword="null"/> when <see cref="SemanticCacheOptions.MaxWrongHitRate"/> is not set.</summary>
    public ThresholdCalibrator? Calibration => _calibrator;

    /// <summary>Gets the counters of the shadow checks' upstream calls (their cost is the cache's), or <see langword="null"/> without calibration.</summary>
    public Verification.CacheOverheadCounters? ShadowCheckOverhead => _shadow?.Overhead;

    /// <summary>
    /// Reports that a hit served a wrong answer: the outcome counts against the similarity it was served at and raises the
    /// threshold of its tenant, function and tier when the target wrong-hit rate is no longer met.
    /// </summary>
    /// <param name="hitId">The hit's id, from <see cref="SemanticCacheOptions.HitIdProperty"/> of the response.</param>
    /// <returns><see langword="false"/> when calibration is off or the id is unknown, too old or already reported.</returns>
    public bool ReportWrongHit(string hitId) => _calibrator?.Report(hitId, wrong: true) ?? false;

    /// <summary>Reports that a hit served a right answer (evidence that lets the threshold come down).</summary>
    /// <param name="hitId">The hit's id, from <see cref="SemanticCacheOptions.HitIdProperty"/> of the response.</param>
    /// <returns><see langword="false"/> when calibration is off or the id is unknown, too old or already reported.</returns>
    public bool ReportCorrectHit(string hitId) => _calibrator?.Report(hitId, wrong: false) ?? false;

    /// <summary>Reports that a served response was wrong (reads its hit id).</summary>
    /// <param name="response">A response of this client.</param>
    /// <returns><see langword="false"/> when it was not a semantic hit of this client, or was already reported.</returns>
    public bool ReportWrongHit(ChatResponse response) => ReportWrongHit(HitIdOf(response)!);

    /// <summary>Reports that a served response was right (reads its hit id).</summary>
    /// <param name="response">A response of this client.</param>
    /// <returns><see langword="false"/> when it was not a semantic hit of this client, or was already reported.</returns>
    public bool ReportCorrectHit(ChatResponse response) => ReportCorrectHit(HitIdOf(response)!);

    /// <summary>Waits until no shadow check is running (for tests and graceful shutdown).</summary>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>A task.</returns>
    public Task WaitForShadowChecksAsync(CancellationToken cancellationToken = default) => _shadow?.WaitIdleAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>Creates a semantic-caching client over <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client that answers misses.</param>
    /// <param name="generator">The embedding generator.</param>
    /// <param name="store">The store, or <see langword="null"/> for a new <see cref="InMemorySemanticCacheStore"/> of 512 dimensions.</param>
    /// <param name="configure">Configures the options.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The client.</returns>
    public static SemanticCachingChatClient Create(IChatClient innerClient, IEmbeddingGenerator<string, Embedding<float>> generator, ISemanticCacheStore? store = null, Action<SemanticCacheOptions>? configure = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(innerClient);
        ArgumentNullException.ThrowIfNull(generator);
        var options = new SemanticCacheOptions();
        configure?.Invoke(options);
        return new SemanticCachingChatClient(innerClient, generator, store ?? new InMemorySemanticCacheStore(), options, logger);
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IList<ChatMessage> list = messages as IList<ChatMessage> ?? new List<ChatMessage>(messages);
        IReadOnlyCollection<string>? tags = Tags(options);
        Lookup lookup = await LookupAsync(list, options, cancellationToken);
        if (lookup.Hit is { } hit)
        {
            return hit;
        }

        _statistics.CountMiss();
        if (lookup.Vector is null)
        {
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        // Single-flight: concurrent misses of the same request wait for one upstream call.
        string flightKey = lookup.Key.FlightKey;
        Task<byte[]?> flight = _flights.Join(flightKey, out TaskCompletionSource<byte[]?>? lead);
        if (lead is null)
        {
            if (await FollowAsync(flight, cancellationToken) is { } copy)
            {
                return copy;
            }

            // The leader's answer was not cacheable (truncated, tool calls, refusal): not a hit, this caller's own miss.
            return await base.GetResponseAsync(list, options, cancellationToken);
        }

        try
        {
            ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken);
            lead.TrySetResult(await StoreAsync(lookup, response, tags, options, cancellationToken));
            Explore(lookup, response);
            return response;
        }
        catch (OperationCanceledException oce)
        {
            lead.TrySetCanceled(oce.CancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            lead.TrySetException(ex);
            throw;
        }
        finally
        {
            _flights.Land(flightKey, lead);
        }
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IList<ChatMessage> list = messages as IList<ChatMessage> ?? new List<ChatMessage>(messages);
        IReadOnlyCollection<string>? tags = Tags(options);
        Lookup lookup = await LookupAsync(list, options, cancellationToken);
        if (lookup.Hit is { } hit)
        {
            foreach (ChatResponseUpdate update in hit.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        _statistics.CountMiss();
        if (lookup.Vector is null)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        // Single-flight: concurrent streaming (or not) misses of the same request wait for the leader's completed answer.
        string flightKey = lookup.Key.FlightKey;
        Task<byte[]?> flight = _flights.Join(flightKey, out TaskCompletionSource<byte[]?>? lead);
        if (lead is null)
        {
            if (await FollowAsync(flight, cancellationToken) is { } shared)
            {
                foreach (ChatResponseUpdate update in shared.ToChatResponseUpdates())
                {
                    yield return update;
                }

                yield break;
            }

            // The leader's answer was not cacheable or its stream broke: this caller streams its own miss.
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        byte[]? payload = null;
        try
        {
            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                updates.Add(update);
                yield return update;
            }

            // A stream is stored only when it completed: one that stopped without a finish reason may have been cut.
            ChatResponse complete = updates.ToChatResponse();
            if (complete.FinishReason is null)
            {
                _statistics.CountNotStored();
            }
            else
            {
                payload = await StoreAsync(lookup, complete, tags, options, cancellationToken);
                Explore(lookup, complete);
            }
        }
        finally
        {
            // A stream that failed, was abandoned or was cut leaves the followers to ask on their own.
            lead.TrySetResult(payload);
            _flights.Land(flightKey, lead);
        }
    }

    /// <summary>Waits for the leader of a flight; returns its answer as a hit, or <see langword="null"/> when the follower must ask on its own.</summary>
    private async Task<ChatResponse?> FollowAsync(Task<byte[]?> flight, CancellationToken cancellationToken)
    {
        byte[]? shared = null;
        try
        {
            shared = await flight.WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // the leader failed or was cancelled: this caller asks on its own
        }

        if (shared is null || CachedResponseReader.TryRead(shared) is not { } copy)
        {
            return null;
        }

        copy.AdditionalProperties ??= new AdditionalPropertiesDictionary();
        copy.AdditionalProperties[SemanticCacheOptions.SimilarityProperty] = 1f;
        copy.AdditionalProperties[SemanticCacheOptions.VerdictProperty] = GuardVerdict.NotChecked.ToString();
        copy.AdditionalProperties[SemanticCacheOptions.ReasonProperty] = "the same request was in flight";
        _statistics.CountHit();
        return copy;
    }

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is null)
        {
            if (serviceType == typeof(SemanticCachingChatClient))
            {
                return this;
            }

            if (serviceType == typeof(ISemanticCacheStore) || serviceType == typeof(ResilientSemanticStore))
            {
                return _store;
            }

            if (serviceType == typeof(SemanticCacheStatistics))
            {
                return _statistics;
            }
        }

        return base.GetService(serviceType, serviceKey);
    }

    private static string? HitIdOf(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(SemanticCacheOptions.HitIdProperty, out object? id) == true ? id as string : null;
    }

    private static void CheckCalibration(SemanticCacheOptions options, double target)
    {
        if (!(target is > 0 and < 1))
        {
            throw new ArgumentException($"SemanticCacheOptions.MaxWrongHitRate must be within (0, 1) or null (was {target}).", nameof(options));
        }

        if (!(options.CalibrationConfidence is >= 0.5 and < 1))
        {
            throw new ArgumentException($"SemanticCacheOptions.CalibrationConfidence must be within [0.5, 1) (was {options.CalibrationConfidence}).", nameof(options));
        }

        if (!(options.ShadowCheckRate is >= 0 and <= 1))
        {
            throw new ArgumentException($"SemanticCacheOptions.ShadowCheckRate must be within [0, 1] (was {options.ShadowCheckRate}).", nameof(options));
        }

        if (options.MaxConcurrentShadowChecks < 1)
        {
            throw new ArgumentException($"SemanticCacheOptions.MaxConcurrentShadowChecks must be positive (was {options.MaxConcurrentShadowChecks}).", nameof(options));
        }

        if (options.ShadowCheckTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SemanticCacheOptions.ShadowCheckTimeout must be positive (was {options.ShadowCheckTimeout}).", nameof(options));
        }

        if (options.AnswerComparer is null)
        {
            throw new ArgumentException("SemanticCacheOptions.AnswerComparer must not be null.", nameof(options));
        }
    }

    private SemanticRequestKey? ResolveKey(IList<ChatMessage> messages, ChatOptions? options)
    {
        string? tenant = Property<string>(options, SemanticCacheOptions.TenantProperty) ?? _options.TenantProvider?.Invoke() ?? _options.DefaultTenant;
        if (string.IsNullOrEmpty(tenant))
        {
            return null;
        }

        string tier = Property<string>(options, SemanticCacheOptions.TierProperty) ?? options?.ModelId ?? (InnerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata)?.DefaultModelId ?? "default";
        return SemanticRequestKey.Create(messages, options, Property<string>(options, SemanticCacheOptions.SemanticKeyProperty), tenant, Property<string>(options, SemanticCacheOptions.FunctionProperty), tier, _options.EmbeddingWindowWords, _fitsWindow);
    }

    /// <summary>Reads and checks the invalidation tags of a call before anything else happens: a bad tag is the caller's error.</summary>
    private static IReadOnlyCollection<string>? Tags(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.TryGetValue(SemanticCacheOptions.TagsProperty, out object? value) != true || value is not IEnumerable<string> enumerable)
        {
            return null;
        }

        var tags = new List<string>(enumerable);
        SemanticCacheStoreArguments.CheckTags(tags);
        return tags;
    }

    private static T? Property<T>(ChatOptions? options, string key)
        where T : class
        => options?.AdditionalProperties?.TryGetValue(key, out object? value) == true ? value as T : null;

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Semantic cache entry {Id} of partition {Partition} could not be read; it was skipped and evicted")]
    private static partial void LogUnreadable(ILogger logger, long id, string partition);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Embedding the semantic cache key failed; the cache was bypassed")]
    private static partial void LogEmbeddingFailed(ILogger logger, Exception exception);

    /// <summary>
    /// The outcome of a lookup. <see cref="Vector"/> is <see langword="null"/> when the cache is skipped or bypassed for the
    /// call; <see cref="Threshold"/> is the threshold a miss was looked up with, <see cref="Calibrated"/> whether it came from calibration.
    /// </summary>
    private readonly record struct Lookup(SemanticRequestKey Key, float[]? Vector, IReadOnlyList<SemanticSearchResult>? Candidates, ChatResponse? Hit, float Threshold = 0, bool Calibrated = false);
}
