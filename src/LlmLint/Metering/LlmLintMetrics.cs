using System.Diagnostics.Metrics;

namespace LlmLint.Metering;

/// <summary>
/// The <c>LlmLint</c> meter. Instruments: <c>llmlint.cost</c> (histogram, USD), <c>llmlint.saved</c> (counter, USD, tagged
/// <see cref="SavedSourceTag"/>), <c>llmlint.cost.unknown</c> (counter of calls whose
/// model has no price) and <c>llmlint.cache.store_bypass</c> (counter). Cost instruments carry <c>llmlint.function</c>,
/// <c>llmlint.tier</c>, <c>gen_ai.request.model</c>/<c>gen_ai.response.model</c>, <c>llmlint.cache</c> (<c>hit</c>/<c>miss</c>) and
/// <c>llmlint.cascade.stage</c>. The <c>gen_ai.client.*</c> instruments (token usage, operation duration) are not here: they
/// come from Microsoft.Extensions.AI's <c>OpenTelemetryChatClient</c> (<c>UseOpenTelemetry</c>), and one instrument name is
/// published by one meter only.
/// </summary>
public static class LlmLintMetrics
{
    /// <summary>The meter name to subscribe to (for example <c>AddMeter("LlmLint")</c> in OpenTelemetry).</summary>
    public const string MeterName = "LlmLint";

    /// <summary>The tag on <c>llmlint.saved</c> that says where a saving came from.</summary>
    public const string SavedSourceTag = "llmlint.saved.source";

    /// <summary><see cref="SavedSourceTag"/> of a saving by an answer served from LlmLint's own cache (exact or semantic).</summary>
    public const string SavedByResponseCache = "response cache";

    /// <summary><see cref="SavedSourceTag"/> of a saving by a model cheaper than the baseline model.</summary>
    public const string SavedByModel = "model";

    /// <summary><see cref="SavedSourceTag"/> of a saving by the provider's prompt cache (input read at the cached-input price).</summary>
    public const string SavedByPromptCache = "prompt cache";

    /// <summary><see cref="SavedSourceTag"/> of a saving by a provider's batch API (the call priced at the model's batch discount).</summary>
    public const string SavedByBatch = "batch";

    internal static readonly Meter Meter = new(MeterName, "1.0");

    internal static readonly Histogram<double> Cost = Meter.CreateHistogram<double>(
        "llmlint.cost", "USD", "Cost of a chat call from its token usage and the model catalog's prices");

    internal static readonly Counter<double> Saved = Meter.CreateCounter<double>(
        "llmlint.saved", "USD", "Cost avoided by a cache hit or a cheaper tier against the baseline model, or by the provider's prompt cache");

    internal static readonly Counter<long> UnknownCost = Meter.CreateCounter<long>(
        "llmlint.cost.unknown", "{call}", "Calls whose model has no price in the catalog");

    internal static readonly Counter<long> StoreBypass = Meter.CreateCounter<long>(
        "llmlint.cache.store_bypass", "{operation}", "Cache store operations bypassed after a failure or timeout");
}
