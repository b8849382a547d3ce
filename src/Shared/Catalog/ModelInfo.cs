#nullable enable

using System;
using System.Collections.Generic;

namespace LlmLint.Catalog
{
    /// <summary>One entry of the model catalog: identity, tier, prices and lifecycle.</summary>
    internal sealed class ModelInfo
    {
        private const decimal TokensPerMillion = 1000000m;

        public ModelInfo(
            string id,
            IReadOnlyList<string> aliases,
            string provider,
            ModelTier tier,
            decimal inputPerMillion,
            decimal cachedInputPerMillion,
            decimal outputPerMillion,
            double batchDiscount,
            int contextWindow,
            ModelStatus status,
            string? successor,
            string priceSource,
            string priceDate)
        {
            Id = id ?? throw new ArgumentNullException(nameof(id));
            Aliases = aliases ?? throw new ArgumentNullException(nameof(aliases));
            Provider = provider ?? throw new ArgumentNullException(nameof(provider));
            Tier = tier;
            InputPerMillion = inputPerMillion;
            CachedInputPerMillion = cachedInputPerMillion;
            OutputPerMillion = outputPerMillion;
            BatchDiscount = batchDiscount;
            ContextWindow = contextWindow;
            Status = status;
            Successor = successor;
            PriceSource = priceSource ?? throw new ArgumentNullException(nameof(priceSource));
            PriceDate = priceDate ?? throw new ArgumentNullException(nameof(priceDate));
        }

        /// <summary>Canonical id, e.g. <c>gpt-4o</c>.</summary>
        public string Id { get; }

        /// <summary>Other spellings that resolve to this entry (snapshots, deployment names, provider-prefixed forms, local tags).</summary>
        public IReadOnlyList<string> Aliases { get; }

        /// <summary><c>openai</c>, <c>anthropic</c>, <c>google</c>, <c>mistral</c>, <c>deepseek</c>, <c>local</c>, or a user-defined provider.</summary>
        public string Provider { get; }

        public ModelTier Tier { get; }

        /// <summary>USD per 1M uncached input tokens.</summary>
        public decimal InputPerMillion { get; }

        /// <summary>USD per 1M input tokens served from the provider's prompt cache.</summary>
        public decimal CachedInputPerMillion { get; }

        /// <summary>
        /// USD per 1M input tokens written to the provider's prompt cache (Anthropic: 1.25 × input for a 5-minute cache), or
        /// null where the provider charges no write premium (cache writes are then billed as ordinary input).
        /// </summary>
        public decimal? CacheWritePerMillion { get; internal set; }

        /// <summary>
        /// The shortest prompt prefix, in tokens, the provider caches (Anthropic: 1,024 for Sonnet/Opus-class, 2,048 for
        /// Haiku-class; OpenAI: 1,024), or null when the catalog does not know or the model has no prompt cache.
        /// </summary>
        public int? MinCacheableTokens { get; internal set; }

        /// <summary>USD per 1M input tokens written to the prompt cache: <see cref="CacheWritePerMillion"/>, else the input price.</summary>
        public decimal EffectiveCacheWritePerMillion => CacheWritePerMillion ?? InputPerMillion;

        /// <summary>USD per 1M output tokens (reasoning tokens are billed as output).</summary>
        public decimal OutputPerMillion { get; }

        /// <summary>Fraction taken off both prices by the provider's batch API (0.5 = half price; 0 = no batch discount).</summary>
        public double BatchDiscount { get; }

        /// <summary>Maximum context length in tokens.</summary>
        public int ContextWindow { get; }

        public ModelStatus Status { get; }

        /// <summary>Recommended replacement id; always set when <see cref="Status"/> is <see cref="ModelStatus.Retired"/>.</summary>
        public string? Successor { get; }

        /// <summary>URL or document name of the price list the prices were taken from.</summary>
        public string PriceSource { get; }

        /// <summary>Date the prices were checked, <c>YYYY-MM-DD</c>.</summary>
        public string PriceDate { get; }

        /// <summary>Whether the model is self-hosted (provider <c>local</c>), i.e. has no per-token charge.</summary>
        public bool IsLocal => string.Equals(Provider, "local", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Cost in USD of one call. <paramref name="cachedInputTokens"/> (read from the prompt cache) and
        /// <paramref name="cacheWriteInputTokens"/> (written to it) are parts of <paramref name="inputTokens"/> (the
        /// Microsoft.Extensions.AI convention: input counts every input token); together they are clamped to it.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A token count is negative.</exception>
        public decimal CostUsd(long inputTokens, long outputTokens, long cachedInputTokens = 0, long cacheWriteInputTokens = 0)
        {
            ThrowIfNegative(inputTokens, nameof(inputTokens));
            ThrowIfNegative(outputTokens, nameof(outputTokens));
            ThrowIfNegative(cachedInputTokens, nameof(cachedInputTokens));
            ThrowIfNegative(cacheWriteInputTokens, nameof(cacheWriteInputTokens));

            long cached = cachedInputTokens > inputTokens ? inputTokens : cachedInputTokens;
            long written = cacheWriteInputTokens > inputTokens - cached ? inputTokens - cached : cacheWriteInputTokens;
            long uncached = inputTokens - cached - written;
            decimal total = (uncached * InputPerMillion) + (cached * CachedInputPerMillion) + (written * EffectiveCacheWritePerMillion)
                + (outputTokens * OutputPerMillion);
            return total / TokensPerMillion;
        }

        private static void ThrowIfNegative(long tokens, string name)
        {
            if (tokens < 0)
            {
                throw new ArgumentOutOfRangeException(name, "Token counts cannot be negative.");
            }
        }

        public override string ToString() => Id;
    }
}
