using LlmLint.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Metering;

/// <summary>Adds <see cref="CostMeteringChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class CostMeteringChatClientBuilderExtensions
{
    /// <summary>
    /// Adds cost metering: <c>llmlint.cost</c>, <c>llmlint.saved</c> and a <see cref="CostRecord"/> per call. Token usage and
    /// duration are <c>UseOpenTelemetry</c>'s (<c>gen_ai.client.*</c>); this stage does not publish them. Services come from the
    /// provider the builder is built with: the ledger, and the prices and baseline model <c>AddLlmLint</c> configured.
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">Configures the options (the ledger defaults to a registered <see cref="ICostLedger"/>).</param>
    /// <param name="loggerFactory">The logger factory; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseCostMetering(this ChatClientBuilder builder, Action<CostMeteringOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            CostMeteringOptions options = RuntimeOptionsDefaults.MeteringOptions(services.GetService<LlmRuntimeOptions>(), services.GetService<ICostLedger>());
            configure?.Invoke(options);
            ILogger? logger = (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger(typeof(CostMeteringChatClient));
            return new CostMeteringChatClient(inner, options, logger);
        });
    }
}
