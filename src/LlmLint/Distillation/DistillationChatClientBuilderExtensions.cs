using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmLint.Distillation;

/// <summary>Adds <see cref="DistillingChatClient"/> to a Microsoft.Extensions.AI <see cref="ChatClientBuilder"/>.</summary>
public static class DistillationChatClientBuilderExtensions
{
    /// <summary>
    /// Adds the distillation stage: requests whose function id (<see cref="LlmLintChatOptionsExtensions.WithFunctionId"/>) names one of
    /// <paramref name="functions"/> are answered by the function's student when it is confident, and the inner pipeline's valid
    /// answers are captured. Add it first (outermost).
    /// </summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="functions">The distilled functions.</param>
    /// <param name="distiller">The distiller; a registered <see cref="Distiller"/>, else a new one over the registered <see cref="DistillationOptions"/> (or defaults), when <see langword="null"/>.</param>
    /// <param name="loggerFactory">The logger factory of a new distiller; a registered one when <see langword="null"/>.</param>
    /// <returns><paramref name="builder"/>.</returns>
    public static ChatClientBuilder UseDistillation(this ChatClientBuilder builder, IEnumerable<DistilledFunction> functions, Distiller? distiller = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(functions);
        return builder.Use((inner, services) =>
        {
            Distiller resolved = distiller
                ?? services.GetService<Distiller>()
                ?? new Distiller(services.GetService<DistillationOptions>(), (loggerFactory ?? services.GetService<ILoggerFactory>())?.CreateLogger<Distiller>());
            return new DistillingChatClient(inner, resolved, functions);
        });
    }
}
