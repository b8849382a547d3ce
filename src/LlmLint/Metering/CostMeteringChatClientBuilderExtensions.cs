using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Metering;

/// <summary>Adds <see cref="CostMeteringChatClient"/> to a <see cref="ChatClientPipeline"/>.</summary>
public static class CostMeteringChatClientBuilderExtensions
{
    /// <summary>Adds cost metering.</summary>
    /// <param name="builder">The pipeline.</param>
    /// <param name="configure">Configures the options (the ledger defaults to a registered <see cref="ICostLedger"/>).</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientPipeline UseCostMetering(this ChatClientPipeline builder, Action<CostMeteringOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Use((inner, services) =>
        {
            var options = new CostMeteringOptions { Ledger = services.GetService<ICostLedger>() };
            configure?.Invoke(options);
            ILogger? logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(CostMeteringChatClient));
            return new CostMeteringChatClient(inner, options, logger);
        });
    }
}
