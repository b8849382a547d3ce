using System;

namespace LlmLint.Embeddings.Onnx;

/// <summary>The model folder is missing a file, or a file in it is not what it should be; the message names the file.</summary>
public sealed class OnnxEmbeddingModelException : Exception
{
    /// <summary>Initializes the exception.</summary>
    public OnnxEmbeddingModelException()
    {
    }

    /// <summary>Initializes the exception with its message.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public OnnxEmbeddingModelException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes the exception with its message and cause.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The cause.</param>
    public OnnxEmbeddingModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
