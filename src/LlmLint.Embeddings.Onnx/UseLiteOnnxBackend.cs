using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using LlmLint.Embeddings;
using Microsoft.ML.OnnxRuntime;

namespace LlmLint.Embeddings.Onnx;

/// <summary>
/// USE-lite on ONNX Runtime: the <see cref="IEmbeddingBackend"/> of <see cref="LocalEmbeddingGenerator"/> over the model
/// that eng/models/convert-use-lite.py writes (<c>model.onnx</c>: input_ids and attention_mask in, the unit-length
/// sentence embedding out). Tokens come from USE-lite's own <see cref="SentencePieceTokenizer"/>, so the ids are the
/// reference tokenizer's; the network runs on the CPU or, with Microsoft.ML.OnnxRuntime.Gpu and a device, on CUDA.
/// </summary>
/// <remarks>Thread-safe: one session serves every thread; the input buffers of a call are pooled.</remarks>
public sealed class UseLiteOnnxBackend : IEmbeddingBackend, IDisposable
{
    private const string OutputName = "sentence_embedding";
    private readonly InferenceSession _session;
    private readonly string[] _outputNames = { OutputName };

    private UseLiteOnnxBackend(InferenceSession session, int maxTokens, string provider, string reason)
    {
        _session = session;
        MaxTokens = maxTokens;
        ExecutionProvider = provider;
        ExecutionProviderReason = reason;
    }

    /// <inheritdoc/>
    public int Dimensions => LocalEmbeddingGenerator.Dimensions;

    /// <inheritdoc/>
    public int MaxTokens { get; }

    /// <summary>Gets the execution provider the model runs on: <c>CPU</c> or <c>CUDA</c>.</summary>
    public string ExecutionProvider { get; }

    /// <summary>Gets why that provider was chosen (for example why CUDA could not start).</summary>
    public string ExecutionProviderReason { get; }

    /// <summary>Loads the converted model folder (<c>model.onnx</c>, <c>config.json</c>).</summary>
    /// <param name="modelDirectory">The folder convert-use-lite.py wrote.</param>
    /// <param name="options">Execution provider and threads (the other options do not apply); null for the defaults.</param>
    /// <exception cref="OnnxEmbeddingModelException">A file is missing or is not a USE-lite model; the message names it.</exception>
    public static UseLiteOnnxBackend Load(string modelDirectory, OnnxEmbeddingOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        ModelFolder folder = ModelFolder.Open(new OnnxEmbeddingOptions { ModelDirectory = modelDirectory });
        int maxTokens = ModelFolder.Int(folder.Config, "max_position_embeddings", 0);
        if (maxTokens is < 1 or > 4096)
        {
            throw new OnnxEmbeddingModelException(
                $"'{Path.Combine(folder.Directory, "config.json")}' gives max_position_embeddings {maxTokens}; expected 1..4096 (the file convert-use-lite.py writes).");
        }

        InferenceSession session;
        string provider, reason;
        try
        {
            session = ExecutionProviderSelector.Create(folder.ModelPath, options ?? new OnnxEmbeddingOptions(), out provider, out reason);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new OnnxEmbeddingModelException($"The ONNX model '{folder.ModelPath}' cannot be loaded: {exception.Message}", exception);
        }

        if (!session.InputMetadata.ContainsKey("input_ids") || !session.InputMetadata.ContainsKey("attention_mask")
            || !session.OutputMetadata.TryGetValue(OutputName, out NodeMetadata? output) || output.Dimensions is not [_, LocalEmbeddingGenerator.Dimensions])
        {
            session.Dispose();
            throw new OnnxEmbeddingModelException(
                $"The ONNX model '{folder.ModelPath}' is not USE-lite as convert-use-lite.py writes it (input_ids and attention_mask in, {OutputName} [batch, {LocalEmbeddingGenerator.Dimensions}] out).");
        }

        return new UseLiteOnnxBackend(session, maxTokens, provider, reason);
    }

    /// <summary>A <see cref="LocalEmbeddingGenerator"/> that runs USE-lite on ONNX Runtime.</summary>
    /// <param name="modelDirectory">The folder convert-use-lite.py wrote (with <c>vocab.json</c>).</param>
    /// <param name="options">Execution provider and threads; null for the defaults.</param>
    /// <param name="generatorOptions">Batching and token limit of the generator; null for the defaults.</param>
    public static LocalEmbeddingGenerator CreateGenerator(string modelDirectory, OnnxEmbeddingOptions? options = null, LocalEmbeddingOptions? generatorOptions = null)
    {
        UseLiteOnnxBackend backend = Load(modelDirectory, options);
        try
        {
            SentencePieceTokenizer tokenizer = SentencePieceTokenizer.Load(Path.Combine(modelDirectory, "vocab.json"));
            return new LocalEmbeddingGenerator(backend, tokenizer, generatorOptions);
        }
        catch
        {
            backend.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Embed(ReadOnlySpan<int> tokens, ReadOnlySpan<int> offsets, Span<float> destination, bool parallelKernels)
    {
        int count = offsets.Length - 1;
        if (count <= 0) return;
        if (destination.Length < count * Dimensions)
        {
            throw new ArgumentException($"Expected room for {count * Dimensions} values.", nameof(destination));
        }

        int sequence = 1;
        for (int s = 0; s < count; s++) sequence = Math.Max(sequence, offsets[s + 1] - offsets[s]);
        int cells = count * sequence;
        long[] ids = ArrayPool<long>.Shared.Rent(cells);
        long[] mask = ArrayPool<long>.Shared.Rent(cells);
        try
        {
            Array.Clear(ids, 0, cells);
            Array.Clear(mask, 0, cells);
            for (int s = 0; s < count; s++)
            {
                int start = offsets[s], length = offsets[s + 1] - start;
                for (int t = 0; t < length; t++)
                {
                    ids[(s * sequence) + t] = tokens[start + t];
                    mask[(s * sequence) + t] = 1;
                }
            }

            long[] shape = { count, sequence };
            using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, ids.AsMemory(0, cells), shape);
            using OrtValue maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, mask.AsMemory(0, cells), shape);
            var inputs = new Dictionary<string, OrtValue>(2) { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
            using RunOptions run = new();
            using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(run, inputs, _outputNames);
            outputs[0].GetTensorDataAsSpan<float>().Slice(0, count * Dimensions).CopyTo(destination);
        }
        finally
        {
            ArrayPool<long>.Shared.Return(ids);
            ArrayPool<long>.Shared.Return(mask);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _session.Dispose();
}
