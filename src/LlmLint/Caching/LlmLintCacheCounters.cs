using System.Diagnostics.Metrics;

namespace LlmLint.Caching;

/// <summary>Process-wide cache counters, also published on the <c>LlmLint</c> meter.</summary>
public static class LlmLintCacheCounters
{
    private static long s_storeBypasses;

    /// <summary>Gets the number of store operations that failed or timed out and were bypassed, across all caching clients.</summary>
    public static long StoreBypasses => Interlocked.Read(ref s_storeBypasses);

    internal static void OnStoreBypass(string operation)
    {
        Interlocked.Increment(ref s_storeBypasses);
        Metering.LlmLintMetrics.StoreBypass.Add(1, new System.Collections.Generic.KeyValuePair<string, object?>("llmlint.cache.operation", operation));
    }
}
