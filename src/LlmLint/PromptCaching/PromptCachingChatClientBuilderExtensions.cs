using LlmLint.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.PromptCaching;

/// <summary>Adds <see cref="PromptCachingChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class PromptCachingChatClientBuilderExtensions
{
    /// <summary>
    /// Adds prompt caching: Anthropic <c>cache_control</c> breakpoints after the static prefix, OpenAI's static content first and
    /// <c>prompt_cache_key</c>. Add it last (innermost, next to the provider client). The prices and catalog come from the
    /// options <c>AddLlmLint</c> configured when registered.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <param name="loggerFactory">The logger factory; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UsePromptCaching(this ChatClientBuilder builder, Action<PromptCachingOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new PromptCachingOptions { Calculator = services.GetService<LlmRuntimeOptions>()?.Calculator };
            configure?.Invoke(options);
            ILogger? logger = (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger(typeof(PromptCachingChatClient));
            return new PromptCachingChatClient(inner, options, logger);
        });
    }
}
