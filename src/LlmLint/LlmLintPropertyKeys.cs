namespace LlmLint;

/// <summary>
/// The keys of the <see cref="Microsoft.Extensions.AI.ChatOptions.AdditionalProperties"/> LlmLint's stages read from
/// requests, and of the <see cref="Microsoft.Extensions.AI.ChatResponse.AdditionalProperties"/> they write on responses.
/// <see cref="LlmLintChatOptionsExtensions"/> sets the request keys; <see cref="LlmLintChatResponseExtensions"/> reads the response keys.
/// </summary>
/// <remarks>Keys starting with <c>llmlint.</c> are never part of the cache key except <see cref="Tenant"/>, <see cref="CacheKeyExtra"/> and <see cref="CacheKeyOnly"/>, and are not meant for providers.</remarks>
public static class LlmLintPropertyKeys
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

    /// <summary>
    /// Request: <see langword="true"/> when <see cref="CacheKeyExtra"/> identifies the messages completely (a typed call's function
    /// id, template hash and normalised arguments), so the messages are left out of the cache key and arguments that differ only
    /// in whitespace share one answer. Ignored when <see cref="CacheKeyExtra"/> is not set.
    /// </summary>
    public const string CacheKeyOnly = "llmlint.cache.key_only";

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

    /// <summary>
    /// Request: <see langword="true"/> when the call may wait for a provider batch (a <c>[Batch]</c> function): a
    /// <c>UseBatching(executor, markedOnly: true)</c> stage sends only such requests to the batch API. Response:
    /// <see langword="true"/> when a provider's batch API answered; metering prices it at the model's batch rate.
    /// </summary>
    public const string Batch = "llmlint.batch";

    internal const string Metered = "llmlint.metered";
}
