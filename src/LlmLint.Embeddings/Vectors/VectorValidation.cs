namespace LlmLint.Vectors;

/// <summary>Argument checks shared by every index and store: dimensions, finite components, non-zero norm.</summary>
public static class VectorValidation
{
    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> when the vector has the wrong length, a NaN or infinite component, or a zero norm.</summary>
    /// <param name="vector">The vector to check.</param>
    /// <param name="dimensions">The required length.</param>
    /// <param name="paramName">The caller's parameter name.</param>
    /// <returns>The Euclidean norm of the vector.</returns>
    public static float Validate(ReadOnlySpan<float> vector, int dimensions, string paramName)
    {
        if (vector.Length != dimensions)
        {
            throw new ArgumentException($"The vector has {vector.Length} dimensions; this index stores {dimensions}-dimensional vectors.", paramName);
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"The vector has a non-finite component ({vector[i]}) at index {i}; NaN and infinity are rejected.", paramName);
            }
        }

        float norm = TensorPrimitives.Norm(vector);
        if (!(norm > 1e-12f) || !float.IsFinite(norm))
        {
            throw new ArgumentException("The vector is all zeros (or its norm is not finite) and has no direction to compare.", paramName);
        }

        return norm;
    }

    /// <summary>Validates <paramref name="vector"/> and writes its L2-normalised copy to <paramref name="destination"/>.</summary>
    /// <param name="vector">The vector to normalise.</param>
    /// <param name="destination">Receives the unit vector; same length.</param>
    /// <param name="paramName">The caller's parameter name.</param>
    public static void NormalizeInto(ReadOnlySpan<float> vector, Span<float> destination, string paramName)
    {
        float norm = Validate(vector, destination.Length, paramName);
        TensorPrimitives.Divide(vector, norm, destination);
    }

    internal static void CheckDimensions(int dimensions)
    {
        if (dimensions <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The number of dimensions must be positive.");
        }
    }

    internal static void CheckResults(int length, string paramName)
    {
        if (length <= 0)
        {
            throw new ArgumentException("The results span is empty; pass room for at least one hit (its length is k).", paramName);
        }
    }
}
