using System;
using Microsoft.Extensions.Logging;

namespace LlmLint.Caching;

internal static partial class CacheLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "The cache store failed during {Operation} and was bypassed for this call")]
    public static partial void StoreFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "The cache store did not answer {Operation} within {TimeoutMs} ms and was bypassed for this call")]
    public static partial void StoreTimedOut(ILogger logger, string operation, double timeoutMs);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "A cached answer could not be read and was ignored")]
    public static partial void EntryUnreadable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Cache {Result} for key {Key}")]
    public static partial void Lookup(ILogger logger, string result, string key);
}
