namespace LlmLint.Batching;

/// <summary>A batched request that the provider did not answer: a per-request error, an expired or failed batch.</summary>
public sealed class BatchRequestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="BatchRequestException"/> class.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="message">What the provider reported.</param>
    public BatchRequestException(string requestId, string message)
        : base(message) => RequestId = requestId;

    /// <summary>Initializes a new instance of the <see cref="BatchRequestException"/> class.</summary>
    /// <param name="requestId">The request id.</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public BatchRequestException(string requestId, string message, Exception innerException)
        : base(message, innerException) => RequestId = requestId;

    /// <summary>Initializes a new instance of the <see cref="BatchRequestException"/> class.</summary>
    public BatchRequestException()
        : this(string.Empty, "A batched request failed.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BatchRequestException"/> class.</summary>
    /// <param name="message">The message.</param>
    public BatchRequestException(string message)
        : this(string.Empty, message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BatchRequestException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BatchRequestException(string message, Exception innerException)
        : base(message, innerException) => RequestId = string.Empty;

    /// <summary>Gets the request id.</summary>
    public string RequestId { get; }
}
