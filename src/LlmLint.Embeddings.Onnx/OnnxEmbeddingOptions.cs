using Microsoft.Extensions.Logging;

namespace LlmLint.Embeddings.Onnx;

/// <summary>Options of <see cref="OnnxEmbeddingGenerator"/>.</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>
    /// Gets or sets the model folder: <c>model.onnx</c> (or <c>onnx/model.onnx</c>) and its tokenizer files — <c>vocab.txt</c>
    /// (WordPiece), <c>tokenizer.json</c> (Unigram), <c>sentencepiece.bpe.model</c> / <c>spm.model</c> / <c>tokenizer.model</c>
    /// (SentencePiece), or <c>vocab.json</c> + <c>merges.txt</c> (BPE) — with the optional <c>tokenizer_config.json</c>,
    /// <c>config.json</c> and <c>1_Pooling/config.json</c>.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Gets or sets the ONNX file when it is not in <see cref="ModelDirectory"/> under a usual name.</summary>
    public string? ModelPath { get; set; }

    /// <summary>Gets or sets the pooling; <see cref="EmbeddingPooling.Auto"/> reads the model folder.</summary>
    public EmbeddingPooling Pooling { get; set; } = EmbeddingPooling.Auto;

    /// <summary>Gets or sets a value indicating whether vectors are scaled to unit length (the default, for cosine similarity).</summary>
    public bool Normalize { get; set; } = true;

    /// <summary>Gets or sets the most tokens a text is cut to (special tokens included); 0 reads the model folder (512 when absent).</summary>
    public int MaxTokens { get; set; }

    /// <summary>Gets or sets the most texts run through the model at once (texts are sorted by length and padded per batch).</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Gets or sets where the model runs.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; set; } = OnnxExecutionProvider.Auto;

    /// <summary>Gets or sets the CUDA device.</summary>
    public int CudaDeviceId { get; set; }

    /// <summary>Gets or sets the threads one inference uses on the CPU; 0 lets ONNX Runtime choose.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Gets or sets a text prefix some models expect (E5: <c>"query: "</c>).</summary>
    public string? TextPrefix { get; set; }

    /// <summary>Gets or sets the logger that receives the one line saying which execution provider runs and why.</summary>
    public ILogger? Logger { get; set; }
}
