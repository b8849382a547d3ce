using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using LlmLint.Embeddings;

namespace LlmLint.LearnedRouting;

/// <summary>How the routing feature (the prompt embedding a learned router reads) is computed.</summary>
public sealed record RoutingEmbeddingOptions
{
    /// <summary>The default token budget of the routing feature for the local USE-lite model: all it reads (128).</summary>
    public const int DefaultMaxTokens = 128;

    /// <summary>
    /// Gets the most SentencePiece tokens of a prompt that the local USE-lite model embeds for the routing feature (the
    /// first ones; 1–128, default <see cref="DefaultMaxTokens"/>, the model's own limit). The model's cost grows with the
    /// length, so a small budget makes embedding a large replay several times faster at some loss of routing quality;
    /// see docs/evaluation.md for its effect on the saving. Other embedders ignore it.
    /// </summary>
    public int MaxTokens { get; init; } = DefaultMaxTokens;

    /// <summary>Gets the folder of the on-disk embedding cache, or null for no cache.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>
    /// Gets the default cache folder: <c>$LLMLINT_EMBEDDING_CACHE</c> when set, else
    /// <c>&lt;local application data&gt;/llmlint/embedding-cache</c> (on Linux <c>~/.local/share/llmlint/embedding-cache</c>).
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("LLMLINT_EMBEDDING_CACHE");
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return fromEnvironment;
            }

            string root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.GetTempPath();
            }

            return Path.Combine(root, "llmlint", "embedding-cache");
        }
    }
}

/// <summary>Builds the <see cref="BatchEmbedder"/> of the routing feature: token budget, both cores, optional disk cache.</summary>
public static class RoutingEmbeddings
{
    /// <summary>
    /// Creates the batch embedder. For <see cref="LocalEmbeddingGenerator"/> the texts are truncated to
    /// <see cref="RoutingEmbeddingOptions.MaxTokens"/> tokens (the same weights, so the vector of a short text is
    /// unchanged) and embedded in large batches over all cores; with a cache folder, vectors are cached on disk under
    /// an identity made of the model files, the width and the token budget. The hashing embedder is never cached (it
    /// is faster than reading a file).
    /// </summary>
    /// <param name="generator">The embedding generator (not disposed here).</param>
    /// <param name="options">The options.</param>
    /// <param name="cache">The disk cache in use, or null.</param>
    public static BatchEmbedder Create(IEmbeddingGenerator<string, Embedding<float>> generator, RoutingEmbeddingOptions options, out EmbeddingDiskCache? cache)
    {
        if (generator is null)
        {
            throw new ArgumentNullException(nameof(generator));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        if (options.MaxTokens is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "RoutingEmbeddingOptions.MaxTokens must be between 1 and 128.");
        }

        cache = null;
        if (generator is not LocalEmbeddingGenerator local)
        {
            return EmbedderRegistry.ToBatchEmbedder(generator);
        }

        LocalEmbeddingGenerator truncated = local;
        if (options.MaxTokens < local.MaxTokens && local.GetService(typeof(IEmbeddingBackend)) is IEmbeddingBackend backend)
        {
            // Same backend and tokenizer (no second copy of the weights), fewer tokens per text.
            truncated = new LocalEmbeddingGenerator(backend, local.Tokenizer, new LocalEmbeddingOptions { MaxTokens = options.MaxTokens });
        }

        BatchEmbedder embed = (texts, ct) =>
        {
            var rows = new float[texts.Count][];
            var all = new string[texts.Count];
            for (int i = 0; i < all.Length; i++)
            {
                all[i] = texts[i];
            }

            // Slices of 2,048 texts: large enough to keep both cores busy, small enough to cancel promptly.
            const int Slice = 2048;
            var buffer = new float[Math.Min(Slice, all.Length) * LocalEmbeddingGenerator.Dimensions];
            for (int start = 0; start < all.Length; start += Slice)
            {
                ct.ThrowIfCancellationRequested();
                int count = Math.Min(Slice, all.Length - start);
                truncated.Embed(all.AsSpan(start, count), buffer);
                for (int i = 0; i < count; i++)
                {
                    rows[start + i] = buffer.AsSpan(i * LocalEmbeddingGenerator.Dimensions, LocalEmbeddingGenerator.Dimensions).ToArray();
                }
            }

            return new ValueTask<float[][]>(rows);
        };

        if (options.CacheDirectory is null)
        {
            return embed;
        }

        cache = new EmbeddingDiskCache(options.CacheDirectory, Identity(local, truncated.MaxTokens));
        return cache.Wrap(embed);
    }

    /// <summary>The cache identity of a local model: its id, width, token budget and a hash of its files' names, sizes and JSON contents.</summary>
    internal static string Identity(LocalEmbeddingGenerator generator, int maxTokens)
    {
        var text = new StringBuilder();
        text.Append(LocalEmbeddingGenerator.ModelId).Append(";dims=").Append(LocalEmbeddingGenerator.Dimensions.ToString(CultureInfo.InvariantCulture))
            .Append(";max-tokens=").Append(maxTokens.ToString(CultureInfo.InvariantCulture));
        string? directory = generator.ModelDirectory;
        if (directory is null)
        {
            // A custom backend: identified only by its type, which is not enough to tell weights apart.
            text.Append(";backend=").Append(generator.GetService(typeof(IEmbeddingBackend))?.GetType().FullName);
            return text.ToString();
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(directory);
        Array.Sort(files, StringComparer.Ordinal);
        foreach (string file in files)
        {
            var info = new FileInfo(file);
            hash.AppendData(Encoding.UTF8.GetBytes(info.Name + ":" + info.Length.ToString(CultureInfo.InvariantCulture) + ";"));
            if (info.Name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        text.Append(";model=").Append(Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant());
        return text.ToString();
    }
}
