using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests;

/// <summary>
/// The chat client every test project uses in place of a provider. It answers, in this order of precedence, from
/// <see cref="GetResponseAsyncCallback"/>, from <see cref="Respond"/> (a text per request, streamed word by word), or
/// with "answer N" (N = the call number, so a test can tell which call an answer came from). Every request is counted
/// (<see cref="Calls"/>) and recorded (<see cref="Requests"/>).
/// </summary>
internal sealed class FakeChatClient : IChatClient
{
    private readonly List<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> _requests = new();
    private int _calls;

    /// <summary>Initializes a new instance of the <see cref="FakeChatClient"/> class that answers "answer N" unless a callback is set.</summary>
    public FakeChatClient()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="FakeChatClient"/> class that answers as a named model.</summary>
    /// <param name="modelId">The model id the responses carry.</param>
    /// <param name="respond">The answer text of each request.</param>
    public FakeChatClient(string modelId, Func<IReadOnlyList<ChatMessage>, ChatOptions?, string> respond)
    {
        ModelId = modelId;
        Respond = respond;
    }

    /// <summary>Gets the model id the <see cref="Respond"/> answers carry.</summary>
    public string? ModelId { get; }

    /// <summary>Gets or sets the answer text of each request (used when <see cref="GetResponseAsyncCallback"/> is not set).</summary>
    public Func<IReadOnlyList<ChatMessage>, ChatOptions?, string>? Respond { get; set; }

    /// <summary>Gets or sets the whole response of each request.</summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, Task<ChatResponse>>? GetResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets the updates of each streaming request (else the response is streamed).</summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, CancellationToken, IAsyncEnumerable<ChatResponseUpdate>>? GetStreamingResponseAsyncCallback { get; set; }

    /// <summary>Gets or sets what <see cref="GetService"/> returns (else the client itself for its own type).</summary>
    public Func<Type, object?, object?>? GetServiceCallback { get; set; }

    /// <summary>Gets the number of requests, streaming ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Gets every request so far, in order.</summary>
    public IReadOnlyList<(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>Gets a value indicating whether the client was disposed.</summary>
    public bool Disposed { get; private set; }

    /// <summary>Creates a client that answers every request with one text, model and usage.</summary>
    /// <param name="text">The answer.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="input">The input tokens reported.</param>
    /// <param name="output">The output tokens reported.</param>
    /// <returns>The client.</returns>
    public static FakeChatClient Answering(string text, string? modelId = "gpt-4o-mini", long input = 100, long output = 20) => new()
    {
        GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Response(text, modelId, input, output)),
    };

    /// <summary>Creates a complete response: the text, the model, a finish reason and usage.</summary>
    /// <param name="text">The answer.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="input">The input tokens reported.</param>
    /// <param name="output">The output tokens reported.</param>
    /// <param name="finish">The finish reason; <see cref="ChatFinishReason.Stop"/> when <see langword="null"/>.</param>
    /// <returns>The response.</returns>
    public static ChatResponse Response(string text, string? modelId = "gpt-4o-mini", long input = 100, long output = 20, ChatFinishReason? finish = null) =>
        new(new ChatMessage(ChatRole.Assistant, text))
        {
            ModelId = modelId,
            FinishReason = finish ?? ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output },
        };

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int call = Record(messages, options, out IReadOnlyList<ChatMessage> list);
        return Answer(list, options, call, cancellationToken);
    }

    /// <inheritdoc/>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        int call = Record(messages, options, out IReadOnlyList<ChatMessage> list);
        if (GetStreamingResponseAsyncCallback is { } stream)
        {
            return stream(list, options, cancellationToken);
        }

        return GetResponseAsyncCallback is null && Respond is { } respond
            ? WordByWord(respond(list, options), cancellationToken)
            : FromResponse(list, options, call, cancellationToken);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GetServiceCallback?.Invoke(serviceType, serviceKey) ?? (serviceType.IsInstanceOfType(this) ? this : null);

    /// <inheritdoc/>
    public void Dispose() => Disposed = true;

    private static async IAsyncEnumerable<ChatResponseUpdate> WordByWord(string text, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (string word in text.Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ");
        }
    }

    private int Record(IEnumerable<ChatMessage> messages, ChatOptions? options, out IReadOnlyList<ChatMessage> list)
    {
        list = messages.ToList();
        lock (_requests)
        {
            _requests.Add((list, options));
        }

        return Interlocked.Increment(ref _calls);
    }

    private Task<ChatResponse> Answer(IReadOnlyList<ChatMessage> messages, ChatOptions? options, int call, CancellationToken cancellationToken)
    {
        if (GetResponseAsyncCallback is { } callback)
        {
            return callback(messages, options, cancellationToken);
        }

        cancellationToken.ThrowIfCancellationRequested();
        string text = Respond is { } respond ? respond(messages, options) : "answer " + call;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { ModelId = ModelId, FinishReason = ChatFinishReason.Stop });
    }

    private async IAsyncEnumerable<ChatResponseUpdate> FromResponse(IReadOnlyList<ChatMessage> messages, ChatOptions? options, int call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ChatResponse response = await Answer(messages, options, call, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }
}
