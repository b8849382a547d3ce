using System.Collections.Concurrent;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.Batching;

/// <summary>
/// Sends queued requests to a provider's batch API and hands the answers back. A request is accepted once the durable
/// queue holds it; the executor groups queued requests into batches of up to <see cref="BatchingOptions.MaxBatchSize"/>
/// (or fewer once the oldest has waited <see cref="BatchingOptions.MaxWait"/>), checks running batches with back-off from
/// <see cref="BatchingOptions.PollInterval"/> to <see cref="BatchingOptions.MaxPollInterval"/>, and completes each request
/// to its waiting caller or, when none waits in this process (after a restart), to <see cref="BatchingOptions.OnCompleted"/>.
/// </summary>
/// <remarks>
/// Thread-safe. One background loop per executor; a failing provider or queue call is logged, counted and tried again
/// after <see cref="BatchingOptions.RetryDelay"/> — it never ends the loop. A finished request is handed over once: it is
/// marked delivered after its caller's task is completed or the callback returned (a crash in between hands it to the
/// callback again after the restart). A batch submitted just before a crash and not yet recorded is submitted again.
/// </remarks>
public sealed class BatchExecutor : IAsyncDisposable, IDisposable
{
    private const int DeliveryPage = 1000;

    // The batch id recorded for stored requests that could not be read (they never reach a provider).
    private const string UnreadableBatchId = "llmlint-unreadable";

    private readonly IBatchProvider _provider;
    private readonly IBatchQueue _queue;
    private readonly BatchingOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ChatResponse>> _waiting = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (DateTimeOffset Next, TimeSpan Interval)> _polls = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _disposed;

    /// <summary>Initializes a new instance of the <see cref="BatchExecutor"/> class and starts its loop (it resumes what the queue holds).</summary>
    /// <param name="provider">The provider's batch API.</param>
    /// <param name="queue">The durable queue.</param>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    /// <param name="logger">The logger, or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock, or <see langword="null"/> for the system clock.</param>
    public BatchExecutor(IBatchProvider provider, IBatchQueue queue, BatchingOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(queue);
        _options = options ?? new BatchingOptions();
        _options.Validate();
        _provider = provider;
        _queue = queue;
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Gets the counters.</summary>
    public BatchExecutorStatistics Statistics { get; } = new();

    /// <summary>Queues a request and waits for its answer.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Stops the wait; the request stays queued and its result goes to <see cref="BatchingOptions.OnCompleted"/>.</param>
    /// <returns>The answer, marked <see cref="LlmLintPropertyKeys.Batch"/>; its <see cref="ChatResponse.ResponseId"/> is the request id.</returns>
    /// <exception cref="BatchRequestException">The queue did not accept the request, or the provider reported an error for it.</exception>
    public async Task<ChatResponse> ExecuteAsync(BatchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        string id = "llmlint-" + Guid.NewGuid().ToString("N");
        var answer = new TaskCompletionSource<ChatResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        try
        {
            await _queue.EnqueueAsync(new BatchItem(id, request.ToJson(), _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _waiting.TryRemove(id, out _);
            throw new BatchRequestException(id, $"The batch queue did not accept the request, so it was not queued: {ex.Message}", ex);
        }

        Statistics.CountAccepted();
        Wake();
        using (cancellationToken.Register(() =>
        {
            if (_waiting.TryRemove(id, out TaskCompletionSource<ChatResponse>? waiting))
            {
                waiting.TrySetCanceled(cancellationToken);
            }
        }))
        {
            return await answer.Task.ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        foreach (KeyValuePair<string, TaskCompletionSource<ChatResponse>> waiting in _waiting)
        {
            waiting.Value.TrySetException(new BatchRequestException(waiting.Key, "The batch executor stopped before the answer arrived. The request stays in the queue; an executor started on the same queue hands its result to BatchingOptions.OnCompleted."));
        }

        _waiting.Clear();
        _stop.Dispose();
        _wake.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Disposed while a caller was queueing: the request stays in the queue.
        }
    }

    private async Task RunAsync()
    {
        CancellationToken stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await RoundAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Statistics.CountError();
                BatchingLog.RoundFailed(_logger, _provider.Name, ex);
                wait = _options.RetryDelay;
            }

            try
            {
                await _wake.WaitAsync(wait, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // One pass: hand over finished requests, submit what is due, check running batches. Returns how long to sleep.
    private async Task<TimeSpan> RoundAsync(CancellationToken cancellationToken)
    {
        await DeliverAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset next = _time.GetUtcNow() + _options.MaxPollInterval;
        next = Min(next, await SubmitDueAsync(cancellationToken).ConfigureAwait(false));
        (DateTimeOffset nextPoll, bool finished) = await PollAsync(cancellationToken).ConfigureAwait(false);
        if (finished)
        {
            return TimeSpan.Zero;
        }

        TimeSpan wait = Min(next, nextPoll) - _time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private async Task DeliverAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<BatchItem> finished = await _queue.GetFinishedAsync(DeliveryPage, cancellationToken).ConfigureAwait(false);
        foreach (BatchItem item in finished)
        {
            BatchResult? result = item.ResultJson is { } json ? BatchResult.FromJson(json) : null;
            string? error = result is null ? item.Error ?? "The stored answer could not be read." : null;
            if (_waiting.TryRemove(item.Id, out TaskCompletionSource<ChatResponse>? waiting))
            {
                if (result is not null)
                {
                    waiting.TrySetResult(Response(item.Id, result));
                }
                else
                {
                    waiting.TrySetException(new BatchRequestException(item.Id, $"The {_provider.Name} batch did not answer request {item.Id}: {error}"));
                }

                Statistics.CountHandedOver(result is not null, throughCallback: false);
            }
            else if (_options.OnCompleted is { } callback)
            {
                BatchRequest request;
                try
                {
                    request = BatchRequest.FromJson(item.RequestJson);
                }
                catch (FormatException)
                {
                    request = new BatchRequest(null, []);
                }

                await callback(new BatchCompletion(item.Id, request, result is null ? null : Response(item.Id, result), error), cancellationToken).ConfigureAwait(false);
                Statistics.CountHandedOver(result is not null, throughCallback: true);
            }
            else
            {
                // No caller waits and no callback is registered: the result stays queued for a later executor.
                continue;
            }

            await _queue.MarkDeliveredAsync(item.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    private static ChatResponse Response(string id, BatchResult result)
    {
        ChatResponse response = result.ToChatResponse();
        response.ResponseId = id;
        return response;
    }

    // Submits full batches, and a partial one once its oldest request has waited MaxWait. Returns when to look again.
    private async Task<DateTimeOffset> SubmitDueAsync(CancellationToken cancellationToken)
    {
        int size = Math.Min(_options.MaxBatchSize, _provider.MaxRequestsPerBatch);
        while (true)
        {
            IReadOnlyList<BatchItem> queued = await _queue.GetQueuedAsync(size, cancellationToken).ConfigureAwait(false);
            if (queued.Count == 0)
            {
                return DateTimeOffset.MaxValue;
            }

            DateTimeOffset due = queued[0].EnqueuedAt + _options.MaxWait;
            if (queued.Count < size && _time.GetUtcNow() < due)
            {
                return due;
            }

            var requests = new List<KeyValuePair<string, BatchRequest>>(queued.Count);
            var ids = new List<string>(queued.Count);
            List<BatchOutcome>? unreadable = null;
            foreach (BatchItem item in queued)
            {
                try
                {
                    requests.Add(new(item.Id, BatchRequest.FromJson(item.RequestJson)));
                    ids.Add(item.Id);
                }
                catch (FormatException ex)
                {
                    // A stored request that cannot be read fails alone rather than blocking the queue.
                    (unreadable ??= new()).Add(new BatchOutcome(item.Id, null, "the stored request could not be read: " + ex.Message));
                }
            }

            if (unreadable is not null)
            {
                await _queue.MarkSubmittedAsync(unreadable.ConvertAll(o => o.Id), UnreadableBatchId, cancellationToken).ConfigureAwait(false);
                await _queue.FinishAsync(unreadable, cancellationToken).ConfigureAwait(false);
                if (ids.Count == 0)
                {
                    continue;
                }
            }

            string batchId = await _provider.SubmitAsync(requests, cancellationToken).ConfigureAwait(false);
            await _queue.MarkSubmittedAsync(ids, batchId, cancellationToken).ConfigureAwait(false);
            _polls[batchId] = (_time.GetUtcNow() + _options.PollInterval, _options.PollInterval);
            Statistics.CountBatch(ids.Count);
            BatchingLog.Submitted(_logger, _provider.Name, batchId, ids.Count);
        }
    }

    // Checks the running batches that are due; records the outcomes of those that ended.
    private async Task<(DateTimeOffset Next, bool Finished)> PollAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset next = DateTimeOffset.MaxValue;
        bool finished = false;
        IReadOnlyList<string> open = await _queue.GetOpenBatchesAsync(cancellationToken).ConfigureAwait(false);
        foreach (string batchId in open)
        {
            DateTimeOffset now = _time.GetUtcNow();
            if (!_polls.TryGetValue(batchId, out (DateTimeOffset Next, TimeSpan Interval) poll))
            {
                // A batch submitted before a restart (or by another executor on this queue): check it now.
                poll = (now, _options.PollInterval);
            }

            if (now < poll.Next)
            {
                next = Min(next, poll.Next);
                continue;
            }

            Statistics.CountStatusCheck();
            BatchEnd? end = await _provider.TryGetOutcomesAsync(batchId, cancellationToken).ConfigureAwait(false);
            if (end is null)
            {
                TimeSpan interval = poll.Interval * 2 < _options.MaxPollInterval ? poll.Interval * 2 : _options.MaxPollInterval;
                _polls[batchId] = (now + poll.Interval, interval);
                next = Min(next, now + poll.Interval);
                continue;
            }

            await FinishAsync(batchId, end, cancellationToken).ConfigureAwait(false);
            _polls.Remove(batchId);
            finished = true;
        }

        return (next, finished);
    }

    private async Task FinishAsync(string batchId, BatchEnd end, CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, BatchOutcome>(StringComparer.Ordinal);
        foreach (BatchOutcome outcome in end.Outcomes)
        {
            byId[outcome.Id] = outcome;
        }

        IReadOnlyList<string> submitted = await _queue.GetSubmittedAsync(batchId, cancellationToken).ConfigureAwait(false);
        var all = new List<BatchOutcome>(submitted.Count);
        foreach (string id in submitted)
        {
            all.Add(byId.TryGetValue(id, out BatchOutcome? outcome)
                ? outcome
                : new BatchOutcome(id, null, $"the {_provider.Name} batch {batchId} ended without a result for this request ({end.MissingReason})"));
        }

        await _queue.FinishAsync(all, cancellationToken).ConfigureAwait(false);
        BatchingLog.Finished(_logger, _provider.Name, batchId, all.Count);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
