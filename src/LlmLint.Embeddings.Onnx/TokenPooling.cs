using System;
using System.Numerics.Tensors;

namespace LlmLint.Embeddings.Onnx;

/// <summary>Turns a sentence's token vectors into one vector: mean or first token, then optionally unit length.</summary>
internal static class TokenPooling
{
    /// <summary>Pools the first <paramref name="tokens"/> rows of <paramref name="hidden"/> (row length = destination length).</summary>
    public static void Pool(ReadOnlySpan<float> hidden, int tokens, EmbeddingPooling pooling, bool normalize, Span<float> destination)
    {
        int dimensions = destination.Length;
        hidden.Slice(0, dimensions).CopyTo(destination);
        if (pooling != EmbeddingPooling.Cls && tokens > 1)
        {
            for (int t = 1; t < tokens; t++)
            {
                TensorPrimitives.Add(destination, hidden.Slice(t * dimensions, dimensions), destination);
            }

            TensorPrimitives.Multiply(destination, 1f / tokens, destination);
        }

        if (normalize)
        {
            Normalize(destination);
        }
    }

    /// <summary>Scales a vector to unit length (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> vector)
    {
        float norm = TensorPrimitives.Norm(vector);
        if (norm > 0)
        {
            TensorPrimitives.Multiply(vector, 1f / norm, vector);
        }
    }
}
