using Microsoft.Extensions.Logging;

namespace LlmLint.Distillation;

internal static partial class DistillationLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Warning, Message = "The distillation store failed or timed out for {FunctionId}; the capture was bypassed")]
    public static partial void StoreBypassed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "The redaction hook failed for {FunctionId}; the capture was not stored")]
    public static partial void RedactionFailed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "The input of {FunctionId} could not be embedded; the call went to the teacher")]
    public static partial void EmbeddingFailed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "A shadow check of {FunctionId} failed and was skipped")]
    public static partial void ShadowFailed(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Warning, Message = "The student of {FunctionId} (version {Version}) is switched off: agreement lower bound {LowerBound}")]
    public static partial void SwitchedOff(ILogger logger, string functionId, int version, double lowerBound);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Information, Message = "The student of {FunctionId} (version {Version}) is retired: the template changed")]
    public static partial void Retired(ILogger logger, string functionId, int version);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Warning, Message = "The student model of {FunctionId} could not be read; the function stays with the teacher")]
    public static partial void ModelUnreadable(ILogger logger, string functionId, Exception exception);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Information, Message = "Student of {FunctionId} version {Version} installed (threshold {Threshold})")]
    public static partial void Installed(ILogger logger, string functionId, int version, float threshold);

    [LoggerMessage(EventId = 1509, Level = LogLevel.Warning, Message = "The retrain observer of {FunctionId} threw")]
    public static partial void ObserverFailed(ILogger logger, string functionId, Exception exception);
}
