using LlmLint.Caching;
using LlmLint.Cascade;
using LlmLint.Metering;

namespace LlmLint.DependencyInjection;

/// <summary>Options of <see cref="LlmRuntime"/>.</summary>
public sealed class LlmRuntimeOptions
{
    /// <summary>Gets the exact-cache options (TTL, store timeout, tenant provider, partition).</summary>
    public LlmLintCacheOptions Cache { get; } = new();

    /// <summary>
    /// Gets or sets the semantic-cache options of typed calls whose <see cref="LlmCachePolicy.Semantic"/> is set; <see langword="null"/>
    /// (the default) leaves the semantic cache off. The tenant provider defaults to <see cref="LlmLintCacheOptions.TenantProvider"/>.
    /// </summary>
    public SemanticCache.SemanticCacheOptions? SemanticCache { get; set; }

    /// <summary>
    /// Gets or sets the distillation of typed calls whose function has <see cref="DistillAttribute"/>; <see langword="null"/> (the
    /// default) leaves distillation off. See <see cref="LlmLint.Distillation.Distiller"/>.
    /// </summary>
    public Distillation.DistillationOptions? Distillation { get; set; }

    /// <summary>Gets or sets what a faulting cascade stage does.</summary>
    public CascadeFaultBehavior OnFault { get; set; } = CascadeFaultBehavior.Escalate;

    /// <summary>Gets or sets the time a cascade stage may take before it counts as a fault.</summary>
    public TimeSpan? StageTimeout { get; set; }

    /// <summary>Gets or sets the observer of every cascade decision.</summary>
    public Action<CascadeDecision>? OnCascadeDecision { get; set; }

    /// <summary>Gets or sets the model every call is compared with for <c>llmlint.saved</c>.</summary>
    public string? BaselineModelId { get; set; }

    /// <summary>Gets or sets the prices; <see cref="CostCalculator.Default"/> when <see langword="null"/>.</summary>
    public CostCalculator? Calculator { get; set; }
}
