namespace LlmLint.Embeddings.Onnx;

/// <summary>How the token vectors of a sentence become one sentence vector.</summary>
public enum EmbeddingPooling
{
    /// <summary>Read it from the model folder (<c>1_Pooling/config.json</c> of a sentence-transformers export); mean when absent.</summary>
    Auto = 0,

    /// <summary>The mean of the token vectors under the attention mask (MiniLM, E5, GTE).</summary>
    Mean = 1,

    /// <summary>The vector of the first token, <c>[CLS]</c> (BGE).</summary>
    Cls = 2,
}
