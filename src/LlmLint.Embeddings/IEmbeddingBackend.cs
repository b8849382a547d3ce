namespace LlmLint.Embeddings;

/// <summary>
/// Computes sentence embeddings from token ids. <see cref="UseLiteCpuBackend"/> is the default; a GPU backend
/// implements this interface (see docs/embeddings.md).
/// </summary>
public interface IEmbeddingBackend
{
    /// <summary>The width of one embedding.</summary>
    int Dimensions { get; }

    /// <summary>The most tokens of one text the network reads; later tokens are ignored.</summary>
    int MaxTokens { get; }

    /// <summary>
    /// Embeds a batch: text <c>i</c> is <c>tokens[offsets[i]..offsets[i + 1])</c> (already truncated to
    /// <see cref="MaxTokens"/>), and its embedding is written to <c>destination[i * Dimensions..]</c>.
    /// </summary>
    /// <param name="tokens">The token ids of all texts, concatenated.</param>
    /// <param name="offsets">One more offset than there are texts.</param>
    /// <param name="destination">Room for <c>(offsets.Length - 1) * Dimensions</c> values.</param>
    /// <param name="parallelKernels">Whether one product may use several threads (for a lone text).</param>
    void Embed(ReadOnlySpan<int> tokens, ReadOnlySpan<int> offsets, Span<float> destination, bool parallelKernels);
}
