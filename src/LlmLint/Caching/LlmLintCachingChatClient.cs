using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using LlmLint.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Caching;

/// <summary>
/// An exact cache: an answer is reused only for a request identical in every part of its <see cref="CacheKey"/>, tenant included.
/// </summary>
/// <remarks>
/// <para>Thread-safe. Concurrent identical non-streaming requests make one upstream call (single-flight); the others receive a copy
/// of its answer. With <see cref="LlmLintCacheOptions.FlightLock"/> this holds across processes that share the store: one
/// process leads under an expiring lock, the others wait (bounded by <see cref="LlmLintCacheOptions.FlightWait"/>) for its entry. Streamed answers are stored once complete and replayed as updates; streaming requests are not coalesced.</para>
/// <para>Never cached: exceptions, answers with <see cref="ChatFinishReason.ContentFilter"/> or <see cref="ChatFinishReason.Length"/>,
/// answers holding function calls, answers marked <see cref="LlmLintPropertyKeys.Accepted"/> = <see langword="false"/>, and requests
/// with a <see cref="ChatOptions.ConversationId"/> (server-side state is not part of the key).</para>
/// <para>A store that throws or exceeds <see cref="LlmLintCacheOptions.StoreTimeout"/> is bypassed for that call, counted in
/// <see cref="StoreBypasses"/> and <see cref="LlmLintCacheCounters.StoreBypasses"/>, and logged at Warning (without content).
/// Keys are logged at Debug; content is never logged.</para>
/// </remarks>
public sealed class LlmLintCachingChatClient : DelegatingChatClient
{
    private static readonly TimeSpan MaxFlightPoll = TimeSpan.FromMilliseconds(200);
    private static readonly JsonTypeInfo<ChatResponse> s_responseInfo = (JsonTypeInfo<ChatResponse>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ChatResponse));
    private readonly ConcurrentDictionary<string, Task<Flight>> _inflight = new(StringComparer.Ordinal);
    private readonly ILlmCacheStore _store;
    private readonly LlmLintCacheOptions _options;
    private readonly ILogger _logger;
    private string? _defaultModelId;
    private bool _defaultModelIdResolved;
    private long _storeBypasses;
    private long _hits;
    private long _misses;
    private long _unreadable;

    /// <summary>Initializes a new instance of the <see cref="LlmLintCachingChatClient"/> class.</summary>
    /// <param name="innerClient">The client that answers misses.</param>
    /// <param name="store">The store.</param>
    /// <param name="options">The options, or <see langword="null"/> for defaults.</param>
    /// <param name="logger">The logger.</param>
    public LlmLintCachingChatClient(IChatClient innerClient, ILlmCacheStore store, LlmLintCacheOptions? options = null, ILogger? logger = null)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _options = options ?? new LlmLintCacheOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of store operations of this client that were bypassed after a failure or timeout.</summary>
    public long StoreBypasses => Interlocked.Read(ref _storeBypasses);

    /// <summary>Gets the number of answers served from the cache (coalesced single-flight followers included).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Gets the number of requests that went upstream.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Gets the number of stored entries that could not be read (bad JSON, role or finish reason, no text, wrong key) and were skipped and removed.</summary>
    public long UnreadableEntries => Interlocked.Read(ref _unreadable);

    /// <summary>Gets the store.</summary>
    public ILlmCacheStore Store => _store;

    /// <summary>Computes the cache key of a request as this client would.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <returns>The key.</returns>
    public string GetCacheKey(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        string? tenant = ChatOptionsProperties.Get<string>(options, LlmLintPropertyKeys.Tenant) ?? _options.TenantProvider?.GetTenant();
        return CacheKey.Compute(messages, options, tenant, DefaultModelId, _options.Partition, ChatOptionsProperties.Get<string>(options, LlmLintPropertyKeys.CacheKeyExtra));
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (ChatOptionsProperties.IsTrue(options, LlmLintPropertyKeys.CacheBypass) || options?.ConversationId is not null)
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }

        string key = GetCacheKey(messages, options);
        bool refresh = ChatOptionsProperties.IsTrue(options, LlmLintPropertyKeys.CacheRefresh);
        bool storeUp = true; // one failed or timed-out store operation bypasses the store for the rest of the call
        if (!refresh)
        {
            StoreRead read = await StoreGetAsync(key, cancellationToken);
            storeUp = read.Ok;
            if (read.Hit is { } hit)
            {
                Interlocked.Increment(ref _hits);
                return hit;
            }
        }

        while (true)
        {
            var flight = new TaskCompletionSource<Flight>(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<Flight> shared = _inflight.GetOrAdd(key, flight.Task);
            if (shared != flight.Task)
            {
                Flight result;
                try
                {
                    result = await shared.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    continue; // the leader was cancelled, not this caller: try again (and perhaps lead).
                }

                // Only a cacheable answer is shared: a truncated, filtered or tool-call answer is this caller's own miss.
                if (result.Cacheable && TryParse(result.Bytes) is { } copy)
                {
                    Interlocked.Increment(ref _hits);
                    return copy;
                }

                Interlocked.Increment(ref _misses);
                return await base.GetResponseAsync(messages, options, cancellationToken);
            }

            IAsyncDisposable? lease = null;
            try
            {
                if (!refresh && storeUp)
                {
                    // A leader that finished between this caller's read and its flight has stored its answer by now.
                    StoreRead read = await StoreGetAsync(key, cancellationToken);
                    storeUp = read.Ok;
                    if (read.Hit is { } hit)
                    {
                        flight.TrySetResult(new Flight(Serialize(hit), true));
                        Interlocked.Increment(ref _hits);
                        return hit;
                    }
                }

                if (!refresh && storeUp && _options.FlightLock is { } flightLock)
                {
                    CrossProcessFlight across = await LeadAcrossProcessesAsync(flightLock, key, cancellationToken);
                    storeUp = across.StoreUp;
                    lease = across.Lease;
                    if (across.Hit is { } hit)
                    {
                        flight.TrySetResult(new Flight(Serialize(hit), true));
                        Interlocked.Increment(ref _hits);
                        return hit;
                    }
                }

                Interlocked.Increment(ref _misses);
                ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken);
                byte[] bytes = Serialize(response);
                bool cacheable = IsCacheable(response);
                if (cacheable && storeUp)
                {
                    await StoreSetAsync(key, bytes, GetTtl(options), cancellationToken);
                }

                flight.TrySetResult(new Flight(bytes, cacheable));
                return response;
            }
            catch (OperationCanceledException oce)
            {
                flight.TrySetCanceled(oce.CancellationToken);
                throw;
            }
            catch (Exception ex)
            {
                flight.TrySetException(ex);
                throw;
            }
            finally
            {
                _inflight.TryRemove(new KeyValuePair<string, Task<Flight>>(key, flight.Task));
                if (lease is not null)
                {
                    // Not awaited: the answer is stored by now, and a slow or failing release must not hold the caller.
                    _ = ReleaseAsync(lease);
                }
            }
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (!_options.CacheStreaming || ChatOptionsProperties.IsTrue(options, LlmLintPropertyKeys.CacheBypass) || options?.ConversationId is not null)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                yield return update;
            }

            yield break;
        }

        string key = GetCacheKey(messages, options);
        bool storeUp = true;
        if (!ChatOptionsProperties.IsTrue(options, LlmLintPropertyKeys.CacheRefresh))
        {
            StoreRead read = await StoreGetAsync(key, cancellationToken);
            storeUp = read.Ok;
            if (read.Hit is { } hit)
            {
                Interlocked.Increment(ref _hits);
                foreach (ChatResponseUpdate update in hit.ToChatResponseUpdates())
                {
                    (update.AdditionalProperties ??= new())[LlmLintPropertyKeys.CacheHit] = true;
                    yield return update;
                }

                yield break;
            }
        }

        Interlocked.Increment(ref _misses);
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        // A stream is stored only when it completed: one that stopped without a finish reason may have been cut.
        ChatResponse complete = updates.ToChatResponse();
        if (storeUp && complete.FinishReason is not null && IsCacheable(complete))
        {
            await StoreSetAsync(key, Serialize(complete), GetTtl(options), cancellationToken);
        }
    }

    /// <summary>Gets a value indicating whether an answer may be cached.</summary>
    /// <param name="response">The answer.</param>
    /// <returns><see langword="true"/> when it may.</returns>
    public bool IsCacheable(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.FinishReason == ChatFinishReason.ContentFilter || response.FinishReason == ChatFinishReason.Length
            || response.FinishReason == ChatFinishReason.ToolCalls || response.Messages.Count == 0)
        {
            return false;
        }

        if (response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.Accepted, out object? accepted) == true && accepted is false)
        {
            return false;
        }

        foreach (ChatMessage m in response.Messages)
        {
            foreach (AIContent c in m.Contents)
            {
                if (c is FunctionCallContent or ErrorContent)
                {
                    return false;
                }
            }
        }

        return _options.ShouldCache?.Invoke(response) ?? true;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(_store) ? _store : base.GetService(serviceType, serviceKey);
    }

    internal static byte[] Serialize(ChatResponse response)
    {
        // Transient per-call properties (call ids, cost, cascade records, cache flags) are not part of the stored answer.
        AdditionalPropertiesDictionary? props = null;
        if (response.AdditionalProperties is { Count: > 0 } source)
        {
            foreach (KeyValuePair<string, object?> pair in source)
            {
                if (!pair.Key.StartsWith("llmlint.", StringComparison.Ordinal))
                {
                    (props ??= new())[pair.Key] = pair.Value;
                }
            }
        }

        var stored = new ChatResponse(response.Messages)
        {
            ResponseId = response.ResponseId,
            ModelId = response.ModelId,
            CreatedAt = response.CreatedAt,
            FinishReason = response.FinishReason,
            Usage = response.Usage,
            AdditionalProperties = props,
        };
        if (response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.Tier, out object? tier) == true && tier is Tier t)
        {
            (stored.AdditionalProperties ??= new())[LlmLintPropertyKeys.Tier] = t.ToString();
        }

        return JsonSerializer.SerializeToUtf8Bytes(stored, s_responseInfo);
    }

    /// <summary>Parses an answer and marks it as a hit; <see langword="null"/> when it is not a readable answer with content.</summary>
    private static ChatResponse? TryParse(ReadOnlySpan<byte> bytes) => AsHit(CachedResponseReader.TryRead(bytes));

    private static ChatResponse? AsHit(ChatResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        AdditionalPropertiesDictionary props = response.AdditionalProperties ??= new();
        if (props.TryGetValue(LlmLintPropertyKeys.Tier, out object? tier) && tier is JsonElement { ValueKind: JsonValueKind.String } e && Enum.TryParse(e.GetString(), out Tier parsed))
        {
            props[LlmLintPropertyKeys.Tier] = parsed;
        }

        props[LlmLintPropertyKeys.CacheHit] = true;
        return response;
    }

    /// <summary>Reads a stored entry (decrypting it when a protector is set); an unreadable entry is counted, logged and removed.</summary>
    private async ValueTask<ChatResponse?> ReadStoredAsync(string key, byte[] stored, CancellationToken cancellationToken)
    {
        ChatResponse? response = AsHit(CachedResponseReader.TryRead(stored, _options.Protector));
        if (response is null)
        {
            Interlocked.Increment(ref _unreadable);
            CacheLog.EntryUnreadable(_logger, key);
            await StoreCallAsync("remove", ct => Completed(_store.RemoveAsync(key, ct)), cancellationToken);
        }

        return response;
    }

    /// <summary>
    /// Leads this key across processes or follows the process that does: takes the flight lock, or waits (up to
    /// <see cref="LlmLintCacheOptions.FlightWait"/>, polling the store) for the leader's entry, taking the lock if the leader
    /// goes away without one. A failing lock or store, or a wait that runs out, lets this caller go upstream itself.
    /// </summary>
    private async ValueTask<CrossProcessFlight> LeadAcrossProcessesAsync(ICacheFlightLock flightLock, string key, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + _options.FlightWait;
        TimeSpan pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            (bool lockUp, IAsyncDisposable? lease) = await StoreCallAsync("lock", ct => flightLock.TryAcquireAsync(key, _options.FlightLockExpiry, ct), cancellationToken);
            if (!lockUp)
            {
                return new CrossProcessFlight(false, null, null); // the shared cache is failing: bypassed for the rest of the call
            }

            if (lease is not null)
            {
                // A leader that stored and released between this caller's read and its lock has left its answer.
                StoreRead again = await StoreGetAsync(key, cancellationToken);
                if (again.Hit is not null)
                {
                    await ReleaseAsync(lease);
                    return new CrossProcessFlight(true, again.Hit, null);
                }

                return new CrossProcessFlight(again.Ok, null, lease);
            }

            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                CacheLog.FlightWaitExpired(_logger, key);
                return new CrossProcessFlight(true, null, null);
            }

            await Task.Delay(pause < left ? pause : left, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, MaxFlightPoll.Ticks));
            StoreRead read = await StoreGetAsync(key, cancellationToken);
            if (!read.Ok || read.Hit is not null)
            {
                return new CrossProcessFlight(read.Ok, read.Hit, null);
            }
        }
    }

    private async Task ReleaseAsync(IAsyncDisposable lease)
    {
        // Released without the caller's token: a cancelled call must still let the next process lead at once.
        await StoreCallAsync("unlock", async _ =>
        {
            await lease.DisposeAsync();
            return true;
        }, CancellationToken.None);
    }

    private TimeSpan GetTtl(ChatOptions? options) =>
        ChatOptionsProperties.TryGet(options, LlmLintPropertyKeys.CacheTtl, out TimeSpan ttl) && ttl > TimeSpan.Zero ? ttl : _options.DefaultTtl;

    private string? DefaultModelId
    {
        get
        {
            if (!_defaultModelIdResolved)
            {
                _defaultModelId = _options.ModelId ?? InnerClient.GetService<ChatClientMetadata>()?.DefaultModelId;
                _defaultModelIdResolved = true;
            }

            return _defaultModelId;
        }
    }

    private async ValueTask<StoreRead> StoreGetAsync(string key, CancellationToken cancellationToken)
    {
        (bool ok, byte[]? value) = await StoreCallAsync("get", ct => _store.GetAsync(key, ct), cancellationToken);
        if (!ok)
        {
            return new StoreRead(false, null);
        }

        CacheLog.Lookup(_logger, value is null ? "miss" : "hit", key);
        return new StoreRead(true, value is null ? null : await ReadStoredAsync(key, value, cancellationToken));
    }

    private async ValueTask StoreSetAsync(string key, byte[] value, TimeSpan ttl, CancellationToken cancellationToken)
    {
        byte[] stored = _options.Protector is { } protector ? protector.Protect(value) : value;
        await StoreCallAsync("set", ct => Completed(_store.SetAsync(key, stored, ttl, ct)), cancellationToken);
    }

    /// <summary>Runs one store operation within <see cref="LlmLintCacheOptions.StoreTimeout"/>; a failure or timeout is a counted bypass.</summary>
    private async ValueTask<(bool Ok, T? Value)> StoreCallAsync<T>(string operation, Func<CancellationToken, ValueTask<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return (true, await BoundedStoreCall.RunAsync(call, _store is InMemoryLlmCacheStore, _options.StoreTimeout, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutException)
        {
            OnStoreTimeout(operation);
        }
        catch (Exception ex)
        {
            OnStoreFailure(operation, ex);
        }

        return (false, default);
    }

    private static async ValueTask<bool> Completed(ValueTask operation)
    {
        await operation;
        return true;
    }

    private void OnStoreFailure(string operation, Exception ex)
    {
        Interlocked.Increment(ref _storeBypasses);
        LlmLintCacheCounters.OnStoreBypass(operation);
        CacheLog.StoreFailed(_logger, operation, ex);
    }

    private void OnStoreTimeout(string operation)
    {
        Interlocked.Increment(ref _storeBypasses);
        LlmLintCacheCounters.OnStoreBypass(operation);
        CacheLog.StoreTimedOut(_logger, operation, _options.StoreTimeout.TotalMilliseconds);
    }

    private sealed record Flight(byte[] Bytes, bool Cacheable);

    private readonly record struct StoreRead(bool Ok, ChatResponse? Hit);

    private readonly record struct CrossProcessFlight(bool StoreUp, ChatResponse? Hit, IAsyncDisposable? Lease);
}
