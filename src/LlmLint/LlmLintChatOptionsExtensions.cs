namespace LlmLint;

/// <summary>Sets the request properties LlmLint's stages read (<see cref="LlmLintPropertyKeys"/>) on <see cref="ChatOptions"/>.</summary>
public static class LlmLintChatOptionsExtensions
{
    /// <summary>Sets the tier that answers the request.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tier">The tier.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithTier(this ChatOptions options, Tier tier) => Set(options, LlmLintPropertyKeys.Tier, tier);

    /// <summary>Sets the tenant/partition of the request, overriding the tenant provider.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tenant">The tenant.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithTenant(this ChatOptions options, string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Set(options, LlmLintPropertyKeys.Tenant, tenant);
    }

    /// <summary>
    /// Lets the request wait for a provider batch: a <c>UseBatching(executor, markedOnly: true)</c> stage sends it to the
    /// provider's batch API at the batch price and completes the call when the batch ends (minutes to hours). A pipeline
    /// without such a stage answers it as any other request.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithBatch(this ChatOptions options) => Set(options, LlmLintPropertyKeys.Batch, true);

    /// <summary>Makes the request neither read nor write the cache.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheBypass(this ChatOptions options) => Set(options, LlmLintPropertyKeys.CacheBypass, true);

    /// <summary>Makes the request skip the cache read and store its fresh answer.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheRefresh(this ChatOptions options) => Set(options, LlmLintPropertyKeys.CacheRefresh, true);

    /// <summary>Sets the time to live of the request's cached answer.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="ttl">The time to live; positive.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheTtl(this ChatOptions options, TimeSpan ttl)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ttl), ttl, "The time to live must be positive.");
        }

        return Set(options, LlmLintPropertyKeys.CacheTtl, ttl);
    }

    /// <summary>Adds an extra value to the request's cache key.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="keyValue">The value.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheKey(this ChatOptions options, string keyValue)
    {
        ArgumentNullException.ThrowIfNull(keyValue);
        return Set(options, LlmLintPropertyKeys.CacheKeyExtra, keyValue);
    }

    /// <summary>
    /// Sets a cache key value that identifies the request completely (as a typed call's function id, template hash and
    /// normalised arguments do): the messages are left out of the cache key.
    /// </summary>
    /// <param name="options">The options to change.</param>
    /// <param name="keyValue">The key value.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheKeyOnly(this ChatOptions options, string keyValue)
    {
        ArgumentNullException.ThrowIfNull(keyValue);
        return Set(Set(options, LlmLintPropertyKeys.CacheKeyExtra, keyValue), LlmLintPropertyKeys.CacheKeyOnly, true);
    }

    /// <summary>Sets the function or call-site identity that tags metrics.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="functionId">The identity.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithFunctionId(this ChatOptions options, string functionId)
    {
        ArgumentNullException.ThrowIfNull(functionId);
        return Set(options, LlmLintPropertyKeys.FunctionId, functionId);
    }

    private static ChatOptions Set(ChatOptions options, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[key] = value;
        return options;
    }
}
