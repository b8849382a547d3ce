using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Cascade;

/// <summary>Adds <see cref="CascadeChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class CascadeChatClientBuilderExtensions
{
    /// <summary>
    /// Adds a cascade whose first stage is the pipeline's inner client and whose later stages are added by <paramref name="configure"/>
    /// (<see cref="CascadeOptions.AddStage"/>).
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">Adds stages and sets options.</param>
    /// <param name="innerModelId">The model id of the inner client.</param>
    /// <param name="innerScorer">The scorer of the first stage.</param>
    /// <param name="innerThreshold">The threshold of the first stage.</param>
    /// <param name="innerTier">The tier of the first stage.</param>
    /// <param name="loggerFactory">The logger factory; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseCascade(this ChatClientBuilder builder, Action<CascadeOptions> configure, string? innerModelId = null, ICascadeScorer? innerScorer = null, double? innerThreshold = null, Tier? innerTier = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        return builder.Use((inner, services) =>
        {
            var options = new CascadeOptions();
            configure(options);
            var stages = new List<CascadeStage>(options.Stages.Count + 1)
            {
                new(inner, innerModelId, innerTier) { Scorer = innerScorer, Threshold = innerThreshold },
            };
            stages.AddRange(options.Stages);
            return new CascadeChatClient(stages, options, (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger(typeof(CascadeChatClient)));
        });
    }
}
