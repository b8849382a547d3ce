using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Generators.Tests.Infrastructure;

/// <summary>A chat client that answers from a callback and records every call.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public FakeChatClient(string name, Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> respond)
    {
        Name = name;
        Respond = respond;
    }

    public string Name { get; }

    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> Respond { get; set; }

    public List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Calls { get; } = new();

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var list = messages.ToList();
        lock (Calls)
        {
            Calls.Add((list, options));
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Respond(list, options))) { ModelId = Name });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        lock (Calls)
        {
            Calls.Add((list, options));
        }

        foreach (string word in Respond(list, options).Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
