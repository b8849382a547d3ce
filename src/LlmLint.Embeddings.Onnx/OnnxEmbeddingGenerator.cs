using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace LlmLint.Embeddings.Onnx;

/// <summary>
/// Sentence embeddings from a model exported to ONNX (MiniLM, BGE, E5, GTE and other BERT-family exports) with its
/// tokenizer, on ONNX Runtime: CPU, or CUDA when the app references the GPU build and a device answers.
/// </summary>
/// <remarks>
/// One inference session serves every thread. Texts are sorted by length and run in batches padded only to the longest
/// text of the batch; the input buffers come from the shared array pool. Cancellation is checked between batches and
/// stops a running batch through ONNX Runtime's run options.
/// </remarks>
public sealed class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly Action<ILogger, string, string, string, string, string, int, Exception?> LogReady =
        LoggerMessage.Define<string, string, string, string, string, int>(
            LogLevel.Information,
            new EventId(1, "OnnxEmbeddingsReady"),
            "ONNX embeddings on {Provider} ({Reason}); model {Model}, {Tokenizer} tokenizer, {Pooling} pooling, {Dimensions} dimensions");

    private readonly InferenceSession _session;
    private readonly ModelTokenizer _tokenizer;
    private readonly string[] _inputNames;
    private readonly bool _tokenTypes;
    private readonly string _outputName;
    private readonly bool _outputIsPooled;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private readonly bool _normalize;
    private readonly string? _prefix;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Loads the model and tokenizer the options name.</summary>
    /// <param name="options">The options; <see cref="OnnxEmbeddingOptions.ModelDirectory"/> or <see cref="OnnxEmbeddingOptions.ModelPath"/> is required.</param>
    /// <exception cref="OnnxEmbeddingModelException">A file is missing or invalid; the message names it.</exception>
    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, "OnnxEmbeddingOptions.BatchSize must be at least 1.");
        }

        if (options.MaxTokens < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxTokens, "OnnxEmbeddingOptions.MaxTokens must be zero (from the model) or more.");
        }

        ModelFolder folder = ModelFolder.Open(options);
        _tokenizer = ModelTokenizer.Load(folder);
        try
        {
            _session = ExecutionProviderSelector.Create(folder.ModelPath, options, out string provider, out string reason);
            ExecutionProvider = provider;
            ExecutionProviderReason = reason;
        }
        catch (OnnxRuntimeException exception)
        {
            throw new OnnxEmbeddingModelException($"The ONNX model '{folder.ModelPath}' cannot be loaded: {exception.Message}", exception);
        }

        try
        {
            _inputNames = _session.InputMetadata.Keys.ToArray();
            if (!_inputNames.Contains("input_ids") || !_inputNames.Contains("attention_mask"))
            {
                throw new OnnxEmbeddingModelException(
                    $"The ONNX model '{folder.ModelPath}' takes inputs [{string.Join(", ", _inputNames)}]; a sentence-embedding model takes input_ids and attention_mask (and optionally token_type_ids).");
            }

            _tokenTypes = _inputNames.Contains("token_type_ids");
            (_outputName, _outputIsPooled, Dimensions) = ChooseOutput(folder);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        Pooling = options.Pooling != EmbeddingPooling.Auto ? options.Pooling
            : ModelFolder.Bool(folder.PoolingConfig, "pooling_mode_cls_token", false) ? EmbeddingPooling.Cls
            : EmbeddingPooling.Mean;
        int modelMax = Math.Min(
            ModelFolder.Int(folder.TokenizerConfig, "model_max_length", 512),
            ModelFolder.Int(folder.Config, "max_position_embeddings", 512));
        _maxTokens = options.MaxTokens > 0 ? Math.Min(options.MaxTokens, modelMax) : Math.Min(modelMax, 512);
        _batchSize = options.BatchSize;
        _normalize = options.Normalize;
        _prefix = string.IsNullOrEmpty(options.TextPrefix) ? null : options.TextPrefix;
        ModelPath = folder.ModelPath;
        _metadata = new EmbeddingGeneratorMetadata("onnx", new Uri(folder.ModelPath), System.IO.Path.GetFileName(folder.Directory), Dimensions);
        if (options.Logger is { } logger)
        {
            LogReady(logger, ExecutionProvider, ExecutionProviderReason, folder.ModelPath, _tokenizer.Kind, Pooling.ToString().ToLowerInvariant(), Dimensions, null);
        }
    }

    /// <summary>Gets the length of every vector.</summary>
    public int Dimensions { get; }

    /// <summary>Gets the execution provider the model runs on: <c>CPU</c> or <c>CUDA</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Gets why that provider was chosen (for example why CUDA could not start).</summary>
    public string ExecutionProviderReason { get; }

    /// <summary>Gets the pooling in use.</summary>
    public EmbeddingPooling Pooling { get; }

    /// <summary>Gets the ONNX file in use.</summary>
    public string ModelPath { get; }

    /// <summary>Gets the most tokens a text is cut to, special tokens included.</summary>
    public int MaxTokens => _maxTokens;

    /// <summary>Loads a model folder.</summary>
    /// <param name="modelDirectory">The folder holding the ONNX model and its tokenizer files.</param>
    /// <param name="configure">Changes further options.</param>
    /// <returns>The generator.</returns>
    public static OnnxEmbeddingGenerator FromDirectory(string modelDirectory, Action<OnnxEmbeddingOptions>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        var options = new OnnxEmbeddingOptions { ModelDirectory = modelDirectory };
        configure?.Invoke(options);
        return new OnnxEmbeddingGenerator(options);
    }

    /// <summary>Gets the token ids the model sees for <paramref name="text"/> (special tokens included, cut to <see cref="MaxTokens"/>).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The ids.</returns>
    public IReadOnlyList<int> Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _tokenizer.Encode(_prefix is null ? text : _prefix + text, _maxTokens);
    }

    /// <summary>Embeds <paramref name="texts"/> into <paramref name="destination"/>, one row of <see cref="Dimensions"/> per text, in order.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="destination">At least <c>texts.Count × Dimensions</c> floats.</param>
    /// <param name="cancellationToken">Stops between batches and inside a running batch.</param>
    public void Embed(IReadOnlyList<string> texts, Span<float> destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int count = texts.Count;
        if (destination.Length < count * Dimensions)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; {count} texts need {count * Dimensions}.", nameof(destination));
        }

        if (count == 0)
        {
            return;
        }

        var encoded = new IReadOnlyList<int>[count];
        int[] order = new int[count];
        int[] lengths = new int[count];
        for (int i = 0; i < count; i++)
        {
            encoded[i] = Tokenize(texts[i] ?? throw new ArgumentException($"Text {i} is null.", nameof(texts)));
            order[i] = i;
            lengths[i] = Math.Max(1, encoded[i].Count);
        }

        Array.Sort(lengths, order);
        using var run = new RunOptions();
        using CancellationTokenRegistration registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, run);
        for (int start = 0; start < count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(_batchSize, count - start);
            RunBatch(encoded, order.AsSpan(start, rows), lengths[start + rows - 1], run, destination, cancellationToken);
        }
    }

    /// <inheritdoc/>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        string[] texts = values as string[] ?? values.ToArray();
        float[] vectors = new float[texts.Length * Dimensions];
        Embed(texts, vectors, cancellationToken);
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        for (int i = 0; i < texts.Length; i++)
        {
            result.Add(new Embedding<float>(vectors.AsMemory(i * Dimensions, Dimensions)) { ModelId = _metadata.DefaultModelId, CreatedAt = DateTimeOffset.UtcNow });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();

    private void RunBatch(IReadOnlyList<int>[] encoded, ReadOnlySpan<int> rows, int sequence, RunOptions run, Span<float> destination, CancellationToken cancellationToken)
    {
        int cells = rows.Length * sequence;
        long[] ids = ArrayPool<long>.Shared.Rent(cells);
        long[] mask = ArrayPool<long>.Shared.Rent(cells);
        long[] types = ArrayPool<long>.Shared.Rent(cells);
        try
        {
            Array.Fill(ids, _tokenizer.PaddingId, 0, cells);
            Array.Clear(mask, 0, cells);
            Array.Clear(types, 0, cells);
            for (int r = 0; r < rows.Length; r++)
            {
                IReadOnlyList<int> tokens = encoded[rows[r]];
                for (int t = 0; t < tokens.Count; t++)
                {
                    ids[(r * sequence) + t] = tokens[t];
                    mask[(r * sequence) + t] = 1;
                }
            }

            long[] shape = { rows.Length, sequence };
            using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, cells), shape);
            using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), shape);
            using OrtValue typesValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, types.AsMemory(0, cells), shape);
            var inputs = new Dictionary<string, OrtValue>(3) { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
            if (_tokenTypes)
            {
                inputs["token_type_ids"] = typesValue;
            }

            IDisposableReadOnlyCollection<OrtValue> outputs;
            try
            {
                outputs = _session.Run(run, inputs, new[] { _outputName });
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }

            using (outputs)
            {
                ReadOnlySpan<float> output = outputs.First().GetTensorDataAsSpan<float>();
                int stride = _outputIsPooled ? Dimensions : sequence * Dimensions;
                for (int r = 0; r < rows.Length; r++)
                {
                    Span<float> row = destination.Slice(rows[r] * Dimensions, Dimensions);
                    int tokens = Math.Max(1, encoded[rows[r]].Count);
                    TokenPooling.Pool(output.Slice(r * stride, stride), _outputIsPooled ? 1 : tokens, Pooling, _normalize, row);
                }
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
            ArrayPool<long>.Shared.Return(types);
        }
    }

    private (string Name, bool Pooled, int Dimensions) ChooseOutput(ModelFolder folder)
    {
        IReadOnlyDictionary<string, NodeMetadata> outputs = _session.OutputMetadata;
        string name = outputs.ContainsKey("sentence_embedding") ? "sentence_embedding"
            : outputs.ContainsKey("last_hidden_state") ? "last_hidden_state"
            : outputs.Keys.First();
        int[] shape = outputs[name].Dimensions;
        int dimensions = shape.Length > 0 && shape[^1] > 0 ? shape[^1] : ModelFolder.Int(folder.Config, "hidden_size", 0);
        if (shape.Length is not (2 or 3) || dimensions <= 0)
        {
            throw new OnnxEmbeddingModelException(
                $"The ONNX model '{folder.ModelPath}' output '{name}' has shape [{string.Join(", ", shape)}]; expected [batch, sequence, hidden] or [batch, hidden] with a known hidden size.");
        }

        return (name, shape.Length == 2, dimensions);
    }
}
