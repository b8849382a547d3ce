using Microsoft.Extensions.Logging;

namespace LlmLint.Caching;

internal static partial class CacheLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The cache store failed during {Operation} and was bypassed for this call")]
    public static partial void StoreFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The cache store did not answer {Operation} within {TimeoutMs} ms and was bypassed for this call")]
    public static partial void StoreTimedOut(ILogger logger, string operation, double timeoutMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "The cached answer under key {Key} could not be read (bad JSON, role or finish reason, no content, or another protection key); it was skipped and removed")]
    public static partial void EntryUnreadable(ILogger logger, string key);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Cache {Result} for key {Key}")]
    public static partial void Lookup(ILogger logger, string result, string key);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "No answer from the process leading key {Key} within the flight wait; calling upstream")]
    public static partial void FlightWaitExpired(ILogger logger, string key);
}
