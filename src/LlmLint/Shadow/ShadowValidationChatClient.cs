using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.Metering;

namespace LlmLint.Shadow;

/// <summary>
/// Serves every call from the inner (cheap tier) client and, on a sampled, rate-limited share of calls, runs the same
/// request on a baseline client in the background, then records whether the answers agree (per function and tier)
/// with both calls' costs in an <see cref="IShadowResultStore"/>.
/// </summary>
/// <remarks>
/// <para>The user's call never waits for the baseline and its answer is never changed: the shadow call starts after
/// the cheap answer is complete, runs fire-and-forget under its own cancellation token (cancelled on dispose or
/// after <see cref="ShadowValidationOptions.Timeout"/>), and is skipped — not queued — when
/// <see cref="ShadowValidationOptions.MaxConcurrency"/> calls are in flight or the token bucket is empty. Baseline and
/// store failures are counted in <see cref="Statistics"/> and never surface to the caller.</para>
/// <para>Thread-safe. Message contents are sent to the baseline provider; nothing is logged.</para>
/// </remarks>
public sealed class ShadowValidationChatClient : DelegatingChatClient
{
    private readonly IChatClient _baseline;
    private readonly IShadowResultStore _store;
    private readonly ShadowValidationOptions _options;
    private readonly DeterministicSampler _sampler;
    private readonly TokenBucket _bucket;
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _disposed = new();
    private readonly ConcurrentDictionary<string, long> _callsSinceRecord = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _pending = new();
    private readonly ShadowStatistics _statistics = new();

    /// <summary>Creates the client.</summary>
    /// <param name="innerClient">The cheap tier's client that serves the user.</param>
    /// <param name="baselineClient">The baseline (larger tier) client used for shadow calls.</param>
    /// <param name="store">Where comparisons are recorded.</param>
    /// <param name="options">Settings; null for defaults.</param>
    public ShadowValidationChatClient(IChatClient innerClient, IChatClient baselineClient, IShadowResultStore store, ShadowValidationOptions? options = null)
        : base(innerClient)
    {
        _baseline = baselineClient ?? throw new ArgumentNullException(nameof(baselineClient));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _options = options ?? new ShadowValidationOptions();
        if (_options.MaxConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.MaxConcurrency, "MaxConcurrency must be at least 1.");
        }

        if (_options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.Timeout, "Timeout must be positive.");
        }

        if (_options.Comparer is null || _options.FunctionSelector is null || _options.TimeProvider is null)
        {
            throw new ArgumentException("Comparer, FunctionSelector and TimeProvider must not be null.", nameof(options));
        }

        _sampler = new DeterministicSampler(_options.SampleRate);
        _bucket = new TokenBucket(_options.MaxShadowCallsPerSecond, _options.Burst, _options.TimeProvider);
        _slots = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
    }

    /// <summary>Gets the counters of this client.</summary>
    public ShadowStatistics Statistics => _statistics;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var snapshot = new List<ChatMessage>(messages);
        ChatResponse response = await base.GetResponseAsync(snapshot, options, cancellationToken);
        Observe(snapshot, options, response);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        var snapshot = new List<ChatMessage>(messages);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(snapshot, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        Observe(snapshot, options, updates.ToChatResponse());
    }

    /// <summary>Returns when no shadow call is in flight (for tests and orderly shutdown).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is null && serviceType == typeof(ShadowStatistics))
        {
            return _statistics;
        }

        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : base.GetService(serviceType, serviceKey);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _disposed.Cancel();
            _disposed.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(List<ChatMessage> messages, ChatOptions? options, ChatResponse cheap)
    {
        string function;
        try
        {
            function = _options.FunctionSelector(messages, options) ?? "default";
        }
        catch (Exception)
        {
            Interlocked.Increment(ref _statistics.SelectorFailures);
            return;
        }

        _callsSinceRecord.AddOrUpdate(function, 1, static (_, v) => v + 1);
        Interlocked.Increment(ref _statistics.Calls);
        if (!_sampler.ShouldSample())
        {
            return;
        }

        if (!_bucket.TryAcquire())
        {
            Interlocked.Increment(ref _statistics.SkippedRateLimited);
            return;
        }

        if (!_slots.Wait(0))
        {
            Interlocked.Increment(ref _statistics.SkippedBusy);
            return;
        }

        CancellationToken disposedToken;
        try
        {
            disposedToken = _disposed.Token;
        }
        catch (ObjectDisposedException)
        {
            _slots.Release();
            return;
        }

        Interlocked.Increment(ref _statistics.Started);
        ChatOptions? shadowOptions = options?.Clone();
        Task task = Task.Run(() => RunShadowAsync(function, messages, shadowOptions, cheap, disposedToken), CancellationToken.None);
        _pending[task] = 0;
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task RunShadowAsync(string function, List<ChatMessage> messages, ChatOptions? options, ChatResponse cheap, CancellationToken disposedToken)
    {
        try
        {
            ChatResponse baseline;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(disposedToken))
            {
                timeout.CancelAfter(_options.Timeout);
                try
                {
                    baseline = await _baseline.GetResponseAsync(messages, options, timeout.Token);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref _statistics.BaselineFailures);
                    return;
                }
            }

            bool agreed;
            try
            {
                agreed = _options.Comparer.Agrees(cheap.Text ?? string.Empty, baseline.Text ?? string.Empty);
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _statistics.ComparerFailures);
                return;
            }

            string? cheapModel = cheap.ModelId ?? _options.CheapModelId;
            string? baselineModel = baseline.ModelId ?? _options.BaselineModelId;
            long calls = 0;
            _callsSinceRecord.AddOrUpdate(function, 0, (_, v) =>
            {
                calls = v;
                return 0;
            });
            var record = new ShadowRecord(
                function,
                _options.Tier,
                agreed,
                CostOf(cheapModel, messages, cheap),
                CostOf(baselineModel, messages, baseline),
                calls,
                _options.TimeProvider.GetUtcNow(),
                cheapModel,
                baselineModel);
            try
            {
                await _store.AddAsync(record, disposedToken);
                Interlocked.Increment(ref _statistics.Recorded);
            }
            catch (Exception)
            {
                _callsSinceRecord.AddOrUpdate(function, calls, (_, v) => v + calls);
                Interlocked.Increment(ref _statistics.StoreFailures);
            }
        }
        catch (Exception)
        {
            // Anything unexpected (for example disposal racing the shadow call) is counted, never thrown.
            Interlocked.Increment(ref _statistics.BaselineFailures);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>Usage × catalog price; tokens are estimated from the text when the response has no usage. Unknown models cost 0.</summary>
    internal static double CostOf(string? modelId, List<ChatMessage> messages, ChatResponse response)
    {
        if (modelId is null || !ModelCatalog.Default.TryGet(modelId, out ModelInfo model))
        {
            return 0;
        }

        long input = response.Usage?.InputTokenCount ?? -1;
        long output = response.Usage?.OutputTokenCount ?? -1;
        if (input < 0)
        {
            input = 0;
            foreach (var m in messages)
            {
                input += TokenCounter.Count(m.Text, modelId);
            }
        }

        if (output < 0)
        {
            output = TokenCounter.Count(response.Text, modelId);
        }

        return (double)model.CostUsd(input, output);
    }
}
