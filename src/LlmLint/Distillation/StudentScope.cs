using System.Numerics.Tensors;

namespace LlmLint.Distillation;

/// <summary>
/// Where a student has seen inputs: a few unit-length prototypes per label (spherical k-means over that label's
/// captures) and the least cosine similarity to the predicted label's nearest prototype at which the student may answer.
/// An input unlike every capture of its label — a request of another kind, or an intent the captures never held —
/// escalates to the teacher however confident the classifier is: a softmax spreads all its probability over the labels
/// it knows, so confidence alone cannot say "none of these".
/// </summary>
public sealed class StudentScope
{
    private readonly float[] _prototypes;
    private readonly int[] _offsets;

    /// <summary>Creates a scope from its prototypes.</summary>
    /// <param name="dimensions">The embedding length.</param>
    /// <param name="prototypeCounts">How many prototypes each label has (in the classifier's label order).</param>
    /// <param name="prototypes">The prototypes, row-major, label by label, each of unit length.</param>
    /// <param name="minSimilarity">The least similarity to the nearest prototype of the predicted label at which the student answers.</param>
    /// <exception cref="ArgumentException">The prototypes do not match the counts and dimensions.</exception>
    public StudentScope(int dimensions, IReadOnlyList<int> prototypeCounts, float[] prototypes, float minSimilarity)
    {
        ArgumentNullException.ThrowIfNull(prototypeCounts);
        ArgumentNullException.ThrowIfNull(prototypes);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        _offsets = new int[prototypeCounts.Count + 1];
        for (int i = 0; i < prototypeCounts.Count; i++)
        {
            if (prototypeCounts[i] < 0)
            {
                throw new ArgumentException($"Label {i} has {prototypeCounts[i]} prototypes.", nameof(prototypeCounts));
            }

            _offsets[i + 1] = _offsets[i] + prototypeCounts[i];
        }

        if (prototypes.Length != _offsets[^1] * dimensions)
        {
            throw new ArgumentException($"{_offsets[^1]} prototypes of {dimensions} values need {_offsets[^1] * dimensions} values; got {prototypes.Length}.", nameof(prototypes));
        }

        Dimensions = dimensions;
        PrototypeCounts = prototypeCounts;
        _prototypes = prototypes;
        MinSimilarity = minSimilarity;
    }

    /// <summary>Gets the embedding length.</summary>
    public int Dimensions { get; }

    /// <summary>Gets how many prototypes each label has.</summary>
    public IReadOnlyList<int> PrototypeCounts { get; }

    /// <summary>Gets the prototypes, row-major, label by label.</summary>
    public ReadOnlySpan<float> Prototypes => _prototypes;

    /// <summary>Gets the least similarity to the predicted label's nearest prototype at which the student answers.</summary>
    public float MinSimilarity { get; }

    /// <summary>The cosine similarity of <paramref name="embedding"/> to the nearest prototype of <paramref name="label"/> (−1 when it has none).</summary>
    public float Support(ReadOnlySpan<float> embedding, int label)
    {
        if (embedding.Length != Dimensions)
        {
            throw new ArgumentException($"The embedding has {embedding.Length} values; the scope reads {Dimensions}.", nameof(embedding));
        }

        float norm = TensorPrimitives.Norm(embedding);
        if (!(norm > 0) || (uint)label >= (uint)(_offsets.Length - 1))
        {
            return -1f;
        }

        float best = float.NegativeInfinity;
        for (int row = _offsets[label]; row < _offsets[label + 1]; row++)
        {
            best = MathF.Max(best, TensorPrimitives.Dot(embedding, _prototypes.AsSpan(row * Dimensions, Dimensions)));
        }

        return float.IsNegativeInfinity(best) ? -1f : best / norm;
    }

    /// <summary>Whether the student may answer <paramref name="embedding"/> as <paramref name="label"/>.</summary>
    public bool Admits(ReadOnlySpan<float> embedding, int label) => Support(embedding, label) >= MinSimilarity;

    /// <summary>The same prototypes with another minimum similarity.</summary>
    public StudentScope WithMinSimilarity(float minSimilarity) => new(Dimensions, PrototypeCounts, _prototypes, minSimilarity);

    /// <summary>Fits the prototypes: spherical k-means (10 rounds, seeded) over each label's embeddings.</summary>
    /// <param name="x">The embeddings, row-major.</param>
    /// <param name="y">The label index of each row.</param>
    /// <param name="labelCount">The number of labels.</param>
    /// <param name="dimensions">The embedding length.</param>
    /// <param name="prototypesPerLabel">At most this many prototypes per label (a label with fewer rows keeps its rows).</param>
    /// <param name="seed">Seeds the choice of the first prototypes.</param>
    /// <returns>The scope, with no minimum similarity yet (<see cref="float.NegativeInfinity"/>).</returns>
    public static StudentScope Fit(ReadOnlySpan<float> x, ReadOnlySpan<int> y, int labelCount, int dimensions, int prototypesPerLabel, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(prototypesPerLabel, 1);
        var rowsOf = new List<int>[labelCount];
        for (int k = 0; k < labelCount; k++)
        {
            rowsOf[k] = new List<int>();
        }

        for (int i = 0; i < y.Length; i++)
        {
            rowsOf[y[i]].Add(i);
        }

        var counts = new int[labelCount];
        var prototypes = new List<float>();
        var random = new Random(seed);
        for (int k = 0; k < labelCount; k++)
        {
            float[] centres = FitLabel(x, rowsOf[k], dimensions, prototypesPerLabel, random);
            counts[k] = centres.Length / dimensions;
            prototypes.AddRange(centres);
        }

        return new StudentScope(dimensions, counts, prototypes.ToArray(), float.NegativeInfinity);
    }

    private static float[] FitLabel(ReadOnlySpan<float> x, List<int> rows, int d, int wanted, Random random)
    {
        int[] order = rows.ToArray();
        random.Shuffle(order);
        int count = Math.Min(wanted, order.Length);
        float[] centres = new float[count * d];
        for (int c = 0; c < count; c++)
        {
            Normalize(x.Slice(order[c] * d, d), centres.AsSpan(c * d, d));
        }

        if (order.Length <= wanted)
        {
            return centres;
        }

        int[] assigned = new int[order.Length];
        float[] sums = new float[count * d];
        int[] members = new int[count];
        for (int round = 0; round < 10; round++)
        {
            Array.Clear(sums);
            Array.Clear(members);
            for (int i = 0; i < order.Length; i++)
            {
                ReadOnlySpan<float> row = x.Slice(order[i] * d, d);
                int best = 0;
                float bestDot = float.NegativeInfinity;
                for (int c = 0; c < count; c++)
                {
                    float dot = TensorPrimitives.Dot(row, centres.AsSpan(c * d, d));
                    if (dot > bestDot)
                    {
                        bestDot = dot;
                        best = c;
                    }
                }

                assigned[i] = best;
                members[best]++;
                TensorPrimitives.Add(sums.AsSpan(best * d, d), row, sums.AsSpan(best * d, d));
            }

            for (int c = 0; c < count; c++)
            {
                if (members[c] > 0)
                {
                    Normalize(sums.AsSpan(c * d, d), centres.AsSpan(c * d, d)); // an empty cluster keeps its centre
                }
            }
        }

        return centres;
    }

    private static void Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        float norm = TensorPrimitives.Norm(source);
        if (norm > 0)
        {
            TensorPrimitives.Divide(source, norm, destination);
        }
        else
        {
            source.CopyTo(destination);
        }
    }
}
