namespace LlmLint.Embeddings;

/// <summary>
/// Thrown when the files of a local embedding model are missing, truncated or do not describe the expected network.
/// </summary>
/// <remarks>The message names the file and says what was expected; <see cref="FilePath"/> carries the path.</remarks>
public sealed class EmbeddingModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public EmbeddingModelException(string message, string? filePath = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The model file at fault, when one is known.</summary>
    public string? FilePath { get; }
}
