namespace LlmLint.Batching;

/// <summary>Where a queued request stands.</summary>
public enum BatchItemState
{
    /// <summary>Accepted and stored, not yet sent to the provider.</summary>
    Queued = 0,

    /// <summary>Sent in a provider batch that has not finished.</summary>
    Submitted = 1,

    /// <summary>Finished (an answer or an error), not yet handed to its caller or the completion callback.</summary>
    Finished = 2,

    /// <summary>Handed over; kept until the queue prunes it.</summary>
    Delivered = 3,
}
