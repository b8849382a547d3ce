using System.Numerics.Tensors;

namespace LlmLint.Distillation;

/// <summary>
/// A multinomial logistic (softmax) classifier over sentence embeddings: the local student of a classification
/// function, trained on the teacher's captured answers. It answers with a label and its probability.
/// </summary>
/// <remarks>Immutable and thread-safe. A prediction costs one dot product per label and allocates nothing.</remarks>
public sealed class StudentClassifier
{
    private readonly float[] _weights; // label-major: row k holds the weights of label k
    private readonly float[] _bias;

    internal StudentClassifier(IReadOnlyList<string> labels, int dimensions, float[] weights, float[] bias)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count < 2)
        {
            throw new ArgumentException("A classifier needs at least two labels.", nameof(labels));
        }

        if (weights.Length != labels.Count * dimensions || bias.Length != labels.Count)
        {
            throw new ArgumentException($"Expected {labels.Count}×{dimensions} weights and {labels.Count} biases.", nameof(weights));
        }

        Labels = labels;
        Dimensions = dimensions;
        _weights = weights;
        _bias = bias;
    }

    /// <summary>Gets the labels, in the order of the probabilities.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Gets the embedding length the classifier reads.</summary>
    public int Dimensions { get; }

    internal ReadOnlySpan<float> Weights => _weights;

    internal ReadOnlySpan<float> Bias => _bias;

    /// <summary>Writes the probability of every label into <paramref name="probabilities"/> and returns the most probable label's index.</summary>
    /// <param name="embedding">The input's embedding (<see cref="Dimensions"/> values).</param>
    /// <param name="probabilities">Receives one probability per label.</param>
    /// <returns>The index of the most probable label.</returns>
    public int Predict(ReadOnlySpan<float> embedding, Span<float> probabilities)
    {
        if (embedding.Length != Dimensions)
        {
            throw new ArgumentException($"The embedding has {embedding.Length} values; the classifier reads {Dimensions}.", nameof(embedding));
        }

        if (probabilities.Length < Labels.Count)
        {
            throw new ArgumentException($"Room for {Labels.Count} probabilities is needed.", nameof(probabilities));
        }

        Span<float> p = probabilities.Slice(0, Labels.Count);
        for (int k = 0; k < p.Length; k++)
        {
            p[k] = _bias[k] + TensorPrimitives.Dot(_weights.AsSpan(k * Dimensions, Dimensions), embedding);
        }

        TensorPrimitives.SoftMax(p, p);
        return TensorPrimitives.IndexOfMax(p);
    }
}
