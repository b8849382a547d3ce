using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.LearnedRouting;
using LlmLint.Offline;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Distillation;

/// <summary>Capture never slows or fails the user's call: failing, hanging and full stores are bypassed and counted; redaction decides what is stored.</summary>
public sealed class CaptureFaultTests
{
    [Fact]
    public async Task A_throwing_store_is_bypassed_and_counted_and_the_call_succeeds()
    {
        var store = new FaultyStore { Fault = () => throw new InvalidOperationException("disk full") };
        (IChatClient client, Distiller distiller, ScriptedChatClient teacher) = Pipeline(new DistillationOptions { Store = store });

        ChatResponse response = await client.GetResponseAsync("refund please", Options());
        await distiller.WhenIdleAsync();

        Assert.Equal("Billing", response.Text);
        Assert.Equal(1, teacher.CallCount);
        Assert.Equal(1, distiller.Counters.StoreBypasses);
        Assert.Equal(0, distiller.Counters.Captured);
    }

    [Fact]
    public async Task A_hanging_store_neither_slows_the_call_nor_waits_longer_than_its_timeout()
    {
        var release = new TaskCompletionSource();
        var store = new FaultyStore { Hang = release.Task };
        (IChatClient client, Distiller distiller, _) = Pipeline(new DistillationOptions { Store = store, StoreTimeout = TimeSpan.FromSeconds(5) });

        var call = Stopwatch.StartNew();
        ChatResponse response = await client.GetResponseAsync("refund please", Options());
        call.Stop();
        var idle = Stopwatch.StartNew();
        await distiller.WhenIdleAsync();
        idle.Stop();

        Assert.Equal("Billing", response.Text);
        // The store timeout is 5 s: a call that waited for the store would take at least that long.
        Assert.True(call.Elapsed < TimeSpan.FromSeconds(4), $"the call took {call.Elapsed.TotalMilliseconds} ms: it waited for the store");
        Assert.Empty(store.Added);
        Assert.True(idle.Elapsed < TimeSpan.FromSeconds(15), $"the capture waited {idle.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(1, distiller.Counters.StoreBypasses);
        release.SetResult();
    }

    [Fact]
    public async Task Captures_beyond_the_pending_limit_are_dropped_and_counted()
    {
        var release = new TaskCompletionSource();
        var store = new FaultyStore { Hang = release.Task };
        (IChatClient client, Distiller distiller, _) = Pipeline(new DistillationOptions { Store = store, MaxPendingCaptures = 2, StoreTimeout = Timeout.InfiniteTimeSpan });

        for (int i = 0; i < 5; i++)
        {
            await client.GetResponseAsync("refund number " + i, Options());
        }

        Assert.Equal(3, distiller.Counters.Dropped);
        release.SetResult();
        await distiller.WhenIdleAsync();
        Assert.Equal(2, distiller.Counters.Captured);
        Assert.Equal(2, store.Added.Count);
    }

    [Fact]
    public async Task The_redaction_hook_masks_withholds_or_fails_closed()
    {
        var store = new InMemoryDistillationStore();
        (IChatClient client, Distiller distiller, _) = Pipeline(new DistillationOptions
        {
            Store = store,
            Redact = c => c.Input.Contains("secret", StringComparison.Ordinal) ? null
                : c.Input.Contains("boom", StringComparison.Ordinal) ? throw new InvalidOperationException("hook failed")
                : c with { Input = c.Input.Replace("alice@example.com", "<email>", StringComparison.Ordinal), Prompt = "<redacted>" },
        });

        await client.GetResponseAsync("refund for alice@example.com", Options());
        await client.GetResponseAsync("refund secret", Options());
        await client.GetResponseAsync("refund boom", Options());
        await distiller.WhenIdleAsync();

        DistillationCapture stored = Assert.Single(await store.ReadAsync("F"));
        Assert.Equal("refund for <email>", stored.Input);
        Assert.Equal("<redacted>", stored.Prompt);
        Assert.Equal(2, distiller.Counters.Redacted);
        Assert.Equal(1, distiller.Counters.Captured);
    }

    internal static ChatOptions Options(string function = "F") => new ChatOptions().WithFunctionId(function);

    private static (IChatClient Client, Distiller Distiller, ScriptedChatClient Teacher) Pipeline(DistillationOptions options)
    {
        options.EmbeddingGenerator = new HashingTextEmbedder(64);
        var teacher = new ScriptedChatClient("gpt-4o-mini").WhenUserSays("refund", "Billing").Otherwise("Other");
        var distiller = new Distiller(options);
        IChatClient client = new ChatClientBuilder(teacher)
            .UseDistillation(new[] { DistilledFunction.Classifier("F", "hash", "Billing", "Other") }, distiller)
            .Build();
        return (client, distiller, teacher);
    }

    private sealed class FaultyStore : IDistillationStore
    {
        public Action? Fault { get; init; }

        public Task? Hang { get; init; }

        public List<DistillationCapture> Added { get; } = new();

        public async ValueTask AddAsync(DistillationCapture capture, CancellationToken cancellationToken = default)
        {
            Fault?.Invoke();
            if (Hang is not null)
            {
                await Hang; // ignores the token, as a blocked driver would
            }

            lock (Added)
            {
                Added.Add(capture);
            }
        }

        public ValueTask<IReadOnlyList<DistillationCapture>> ReadAsync(string functionId, string? templateHash = null, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<DistillationCapture>>(Added.ToArray());

        public ValueTask<IReadOnlyList<string>> FunctionsAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult<IReadOnlyList<string>>(Array.Empty<string>());
    }
}
