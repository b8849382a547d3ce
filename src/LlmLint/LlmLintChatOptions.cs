using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmLint;

/// <summary>
/// The <see cref="ChatOptions.AdditionalProperties"/> keys LlmLint's stages read from requests and write on responses,
/// and extension methods that set them.
/// </summary>
/// <remarks>Keys starting with <c>llmlint.</c> are never part of the cache key except <see cref="Tenant"/> and <see cref="CacheKeyExtra"/>, and are not meant for providers.</remarks>
public static class LlmLintChatOptions
{
    /// <summary>Request: the <see cref="LlmLint.Tier"/> that answers. Response: the tier that answered.</summary>
    public const string Tier = "llmlint.tier";

    /// <summary>Request: the tenant/partition (a string) that overrides the tenant provider.</summary>
    public const string Tenant = "llmlint.tenant";

    /// <summary>Request: <see langword="true"/> to neither read nor write the cache.</summary>
    public const string CacheBypass = "llmlint.cache.bypass";

    /// <summary>Request: <see langword="true"/> to skip the cache read but store the fresh answer.</summary>
    public const string CacheRefresh = "llmlint.cache.refresh";

    /// <summary>Request: a <see cref="TimeSpan"/> time to live for the answer.</summary>
    public const string CacheTtl = "llmlint.cache.ttl";

    /// <summary>Request: an extra string that is part of the cache key (for example normalised arguments).</summary>
    public const string CacheKeyExtra = "llmlint.cache.key";

    /// <summary>Request: the function or call-site identity that tags metrics and ledger records.</summary>
    public const string FunctionId = "llmlint.function";

    /// <summary>Response: <see langword="true"/> when the exact cache served the answer.</summary>
    public const string CacheHit = "llmlint.cache.hit";

    /// <summary>Response: the <see cref="Cascade.CascadeDecision"/> list of a cascade, in order.</summary>
    public const string CascadeDecisions = "llmlint.cascade.decisions";

    /// <summary>Response: <see langword="true"/> when a cascade or validator accepted the answer, <see langword="false"/> when none did.</summary>
    public const string Accepted = "llmlint.accepted";

    /// <summary>Response: the cost in USD (<see cref="decimal"/>) of the call, absent when the model's price is unknown.</summary>
    public const string CostUsd = "llmlint.cost";

    /// <summary>Response: the ledger id (<see cref="Guid"/>) of the call, for <see cref="Metering.ICostLedger.MarkSucceededAsync"/>.</summary>
    public const string CallId = "llmlint.call_id";

    /// <summary>Response: the cascade stage index (an <see cref="int"/>) that produced the answer.</summary>
    public const string CascadeStage = "llmlint.cascade.stage";

    internal const string Metered = "llmlint.metered";

    /// <summary>Sets the tier that answers the request.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tier">The tier.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithTier(this ChatOptions options, Tier tier) => Set(options, Tier, tier);

    /// <summary>Sets the tenant/partition of the request, overriding the tenant provider.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="tenant">The tenant.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithTenant(this ChatOptions options, string tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return Set(options, Tenant, tenant);
    }

    /// <summary>Makes the request neither read nor write the cache.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheBypass(this ChatOptions options) => Set(options, CacheBypass, true);

    /// <summary>Makes the request skip the cache read and store its fresh answer.</summary>
    /// <param name="options">The options to change.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheRefresh(this ChatOptions options) => Set(options, CacheRefresh, true);

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

        return Set(options, CacheTtl, ttl);
    }

    /// <summary>Adds an extra value to the request's cache key.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="keyValue">The value.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithCacheKey(this ChatOptions options, string keyValue)
    {
        ArgumentNullException.ThrowIfNull(keyValue);
        return Set(options, CacheKeyExtra, keyValue);
    }

    /// <summary>Sets the function or call-site identity that tags metrics.</summary>
    /// <param name="options">The options to change.</param>
    /// <param name="functionId">The identity.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static ChatOptions WithFunctionId(this ChatOptions options, string functionId)
    {
        ArgumentNullException.ThrowIfNull(functionId);
        return Set(options, FunctionId, functionId);
    }

    /// <summary>Gets the cascade decisions recorded on a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The decisions, or an empty list.</returns>
    public static IReadOnlyList<Cascade.CascadeDecision> GetCascadeDecisions(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(CascadeDecisions, out object? v) == true && v is IReadOnlyList<Cascade.CascadeDecision> list
            ? list
            : Array.Empty<Cascade.CascadeDecision>();
    }

    /// <summary>Gets a value indicating whether the exact cache served a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns><see langword="true"/> for a cache hit.</returns>
    public static bool IsCacheHit(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(CacheHit, out object? v) == true && v is true;
    }

    internal static T? Get<T>(ChatOptions? options, string key)
    {
        if (options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? value) && value is T t)
        {
            return t;
        }

        return default;
    }

    internal static bool TryGet<T>(ChatOptions? options, string key, out T value)
    {
        if (options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? raw) && raw is T t)
        {
            value = t;
            return true;
        }

        value = default!;
        return false;
    }

    internal static bool IsTrue(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? v) && v is true;

    private static ChatOptions Set(ChatOptions options, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= new AdditionalPropertiesDictionary())[key] = value;
        return options;
    }
}
