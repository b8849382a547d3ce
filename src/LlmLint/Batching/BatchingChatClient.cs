using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Batching;

/// <summary>
/// A stage for code that can wait: every request goes to the provider's batch API through a <see cref="BatchExecutor"/>
/// (at the batch price) and the call completes when its batch has ended — minutes to hours, not seconds. Text requests
/// only; a request with tools, images or a JSON schema is refused with <see cref="NotSupportedException"/> naming what it
/// carries. Batch APIs do not stream: a streaming call is refused too. The inner client is not called.
/// </summary>
public sealed class BatchingChatClient : DelegatingChatClient
{
    private readonly BatchExecutor _executor;

    /// <summary>Initializes a new instance of the <see cref="BatchingChatClient"/> class.</summary>
    /// <param name="innerClient">The client this stage replaces for its requests (kept for <see cref="GetService"/>).</param>
    /// <param name="executor">The executor that queues and submits.</param>
    public BatchingChatClient(IChatClient innerClient, BatchExecutor executor)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
    }

    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _executor.ExecuteAsync(BatchRequest.From(messages, options), cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Batch APIs do not stream: call GetResponseAsync on a client with UseBatching(), or stream through a client without it.");

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(BatchExecutor) ? _executor : base.GetService(serviceType, serviceKey);
    }
}
