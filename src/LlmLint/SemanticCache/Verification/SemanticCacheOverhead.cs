using LlmLint.Metering;

namespace LlmLint.SemanticCache.Verification;

/// <summary>
/// How the model calls the semantic cache makes for itself (shadow checks, judge verdicts) are tagged, so that their cost is
/// attributed to the cache and not to the function whose request caused them: <see cref="LlmLintPropertyKeys.FunctionId"/>
/// (the <c>llmlint.function</c> tag of the <c>llmlint.cost</c> metric and the ledger's function id) names the overhead, and
/// <see cref="OverheadOfProperty"/> keeps the function it was for.
/// </summary>
public static class SemanticCacheOverhead
{
    /// <summary>The function id of shadow checks (a cache hit asked upstream again to verify it).</summary>
    public const string ShadowCheckFunction = "llmlint.semantic_cache.shadow_check";

    /// <summary>The function id of the small-tier judge's verdicts.</summary>
    public const string JudgeFunction = "llmlint.semantic_cache.judge";

    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key of the function whose lookup caused the overhead call.</summary>
    public const string OverheadOfProperty = "llmlint.semantic_cache.overhead_of";

    /// <summary>Builds the options of an overhead call: a copy of the caller's options (or new ones), tagged and past the exact cache.</summary>
    /// <param name="original">The options of the request that caused the call, or <see langword="null"/>.</param>
    /// <param name="function">The overhead's function id.</param>
    /// <returns>The options.</returns>
    internal static ChatOptions OptionsFor(ChatOptions? original, string function)
    {
        ChatOptions options = original?.Clone() ?? new ChatOptions();
        options.AdditionalProperties = options.AdditionalProperties is { } props ? new AdditionalPropertiesDictionary(props) : new AdditionalPropertiesDictionary();
        if (original?.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.FunctionId, out object? of) == true && of is string caller)
        {
            options.AdditionalProperties[OverheadOfProperty] = caller;
        }

        options.AdditionalProperties[LlmLintPropertyKeys.FunctionId] = function;
        options.AdditionalProperties[LlmLintPropertyKeys.CacheBypass] = true;
        return options;
    }

    /// <summary>Wraps an overhead client in cost metering (a response metered further in is not metered twice).</summary>
    /// <param name="client">The client the overhead calls go to.</param>
    /// <param name="ledger">The ledger that receives a record per call, or <see langword="null"/>.</param>
    /// <param name="calculator">The prices, or <see langword="null"/> for the catalog's.</param>
    /// <param name="tier">The tier of the client, when known.</param>
    /// <returns>The metered client.</returns>
    internal static IChatClient Metered(IChatClient client, ICostLedger? ledger, CostCalculator? calculator, Tier? tier)
        => new CostMeteringChatClient(client, new CostMeteringOptions { Ledger = ledger, Calculator = calculator, Tier = tier });

    /// <summary>Reads the metered cost of an overhead response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>Its cost in USD, or <see langword="null"/> when the price is unknown.</returns>
    internal static decimal? CostOf(ChatResponse response)
        => response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CostUsd, out object? cost) == true && cost is decimal usd ? usd : null;
}
