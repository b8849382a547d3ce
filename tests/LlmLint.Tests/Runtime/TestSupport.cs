using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Stores;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Runtime;

/// <summary>A chat client whose behaviour is set by callback properties.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private int _calls;

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public bool Disposed { get; private set; }

    public static FakeChatClient Answering(string text, string? modelId = "gpt-4o-mini", long input = 100, long output = 20) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Response(text, modelId, input, output)),
    };

    public static ChatResponse Response(string text, string? modelId = "gpt-4o-mini", long input = 100, long output = 20, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = modelId,
            FinishReason = finish ?? ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken) ?? throw new InvalidOperationException("No response callback.");
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        if (GetStreamingResponseAsyncCallback is { } cb)
        {
            return cb(messages, options, cancellationToken);
        }

        return FromResponse(messages, options, cancellationToken);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback?.Invoke(serviceType, serviceKey) ?? (serviceType.IsInstanceOfType(this) ? this : null);

    public void Dispose() => Disposed = true;

    private async IAsyncEnumerable<ChatResponseUpdate> FromResponse(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponse r = await (GetResponseAsyncCallback?.Invoke(messages, options, cancellationToken) ?? throw new InvalidOperationException("No response callback."));
        foreach (ChatResponseUpdate u in r.ToChatResponseUpdates())
        {
            yield return u;
        }
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>A store that fails (throws or hangs) on demand.</summary>
internal sealed class FaultyStore : ILlmCacheStore
{
    public bool Throw { get; set; } = true;

    public bool Hang { get; set; }

    public int Gets;

    public int Sets;

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Gets);
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        }

        if (Throw)
        {
            throw new InvalidOperationException("store down");
        }

        return null;
    }

    public async ValueTask SetAsync(string key, ReadOnlyMemory<byte> value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Sets);
        if (Hang)
        {
            await Task.Delay(TimeSpan.FromSeconds(30));
        }

        if (Throw)
        {
            throw new InvalidOperationException("store down");
        }
    }

    public ValueTask RemoveAsync(string key, CancellationToken cancellationToken = default) =>
        Throw ? throw new InvalidOperationException("store down") : default;
}

internal static class Msgs
{
    public static List<ChatMessage> User(string text) => new() { new ChatMessage(ChatRole.User, text) };
}
