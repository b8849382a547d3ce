using Microsoft.Extensions.Logging;

namespace LlmLint.Batching;

internal static partial class BatchingLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Batching: submitted {Provider} batch {BatchId} with {Requests} requests")]
    public static partial void Submitted(ILogger logger, string provider, string batchId, int requests);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Information, Message = "Batching: {Provider} batch {BatchId} ended; {Requests} requests finished")]
    public static partial void Finished(ILogger logger, string provider, string batchId, int requests);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Batching: a {Provider} or queue call failed; it is tried again after the retry delay")]
    public static partial void RoundFailed(ILogger logger, string provider, Exception exception);
}
