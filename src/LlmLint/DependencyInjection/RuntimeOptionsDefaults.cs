using LlmLint.Caching;
using LlmLint.Metering;

namespace LlmLint.DependencyInjection;

/// <summary>
/// Derives a stage's options from the <see cref="LlmRuntimeOptions"/> that <c>AddLlmLint</c> configured, so the runtime's own
/// clients and the stages an app chains with <c>UseLlmLintCache</c>/<c>UseCostMetering</c> share one configuration.
/// </summary>
internal static class RuntimeOptionsDefaults
{
    /// <summary>Copies the exact-cache options (the copy is the stage's own: configuring it leaves the source alone).</summary>
    /// <param name="runtime">The runtime options, or <see langword="null"/> for defaults.</param>
    /// <param name="modelId">The model id of the stage, or <see langword="null"/> to keep the configured one.</param>
    /// <returns>The copy.</returns>
    public static LlmLintCacheOptions CacheOptions(LlmRuntimeOptions? runtime, string? modelId = null)
    {
        if (runtime is null)
        {
            return new LlmLintCacheOptions { ModelId = modelId };
        }

        LlmLintCacheOptions source = runtime.Cache;
        return new LlmLintCacheOptions
        {
            DefaultTtl = source.DefaultTtl,
            StoreTimeout = source.StoreTimeout,
            TenantProvider = source.TenantProvider,
            CacheStreaming = source.CacheStreaming,
            ShouldCache = source.ShouldCache,
            Partition = source.Partition,
            Protector = source.Protector,
            ModelId = modelId ?? source.ModelId,
        };
    }

    /// <summary>Creates metering options with the runtime's prices and baseline model.</summary>
    /// <param name="runtime">The runtime options, or <see langword="null"/> for defaults.</param>
    /// <param name="ledger">The ledger.</param>
    /// <returns>The options.</returns>
    public static CostMeteringOptions MeteringOptions(LlmRuntimeOptions? runtime, ICostLedger? ledger) => new()
    {
        Calculator = runtime?.Calculator,
        BaselineModelId = runtime?.BaselineModelId,
        Ledger = ledger,
    };
}
