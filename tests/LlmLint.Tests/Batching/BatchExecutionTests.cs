using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using LlmLint.Batching;
using LlmLint.Metering;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmLint.Tests.Batching;

/// <summary>
/// Batch execution end to end: the real OpenAI SDK clients talk to a loopback fake of the files and batches endpoints;
/// requests are queued durably in SQLite, submitted, polled, resumed after a restart and completed to their callers or
/// to the completion callback; per-request errors and an expired batch fail only their requests; cost is recorded at the
/// batch rate.
/// </summary>
public sealed class BatchExecutionTests : IDisposable
{
    private const string Model = "gpt-4o-mini";
    private readonly FakeOpenAIBatchServer _server = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-batch-" + Guid.NewGuid().ToString("N"));

    public BatchExecutionTests() => Directory.CreateDirectory(_dir);

    private static BatchingOptions Fast(Func<BatchCompletion, CancellationToken, Task>? onCompleted = null) => new()
    {
        MaxBatchSize = 400,
        MaxWait = TimeSpan.FromMilliseconds(50),
        PollInterval = TimeSpan.FromMilliseconds(20),
        MaxPollInterval = TimeSpan.FromMilliseconds(100),
        RetryDelay = TimeSpan.FromMilliseconds(50),
        OnCompleted = onCompleted,
    };

    [Fact]
    public async Task A_thousand_requests_complete_through_the_batch_api_each_caller_answered_once_at_the_batch_rate()
    {
        var ledger = new InMemoryCostLedger();
        double savedByBatch = 0;
        using var listener = SavedListener((value, source) =>
        {
            if (source == LlmLintMetrics.SavedByBatch)
            {
                lock (ledger)
                {
                    savedByBatch += value;
                }
            }
        });
        await using var executor = new BatchExecutor(Provider(), new SqliteBatchQueue(Path.Combine(_dir, "queue.db")), Fast());
        var inner = new FakeChatClient();
        using IChatClient client = new ChatClientBuilder(inner).UseCostMetering(o => o.Ledger = ledger).UseBatching(executor).Build();

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(i =>
            client.GetResponseAsync([new ChatMessage(ChatRole.User, $"question {i}")], new ChatOptions { ModelId = Model })));

        for (int i = 0; i < responses.Length; i++)
        {
            Assert.Equal($"answer to: question {i}", responses[i].Text);
            Assert.True(responses[i].AdditionalProperties?[LlmLintPropertyKeys.Batch] is true);
        }

        Assert.Equal(1000, responses.Select(r => r.ResponseId).Distinct().Count());
        List<string> sent = _server.Created.SelectMany(b => b.CustomIds).ToList();
        Assert.Equal(1000, sent.Distinct().Count());
        // Submission is at least once: a batch the provider created but whose reply was lost is sent again, and only then.
        Assert.True(sent.Count == 1000 || executor.Statistics.Errors > 0, $"{sent.Count - 1000} requests sent twice without a failed call");
        Assert.All(_server.Created, b => Assert.True(b.CustomIds.Count <= 400, $"a batch of {b.CustomIds.Count}"));
        Assert.Equal(0, inner.Calls);
        Assert.Equal(1000, executor.Statistics.Answered);

        Assert.True(CostCalculator.Default.TryCost(Model, 10, 5, 0, out decimal full));
        decimal discount = (decimal)CostCalculator.Default.BatchDiscount(Model)!.Value;
        Assert.True(discount > 0);
        Assert.Equal(1000, ledger.Records.Count);
        Assert.All(ledger.Records, r => Assert.Equal(full * (1 - discount), r.CostUsd));
        Assert.Equal((double)(full * discount * 1000), savedByBatch, 9);
    }

    [Fact]
    public async Task A_restart_in_the_middle_of_a_thousand_requests_hands_every_result_to_the_callback_once()
    {
        string path = Path.Combine(_dir, "restart.db");
        const int Requests = 1000;
        _server.StatusChecksBeforeEnd = int.MaxValue;
        var first = new BatchExecutor(Provider(), new SqliteBatchQueue(path), Fast());
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseBatching(first).Build();
        Task<ChatResponse>[] callers = Enumerable.Range(0, Requests)
            .Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"ticket {i}")], new ChatOptions { ModelId = Model }))
            .ToArray();
        await Until(
            () => _server.Created.SelectMany(b => b.CustomIds).Distinct().Count() == Requests && _server.StatusChecks > 0,
            () => $"{_server.Created.SelectMany(b => b.CustomIds).Distinct().Count()} sent in {_server.Created.Count} batches, {_server.StatusChecks} status checks, {first.Statistics.Accepted} accepted, {first.Statistics.Errors} failed calls");

        // The process goes away while its batches run: the callers are told, the requests stay queued.
        await first.DisposeAsync();
        int batchesBefore = _server.Created.Count;
        foreach (Task<ChatResponse> caller in callers)
        {
            await Assert.ThrowsAsync<BatchRequestException>(() => caller);
        }

        var completions = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var texts = new ConcurrentBag<string>();
        var restarted = new SqliteBatchQueue(path);
        await using var second = new BatchExecutor(Provider(), restarted, Fast((completion, _) =>
        {
            completions.AddOrUpdate(completion.RequestId, 1, (_, n) => n + 1);
            texts.Add(completion.Response!.Text);
            return Task.CompletedTask;
        }));

        // The provider finishes the batch while the new process polls it.
        _server.EndRunningBatches();
        await Until(() => completions.Count == Requests);
        await Task.Delay(300);

        Assert.Equal(Requests, completions.Count);
        Assert.All(completions.Values, n => Assert.Equal(1, n));
        Assert.Equal(Enumerable.Range(0, Requests).Select(i => $"answer to: ticket {i}").OrderBy(t => t), texts.OrderBy(t => t));
        Assert.Equal(batchesBefore, _server.Created.Count); // resumed, not submitted again
        Assert.Equal(Requests, _server.Created.SelectMany(b => b.CustomIds).Distinct().Count());
        Assert.Equal(Requests, second.Statistics.CompletedThroughCallback);
        Assert.Empty(await restarted.GetFinishedAsync(Requests));
        Assert.Empty(await restarted.GetQueuedAsync(Requests));
        Assert.Empty(await restarted.GetOpenBatchesAsync());
    }

    [Fact]
    public async Task Per_request_errors_and_an_expired_batch_fail_only_their_own_requests()
    {
        var queue = new InMemoryBatchQueue();
        var options = Fast();
        options.MaxBatchSize = 10;
        _server.Expire = true;
        await using var executor = new BatchExecutor(Provider(), queue, options);
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseBatching(executor).Build();

        // Ten requests in one batch: the first five run (one of them fails on its own), the other five expire.
        _server.FailingQuestions["row 2"] = true;
        Task<ChatResponse>[] calls = Enumerable.Range(0, 10)
            .Select(i => client.GetResponseAsync([new ChatMessage(ChatRole.User, $"row {i}")], new ChatOptions { ModelId = Model }))
            .ToArray();
        var outcomes = new List<(string? Text, string? Error)>();
        foreach (Task<ChatResponse> call in calls)
        {
            try
            {
                outcomes.Add(((await call).Text, null));
            }
            catch (BatchRequestException ex)
            {
                outcomes.Add((null, ex.Message));
            }
        }

        for (int i = 0; i < 10; i++)
        {
            if (i is 0 or 1 or 3 or 4)
            {
                Assert.Equal($"answer to: row {i}", outcomes[i].Text);
            }
            else if (i == 2)
            {
                Assert.Contains("HTTP 400: Invalid 'messages': content too long.", outcomes[i].Error, StringComparison.Ordinal);
            }
            else
            {
                Assert.Contains("batch_expired", outcomes[i].Error, StringComparison.Ordinal);
            }
        }

        Assert.Equal((4, 6), (executor.Statistics.Answered, executor.Statistics.Failed));
        Assert.Equal(0, queue.Pending);
    }

    [Fact]
    public async Task A_marked_only_stage_batches_marked_requests_with_their_json_schema_and_passes_the_others_on()
    {
        await using var executor = new BatchExecutor(Provider(), new InMemoryBatchQueue(), Fast());
        var inner = FakeChatClient.Answering("at once");
        using IChatClient client = new ChatClientBuilder(inner).UseBatching(executor, markedOnly: true).Build();
        JsonElement schema = JsonDocument.Parse("""{"type":"object","properties":{"category":{"type":"string"}},"required":["category"]}""").RootElement;
        var marked = new ChatOptions
        {
            ModelId = Model,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "ticket_category"),
            AdditionalProperties = new() { [LlmLintPropertyKeys.Batch] = true },
        };

        ChatResponse batched = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "nightly")], marked);
        ChatResponse direct = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "now")], new ChatOptions { ModelId = Model });

        Assert.Equal("answer to: nightly", batched.Text);
        Assert.Equal("at once", direct.Text);
        Assert.Equal(1, inner.Calls);
        JsonNode body = Assert.Single(_server.ReceivedBodies);
        Assert.Equal("json_schema", (string?)body["response_format"]?["type"]);
        Assert.Equal("ticket_category", (string?)body["response_format"]?["json_schema"]?["name"]);
        Assert.Equal("category", (string?)body["response_format"]?["json_schema"]?["schema"]?["required"]?[0]);
    }

    [Fact]
    public async Task An_unreadable_stored_request_fails_alone_and_the_others_are_answered()
    {
        var queue = new InMemoryBatchQueue();
        await queue.EnqueueAsync(new BatchItem("llmlint-broken", "{not json", DateTimeOffset.UtcNow));
        var completions = new ConcurrentQueue<BatchCompletion>();
        await using var executor = new BatchExecutor(Provider(), queue, Fast((completion, _) =>
        {
            completions.Enqueue(completion);
            return Task.CompletedTask;
        }));
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseBatching(executor).Build();

        ChatResponse answer = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "still works")], new ChatOptions { ModelId = Model });
        await Until(() => !completions.IsEmpty);

        Assert.Equal("answer to: still works", answer.Text);
        BatchCompletion broken = Assert.Single(completions);
        Assert.Equal("llmlint-broken", broken.RequestId);
        Assert.Null(broken.Response);
        Assert.Contains("the stored request could not be read", broken.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(_server.Created.SelectMany(b => b.CustomIds), id => id == "llmlint-broken");
    }

    [Fact]
    public async Task A_queue_that_cannot_store_refuses_the_request_with_a_clear_error_and_nothing_is_sent()
    {
        await using var executor = new BatchExecutor(Provider(), new RefusingQueue(), Fast());
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseBatching(executor).Build();

        var ex = await Assert.ThrowsAsync<BatchRequestException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")]));

        Assert.Contains("did not accept the request, so it was not queued: disk full", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("llmlint-", ex.RequestId, StringComparison.Ordinal);
        await Task.Delay(100);
        Assert.Empty(_server.Created);
    }

    [Fact]
    public async Task Streaming_tools_and_bad_options_are_refused_with_what_was_wrong()
    {
        await using var executor = new BatchExecutor(Provider(), new InMemoryBatchQueue(), Fast());
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseBatching(executor).Build();

        var streaming = Assert.Throws<NotSupportedException>(() => client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "q")]));
        Assert.Contains("do not stream", streaming.Message, StringComparison.Ordinal);
        var tools = await Assert.ThrowsAsync<NotSupportedException>(() => client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "q")], new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "one")] }));
        Assert.Contains("tools", tools.Message, StringComparison.Ordinal);

        var bad = Assert.Throws<ArgumentException>(() => new BatchExecutor(Provider(), new InMemoryBatchQueue(), new BatchingOptions { MaxBatchSize = 0 }));
        Assert.Contains("MaxBatchSize", bad.Message, StringComparison.Ordinal);
        bad = Assert.Throws<ArgumentException>(() => new BatchExecutor(Provider(), new InMemoryBatchQueue(), new BatchingOptions { PollInterval = TimeSpan.FromMinutes(5), MaxPollInterval = TimeSpan.FromMinutes(1) }));
        Assert.Contains("MaxPollInterval", bad.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _server.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned later.
        }
    }

    // No SDK retries: a transport failure reaches the executor, which counts it (Statistics.Errors) and tries again.
    private OpenAIBatchProvider Provider() =>
        new(new OpenAIClient(new ApiKeyCredential("test-key"), new OpenAIClientOptions { Endpoint = _server.Endpoint, RetryPolicy = new ClientRetryPolicy(0) }), Model);

    private static async Task Until(Func<bool> condition, Func<string>? state = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting" + (state is null ? string.Empty : ": " + state()));
            await Task.Delay(10);
        }
    }

    private static MeterListener SavedListener(Action<double, string?> onSaved)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == LlmLintMetrics.MeterName && instrument.Name == "llmlint.saved")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
        {
            string? source = null;
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                source = tag.Key == LlmLintMetrics.SavedSourceTag ? tag.Value as string : source;
            }

            onSaved(value, source);
        });
        listener.Start();
        return listener;
    }

    private sealed class RefusingQueue : IBatchQueue
    {
        private readonly InMemoryBatchQueue _inner = new();

        public ValueTask EnqueueAsync(BatchItem item, CancellationToken cancellationToken = default) => throw new IOException("disk full");

        public ValueTask<IReadOnlyList<BatchItem>> GetQueuedAsync(int max, CancellationToken cancellationToken = default) => _inner.GetQueuedAsync(max, cancellationToken);

        public ValueTask MarkSubmittedAsync(IReadOnlyList<string> ids, string providerBatchId, CancellationToken cancellationToken = default) => _inner.MarkSubmittedAsync(ids, providerBatchId, cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetOpenBatchesAsync(CancellationToken cancellationToken = default) => _inner.GetOpenBatchesAsync(cancellationToken);

        public ValueTask<IReadOnlyList<string>> GetSubmittedAsync(string providerBatchId, CancellationToken cancellationToken = default) => _inner.GetSubmittedAsync(providerBatchId, cancellationToken);

        public ValueTask FinishAsync(IReadOnlyList<BatchOutcome> outcomes, CancellationToken cancellationToken = default) => _inner.FinishAsync(outcomes, cancellationToken);

        public ValueTask<IReadOnlyList<BatchItem>> GetFinishedAsync(int max, CancellationToken cancellationToken = default) => _inner.GetFinishedAsync(max, cancellationToken);

        public ValueTask MarkDeliveredAsync(string id, CancellationToken cancellationToken = default) => _inner.MarkDeliveredAsync(id, cancellationToken);
    }
}
