using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Redis.Tests;

/// <summary>An in-process fake model that counts its calls and answers "answer to {prompt} #{n}".</summary>
internal sealed class CountingChatClient(TimeSpan delay) : IChatClient
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int n = Interlocked.Increment(ref _calls);
        await Task.Delay(delay, cancellationToken);
        string prompt = string.Empty;
        foreach (ChatMessage m in messages)
        {
            prompt = m.Text;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, $"answer to {prompt} #{n}")) { FinishReason = ChatFinishReason.Stop, ModelId = "fake-model" };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (ChatResponseUpdate update in (await GetResponseAsync(messages, options, cancellationToken)).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
