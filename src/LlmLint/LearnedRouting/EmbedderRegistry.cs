using System.Threading.Tasks;

namespace LlmLint.LearnedRouting;

/// <summary>
/// Batch embedding delegate used by the learned router and the evaluations: returns one L2-normalised vector per text.
/// </summary>
public delegate ValueTask<float[][]> BatchEmbedder(IReadOnlyList<string> texts, CancellationToken cancellationToken);

/// <summary>
/// Named embedder factories for the evaluation tools (<c>--embedder hashing|use-lite</c>).
/// <c>hashing</c> (<see cref="HashingTextEmbedder"/>) and <c>use-lite</c> (<c>LocalEmbeddingGenerator</c>, which needs the
/// model files) are built in; hosts may register more or replace them.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public static class EmbedderRegistry
{
    /// <summary>The name of the built-in hashing embedder.</summary>
    public const string Hashing = "hashing";

    /// <summary>The name under which the USE-lite embedding generator is registered by the host.</summary>
    public const string UseLite = "use-lite";

    private static readonly object s_gate = new();
    private static readonly Dictionary<string, Func<IEmbeddingGenerator<string, Embedding<float>>>> s_factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            [Hashing] = static () => new HashingTextEmbedder(),
            [UseLite] = static () => new LlmLint.Embeddings.LocalEmbeddingGenerator(),
        };

    /// <summary>Registers (or replaces) a named factory.</summary>
    public static void Register(string name, Func<IEmbeddingGenerator<string, Embedding<float>>> factory)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("The embedder name must not be empty.", nameof(name));
        }

        if (factory is null)
        {
            throw new ArgumentNullException(nameof(factory));
        }

        lock (s_gate)
        {
            s_factories[name] = factory;
        }
    }

    /// <summary>Gets the registered names, sorted.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (s_gate)
            {
                var names = new List<string>(s_factories.Keys);
                names.Sort(StringComparer.Ordinal);
                return names;
            }
        }
    }

    /// <summary>Creates the embedder registered under <paramref name="name"/>, or returns false.</summary>
    public static bool TryCreate(string name, out IEmbeddingGenerator<string, Embedding<float>>? generator)
    {
        Func<IEmbeddingGenerator<string, Embedding<float>>>? factory;
        lock (s_gate)
        {
            s_factories.TryGetValue(name ?? string.Empty, out factory);
        }

        generator = factory?.Invoke();
        return generator is not null;
    }

    /// <summary>
    /// The default embedder: <c>use-lite</c> (the local USE-lite model) when its model files can be loaded, else the
    /// hashing embedder. This is the single place the default is chosen.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateDefaultEmbedder(out string name)
    {
        try
        {
            if (TryCreate(UseLite, out var generator))
            {
                name = UseLite;
                return generator!;
            }
        }
        catch (Exception e) when (e is LlmLint.Embeddings.EmbeddingModelException or System.IO.IOException or UnauthorizedAccessException)
        {
            // No model files here: fall back to the hashing embedder.
        }

        name = Hashing;
        return new HashingTextEmbedder();
    }

    /// <summary>Adapts an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> to a <see cref="BatchEmbedder"/>, in batches of <paramref name="batchSize"/>.</summary>
    public static BatchEmbedder ToBatchEmbedder(IEmbeddingGenerator<string, Embedding<float>> generator, int batchSize = 256)
    {
        if (generator is null)
        {
            throw new ArgumentNullException(nameof(generator));
        }

        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "The batch size must be positive.");
        }

        if (generator is HashingTextEmbedder hashing)
        {
            return (texts, ct) =>
            {
                var rows = new float[texts.Count][];
                for (int i = 0; i < rows.Length; i++)
                {
                    ct.ThrowIfCancellationRequested();
                    rows[i] = hashing.Embed(texts[i]);
                }

                return new ValueTask<float[][]>(rows);
            };
        }

        return async (texts, ct) =>
        {
            var rows = new float[texts.Count][];
            var chunk = new List<string>(batchSize);
            for (int start = 0; start < texts.Count; start += batchSize)
            {
                chunk.Clear();
                int end = Math.Min(texts.Count, start + batchSize);
                for (int i = start; i < end; i++)
                {
                    chunk.Add(texts[i]);
                }

                var embeddings = await generator.GenerateAsync(chunk, null, ct);
                if (embeddings.Count != chunk.Count)
                {
                    throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} vectors for {chunk.Count} inputs.");
                }

                for (int i = 0; i < chunk.Count; i++)
                {
                    rows[start + i] = embeddings[i].Vector.ToArray();
                }
            }

            return rows;
        };
    }
}
