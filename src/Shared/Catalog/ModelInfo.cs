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
        /// Cost in USD of one call. <paramref name="cachedInputTokens"/> is the part of
        /// <paramref name="inputTokens"/> that was read from the prompt cache (the
        /// OpenAI / Microsoft.Extensions.AI convention: cached tokens are included in the
        /// input count). It is clamped to <paramref name="inputTokens"/>.
        /// </summary>
        /// <exception cref="ArgumentOutOfRangeException">A token count is negative.</exception>
        public decimal CostUsd(long inputTokens, long outputTokens, long cachedInputTokens = 0)
        {
            if (inputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inputTokens), "Token counts cannot be negative.");
            }

            if (outputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(outputTokens), "Token counts cannot be negative.");
            }

            if (cachedInputTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cachedInputTokens), "Token counts cannot be negative.");
            }

            long cached = cachedInputTokens > inputTokens ? inputTokens : cachedInputTokens;
            long uncached = inputTokens - cached;
            decimal total = (uncached * InputPerMillion) + (cached * CachedInputPerMillion) + (outputTokens * OutputPerMillion);
            return total / TokensPerMillion;
        }

        public override string ToString() => Id;
    }
}
