namespace LlmLint.Embeddings;

/// <summary>Options of <see cref="LocalEmbeddingGenerator"/>.</summary>
public sealed class LocalEmbeddingOptions
{
    /// <summary>
    /// The folder holding <c>model.json</c>, its weight shards and <c>vocab.json</c>. When null the model is located by
    /// <see cref="EmbeddingModelLocator.Locate()"/> (the <c>LLMLINT_EMBEDDING_MODEL</c> environment variable, or the
    /// files of the <c>LlmLint.Embeddings.UseLite</c> package in the application folder).
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>
    /// The most tokens of one text that are embedded: later tokens are dropped (truncation keeps the start of the text).
    /// The network itself reads at most 128 positions, which is the default and the upper bound.
    /// </summary>
    public int MaxTokens { get; set; } = 128;

    /// <summary>The most threads one call uses; 0 (the default) means <see cref="Environment.ProcessorCount"/>.</summary>
    public int DegreeOfParallelism { get; set; }

    /// <summary>The most texts stacked into one forward pass (larger batches are split); default 64.</summary>
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>The dense kernels; null uses <see cref="CpuMatrixKernels"/>.</summary>
    internal IMatrixKernels? Kernels { get; set; }
}
