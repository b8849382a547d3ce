using Microsoft.Extensions.Logging;

namespace LlmLint.Metering;

internal static partial class MeteringLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Model '{ModelId}' has no price in the model catalog; its calls are costed as unknown (add it with a catalog override)")]
    public static partial void UnknownModel(ILogger logger, string modelId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The cost ledger failed to record a call and was bypassed")]
    public static partial void LedgerFailed(ILogger logger, Exception exception);
}
