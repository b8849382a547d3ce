using System.Buffers;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Embeddings;

/// <summary>
/// Sentence embeddings computed in-process by USE-lite (the Universal Sentence Encoder lite, 512 dimensions, unit
/// length), read from its TF.js files and run on managed SIMD kernels.
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe: any number of threads may call it at once. A call splits its texts over up to
/// <see cref="LocalEmbeddingOptions.DegreeOfParallelism"/> threads; a lone text instead splits each matrix product.
/// Outputs match the reference JavaScript implementation to within 1e-4 per component, and a text's embedding does not
/// depend on the batch it is in.
/// </para>
/// <para>Texts are not logged. Texts longer than <see cref="MaxTokens"/> tokens are truncated to their first tokens.</para>
/// </remarks>
public sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The width of every embedding.</summary>
    public const int Dimensions = UseLiteWeights.OutputDimensions;

    /// <summary>The model id reported in metadata and on each embedding.</summary>
    public const string ModelId = "use-lite";

    private static readonly Lazy<LocalEmbeddingGenerator> s_default =
        new(static () => new LocalEmbeddingGenerator(new LocalEmbeddingOptions()) { _isShared = true }, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic] private static TokenBuffer? t_tokens;

    private const int MaxRowsPerPass = 2048;

    private readonly IEmbeddingBackend _backend;
    private readonly SentencePieceTokenizer _tokenizer;
    private readonly int _maxTokens;
    private readonly int _degreeOfParallelism;
    private readonly int _maxBatchSize;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private bool _isShared;
    private volatile bool _disposed;

    /// <summary>Loads the model named by <paramref name="options"/> (or the located default model).</summary>
    /// <exception cref="EmbeddingModelException">A model file is missing or corrupt; the message names it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public LocalEmbeddingGenerator(LocalEmbeddingOptions? options = null)
        : this(LoadModel(options ??= new LocalEmbeddingOptions(), out SentencePieceTokenizer tokenizer, out string directory), tokenizer, options, directory)
    {
    }

    /// <summary>Creates a generator over a custom <paramref name="backend"/> (for instance a GPU one).</summary>
    public LocalEmbeddingGenerator(IEmbeddingBackend backend, SentencePieceTokenizer tokenizer, LocalEmbeddingOptions? options = null)
        : this(backend, tokenizer, options ?? new LocalEmbeddingOptions(), modelDirectory: null)
    {
    }

    private LocalEmbeddingGenerator(IEmbeddingBackend backend, SentencePieceTokenizer tokenizer, LocalEmbeddingOptions options, string? modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ValidateOptions(options);
        _backend = backend;
        _tokenizer = tokenizer;
        _maxTokens = Math.Min(options.MaxTokens, backend.MaxTokens);
        _degreeOfParallelism = options.DegreeOfParallelism > 0 ? options.DegreeOfParallelism : Environment.ProcessorCount;
        _maxBatchSize = options.MaxBatchSize;
        ModelDirectory = modelDirectory;
        _metadata = new EmbeddingGeneratorMetadata("llmlint-local", modelDirectory is null ? null : new Uri(Path.GetFullPath(modelDirectory)), ModelId, backend.Dimensions);
    }

    /// <summary>
    /// A shared generator over the located default model, loaded on first use. Disposing it has no effect.
    /// </summary>
    /// <exception cref="EmbeddingModelException">On first use, when the model cannot be found or loaded.</exception>
    public static LocalEmbeddingGenerator Default => s_default.Value;

    /// <summary>The folder the model was loaded from, when it came from files.</summary>
    public string? ModelDirectory { get; }

    /// <summary>The most tokens of one text that are embedded.</summary>
    public int MaxTokens => _maxTokens;

    /// <summary>The tokenizer.</summary>
    public SentencePieceTokenizer Tokenizer => _tokenizer;

    /// <summary>Loads the model in <paramref name="modelDirectory"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="modelDirectory"/> is null.</exception>
    /// <exception cref="EmbeddingModelException">A model file is missing or corrupt; the message names it.</exception>
    public static LocalEmbeddingGenerator FromDirectory(string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        return new LocalEmbeddingGenerator(new LocalEmbeddingOptions { ModelDirectory = modelDirectory });
    }

    /// <summary>Embeds one text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new float[Dimensions];
        Embed(new ReadOnlySpan<string>(in text), result);
        return result;
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> into <paramref name="destination"/>: text <c>i</c> fills
    /// <c>destination[i * 512 .. (i + 1) * 512)</c>. Allocation-free after warm-up for a single thread of work, except
    /// for a text not already in Unicode normalisation form KC (most text is), whose normalised copy is allocated.
    /// </summary>
    /// <exception cref="ArgumentNullException">An element of <paramref name="texts"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <c>texts.Length * 512</c>.</exception>
    public void Embed(ReadOnlySpan<string> texts, Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (destination.Length < texts.Length * Dimensions)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; {texts.Length} texts need {texts.Length * Dimensions}.", nameof(destination));
        }

        for (int i = 0; i < texts.Length; i++)
        {
            if (texts[i] is null) throw new ArgumentNullException(nameof(texts), $"texts[{i}] is null.");
        }

        if (texts.Length == 0) return;
        int workers = Math.Min(_degreeOfParallelism, (texts.Length + 3) / 4);
        if (workers <= 1)
        {
            EmbedRange(texts, destination, parallelKernels: _degreeOfParallelism > 1);
            return;
        }

        string[] rented = ArrayPool<string>.Shared.Rent(texts.Length);
        try
        {
            texts.CopyTo(rented);
            unsafe
            {
                fixed (float* dest = destination)
                {
                    // Twice as many chunks as threads (of at least 4 texts): a thread that finishes early, or one that is
                    // not descheduled on a busy machine, takes the next chunk.
                    int chunks = Math.Min(workers * 2, (texts.Length + 3) / 4);
                    var job = new ParallelJob(this, rented, texts.Length, dest, chunks);
                    Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, job.Run);
                }
            }
        }
        finally
        {
            Array.Clear(rented, 0, texts.Length);
            ArrayPool<string>.Shared.Return(rented);
        }
    }

    /// <summary>Gets whether the model reads <paramref name="text"/> whole: its tokens fit within <see cref="MaxTokens"/> (a longer text loses its end).</summary>
    /// <param name="text">The text.</param>
    /// <returns><see langword="true"/> when nothing of the text is cut.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public bool FitsWindow(string text) => _tokenizer.Encode(text).Length <= _maxTokens;

    /// <summary>Returns the token ids the model reads for <paramref name="text"/> (after truncation).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public int[] Tokenize(string text)
    {
        int[] ids = _tokenizer.Encode(text);
        return ids.Length <= _maxTokens ? ids : ids.AsSpan(0, _maxTokens).ToArray();
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (options?.Dimensions is int requested && requested != Dimensions)
        {
            throw new ArgumentException($"The local model produces {Dimensions} dimensions; {requested} were requested.", nameof(options));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var texts = new List<string>(values is ICollection<string> c ? c.Count : 16);
        foreach (string value in values)
        {
            if (value is null) throw new ArgumentNullException(nameof(values), $"values[{texts.Count}] is null.");
            texts.Add(value);
        }

        var vectors = new float[texts.Count * Dimensions];
        // Chunks keep cancellation responsive on large inputs.
        const int Chunk = 256;
        for (int start = 0; start < texts.Count; start += Chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = Math.Min(Chunk, texts.Count - start);
            Embed(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(texts).Slice(start, n), vectors.AsSpan(start * Dimensions, n * Dimensions));
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        for (int i = 0; i < texts.Count; i++)
        {
            result.Add(new Embedding<float>(vectors.AsMemory(i * Dimensions, Dimensions)) { ModelId = ModelId, CreatedAt = now });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata)) return _metadata;
        if (serviceType == typeof(IEmbeddingBackend)) return _backend;
        if (serviceType == typeof(SentencePieceTokenizer)) return _tokenizer;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_isShared) _disposed = true;
    }

    private void EmbedRange(ReadOnlySpan<string> texts, Span<float> destination, bool parallelKernels)
    {
        TokenBuffer buffer = t_tokens ??= new TokenBuffer();
        int start = 0;
        while (start < texts.Length)
        {
            // A forward pass takes up to MaxBatchSize texts and about MaxRowsPerPass tokens, which bounds the workspace.
            buffer.Reset(Math.Min(_maxBatchSize, texts.Length - start), _maxTokens);
            int n = 0;
            while (start + n < texts.Length && n < _maxBatchSize && (n == 0 || buffer.Count + _maxTokens <= MaxRowsPerPass))
            {
                _tokenizer.Encode(texts[start + n], buffer.Scratch);
                buffer.Append(n, _maxTokens);
                n++;
            }

            _backend.Embed(buffer.Tokens.AsSpan(0, buffer.Count), buffer.Offsets.AsSpan(0, n + 1), destination.Slice(start * Dimensions, n * Dimensions), parallelKernels);
            start += n;
        }
    }

    private static IEmbeddingBackend LoadModel(LocalEmbeddingOptions options, out SentencePieceTokenizer tokenizer, out string directory)
    {
        ValidateOptions(options);
        directory = options.ModelDirectory ?? EmbeddingModelLocator.Locate();
        if (!Directory.Exists(directory))
        {
            throw new EmbeddingModelException($"The model directory '{directory}' does not exist; expected a folder with model.json, its weight shards and vocab.json.", directory);
        }

        tokenizer = SentencePieceTokenizer.Load(Path.Combine(directory, "vocab.json"));
        TfjsGraphModel graph = TfjsGraphModel.Load(Path.Combine(directory, "model.json"));
        UseLiteWeights weights = UseLiteWeights.FromGraph(graph);
        if (tokenizer.VocabularySize > weights.VocabularySize)
        {
            throw new EmbeddingModelException(
                $"The vocabulary '{Path.Combine(directory, "vocab.json")}' has {tokenizer.VocabularySize} pieces but the model has only {weights.VocabularySize} embeddings.",
                Path.Combine(directory, "vocab.json"));
        }

        int dop = options.DegreeOfParallelism > 0 ? options.DegreeOfParallelism : Environment.ProcessorCount;
        return new UseLiteCpuBackend(weights, options.Kernels ?? new CpuMatrixKernels(dop));
    }

    private static void ValidateOptions(LocalEmbeddingOptions options)
    {
        if (options.MaxTokens is < 1 or > 128)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "LocalEmbeddingOptions.MaxTokens must be between 1 and 128.");
        }

        if (options.DegreeOfParallelism < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DegreeOfParallelism, "LocalEmbeddingOptions.DegreeOfParallelism must be 0 (all processors) or positive.");
        }

        if (options.MaxBatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxBatchSize, "LocalEmbeddingOptions.MaxBatchSize must be positive.");
        }
    }

    private sealed unsafe class ParallelJob
    {
        private readonly LocalEmbeddingGenerator _owner;
        private readonly string[] _texts;
        private readonly int _count;
        private readonly float* _destination;
        private readonly int _chunks;

        public ParallelJob(LocalEmbeddingGenerator owner, string[] texts, int count, float* destination, int chunks)
        {
            _owner = owner; _texts = texts; _count = count; _destination = destination; _chunks = chunks;
        }

        public void Run(int chunk)
        {
            int start = (int)((long)_count * chunk / _chunks);
            int end = (int)((long)_count * (chunk + 1) / _chunks);
            var dest = new Span<float>(_destination + (long)start * Dimensions, (end - start) * Dimensions);
            _owner.EmbedRange(_texts.AsSpan(start, end - start), dest, parallelKernels: false);
        }
    }

    private sealed class TokenBuffer
    {
        public readonly List<int> Scratch = new(256);
        public int[] Tokens = new int[4096];
        public int[] Offsets = new int[129];
        public int Count;

        public void Reset(int texts, int maxTokens)
        {
            if (Offsets.Length < texts + 1) Offsets = new int[texts + 1];
            if (Tokens.Length < texts * maxTokens) Tokens = new int[texts * maxTokens];
            Count = 0;
            Offsets[0] = 0;
        }

        public void Append(int index, int maxTokens)
        {
            int n = Math.Min(Scratch.Count, maxTokens);
            for (int i = 0; i < n; i++) Tokens[Count + i] = Scratch[i];
            Count += n;
            Offsets[index + 1] = Count;
        }
    }
}
