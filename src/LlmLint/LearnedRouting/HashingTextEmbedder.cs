using System.Globalization;
using System.Numerics.Tensors;
using System.Threading.Tasks;

namespace LlmLint.LearnedRouting;

/// <summary>
/// A deterministic feature-hashing text embedder: lower-cased word unigrams and bigrams are hashed (FNV-1a, 32-bit)
/// into <see cref="Dimensions"/> buckets with a hashed sign, then the vector is L2-normalised.
/// </summary>
/// <remarks>
/// <para>It needs no model file, so it is the fallback for users without the USE-lite assets and the embedder used by
/// tests. It captures shared vocabulary, not meaning: paraphrases with different words land far apart. Prefer the
/// USE-lite generator when it is available.</para>
/// <para>Thread-safe: the instance holds no mutable state.</para>
/// </remarks>
public sealed class HashingTextEmbedder : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The default number of dimensions (512, the same as USE-lite).</summary>
    public const int DefaultDimensions = 512;

    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Creates an embedder.</summary>
    /// <param name="dimensions">Vector length; at least 8.</param>
    public HashingTextEmbedder(int dimensions = DefaultDimensions)
    {
        if (dimensions < 8)
        {
            throw new ArgumentOutOfRangeException(nameof(dimensions), dimensions, "The number of dimensions must be at least 8.");
        }

        Dimensions = dimensions;
        _metadata = new EmbeddingGeneratorMetadata("llmlint-hashing", null, "hashing-unigram-bigram", dimensions);
    }

    /// <summary>Gets the vector length.</summary>
    public int Dimensions { get; }

    /// <summary>Embeds <paramref name="text"/> into <paramref name="destination"/> (length <see cref="Dimensions"/>).</summary>
    public void Embed(string text, Span<float> destination)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        if (destination.Length != Dimensions)
        {
            throw new ArgumentException($"The destination must have {Dimensions} elements, not {destination.Length}.", nameof(destination));
        }

        destination.Clear();
        uint previous = 0;
        bool hasPrevious = false;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            uint hash = 2166136261;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                char c = char.ToLowerInvariant(text[i]);
                hash = (hash ^ c) * 16777619;
                i++;
            }

            Add(destination, hash);
            if (hasPrevious)
            {
                Add(destination, Mix(previous * 31 + 0x9E3779B9u ^ hash));
            }

            previous = hash;
            hasPrevious = true;
        }

        float norm = TensorPrimitives.Norm(destination);
        if (norm > 0)
        {
            TensorPrimitives.Divide(destination, norm, destination);
        }
    }

    /// <summary>Embeds <paramref name="text"/> into a new array.</summary>
    public float[] Embed(string text)
    {
        var result = new float[Dimensions];
        Embed(text, result);
        return result;
    }

    /// <summary>Embeds a batch of texts into one contiguous row-major matrix (<c>texts.Count × Dimensions</c>).</summary>
    public float[] EmbedBatch(IReadOnlyList<string> texts)
    {
        if (texts is null)
        {
            throw new ArgumentNullException(nameof(texts));
        }

        var matrix = new float[texts.Count * Dimensions];
        for (int r = 0; r < texts.Count; r++)
        {
            Embed(texts[r] ?? throw new ArgumentException($"Item {r.ToString(CultureInfo.InvariantCulture)} is null.", nameof(texts)), matrix.AsSpan(r * Dimensions, Dimensions));
        }

        return matrix;
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (values is null)
        {
            throw new ArgumentNullException(nameof(values));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            cancellationToken.ThrowIfCancellationRequested();
            result.Add(new Embedding<float>(Embed(value ?? throw new ArgumentException("A value is null.", nameof(values)))) { ModelId = "hashing" });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(EmbeddingGeneratorMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private void Add(Span<float> destination, uint hash)
    {
        uint mixed = Mix(hash);
        int bucket = (int)(mixed % (uint)destination.Length);
        destination[bucket] += (mixed & 0x80000000u) != 0 ? -1f : 1f;
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= 0x7FEB352Du;
        x ^= x >> 15;
        x *= 0x846CA68Bu;
        x ^= x >> 16;
        return x;
    }
}
