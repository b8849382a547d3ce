using Microsoft.Extensions.Logging;

namespace LlmLint.PromptCaching;

internal static partial class PromptCachingLog
{
    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "Prompt caching: {Provider} request to {Model}, static prefix of about {PrefixTokens} tokens, minimum {MinTokens}: {Action}")]
    public static partial void Planned(ILogger logger, string provider, string? model, int prefixTokens, int minTokens, string action);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Prompt caching is off for {Provider}: its SDK could not be used ({Reason}); requests pass through unchanged")]
    public static partial void ProviderUnavailable(ILogger logger, string provider, string reason, Exception exception);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Warning, Message = "Prompt caching: no minimum cacheable prefix is known for model '{Model}'; set PromptCachingOptions.MinPrefixTokens or the catalog's minCacheableTokens. Requests pass through unchanged")]
    public static partial void UnknownMinimum(ILogger logger, string model);
}
