using LlmLint.Catalog;
using Microsoft.ML.Tokenizers;

namespace LlmLint.Metering;

/// <summary>
/// Counts the tokens of a text with the model's tokenizer where the provider reports none: tiktoken's <c>cl100k_base</c>
/// for the GPT-4 / GPT-3.5 generation and the first embedding models, <c>o200k_base</c> for current OpenAI models, and
/// <c>o200k_base</c> as the documented approximation for providers without a public tokenizer (Anthropic, Google,
/// Mistral, open models; see docs/runtime.md). Microsoft.ML.Tokenizers' <see cref="TiktokenTokenizer"/> does the count.
/// </summary>
/// <remarks>A tokenizer that cannot load falls back to the in-compiler estimate (about ±6%); counting never throws.</remarks>
public static class TokenCounter
{
    private static readonly Lazy<Tokenizer?> O200k = new(() => Load("o200k_base"));
    private static readonly Lazy<Tokenizer?> Cl100k = new(() => Load("cl100k_base"));

    /// <summary>Counts the tokens of <paramref name="text"/> for <paramref name="modelId"/> (null: a current model).</summary>
    /// <param name="text">The text; <see langword="null"/> or empty counts 0.</param>
    /// <param name="modelId">The model whose tokenizer counts, or <see langword="null"/> for a current model.</param>
    /// <returns>The number of tokens.</returns>
    public static int Count(string? text, string? modelId = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        Tokenizer? tokenizer = EncodingOf(modelId) == "cl100k_base" ? Cl100k.Value : O200k.Value;
        return tokenizer?.CountTokens(text) ?? TokenEstimator.Estimate(text);
    }

    /// <summary>Loads the tokenizer of <paramref name="modelId"/> now (its vocabulary takes a moment to read), so that the first count is quick.</summary>
    /// <param name="modelId">The model, or <see langword="null"/> for a current model.</param>
    public static void Prepare(string? modelId) => _ = EncodingOf(modelId) == "cl100k_base" ? Cl100k.Value : O200k.Value;

    /// <summary>The tiktoken encoding used for <paramref name="modelId"/>.</summary>
    /// <param name="modelId">The model, or <see langword="null"/> for a current model.</param>
    /// <returns><c>cl100k_base</c> or <c>o200k_base</c>.</returns>
    public static string EncodingOf(string? modelId)
    {
        if (modelId is null)
        {
            return "o200k_base";
        }

        ReadOnlySpan<char> id = modelId.AsSpan().Trim();
        int slash = id.LastIndexOf('/');
        if (slash >= 0)
        {
            id = id.Slice(slash + 1); // "openai/gpt-4" as gateways spell it
        }

        bool gpt4 = id.StartsWith("gpt-4", StringComparison.OrdinalIgnoreCase)
            && !id.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase)
            && !id.StartsWith("gpt-4.", StringComparison.OrdinalIgnoreCase);
        return gpt4
            || id.StartsWith("gpt-3.5", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("gpt-35", StringComparison.OrdinalIgnoreCase)
            || id.StartsWith("text-embedding-", StringComparison.OrdinalIgnoreCase)
            ? "cl100k_base"
            : "o200k_base";
    }

    private static Tokenizer? Load(string encoding)
    {
        try
        {
            return TiktokenTokenizer.CreateForEncoding(encoding);
        }
        catch (Exception exception) when (exception is InvalidOperationException or ArgumentException or System.IO.IOException or NotSupportedException)
        {
            return null;
        }
    }
}
