using System.Threading.Tasks;

namespace LlmLint.Batching;

/// <summary>
/// A stage for code that can wait: requests go to the provider's batch API through a <see cref="BatchExecutor"/> (at the
/// batch price) and the call completes when its batch has ended — minutes to hours, not seconds. Every request, or with
/// <c>markedOnly</c> only those marked <see cref="LlmLintPropertyKeys.Batch"/> (<c>[Batch]</c> functions; the others go to
/// the inner client unchanged). Text requests, optionally with a JSON response format; a request with tools or images is
/// refused with <see cref="NotSupportedException"/> naming what it carries. Batch APIs do not stream: a streaming request
/// that would be batched is refused too.
/// </summary>
public sealed class BatchingChatClient : DelegatingChatClient
{
    private readonly BatchExecutor _executor;
    private readonly bool _markedOnly;

    /// <summary>Initializes a new instance of the <see cref="BatchingChatClient"/> class.</summary>
    /// <param name="innerClient">The client of the requests that are not batched.</param>
    /// <param name="executor">The executor that queues and submits.</param>
    /// <param name="markedOnly"><see langword="true"/> to batch only requests marked <see cref="LlmLintPropertyKeys.Batch"/>.</param>
    public BatchingChatClient(IChatClient innerClient, BatchExecutor executor, bool markedOnly = false)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(executor);
        _executor = executor;
        _markedOnly = markedOnly;
    }

    /// <inheritdoc/>
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return Batched(options)
            ? _executor.ExecuteAsync(BatchRequest.From(messages, options), cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Batched(options)
            ? throw new NotSupportedException("Batch APIs do not stream: call GetResponseAsync on a client with UseBatching(), or stream through a client without it.")
            : base.GetStreamingResponseAsync(messages, options, cancellationToken);

    private bool Batched(ChatOptions? options) => !_markedOnly || ChatOptionsProperties.IsTrue(options, LlmLintPropertyKeys.Batch);

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType == typeof(BatchExecutor) ? _executor : base.GetService(serviceType, serviceKey);
    }
}
