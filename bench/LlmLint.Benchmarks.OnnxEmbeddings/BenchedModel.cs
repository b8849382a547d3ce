using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmLint.Embeddings;
using LlmLint.Embeddings.Onnx;

/// <summary>One model folder under test: USE-lite on <see cref="UseLiteOnnxBackend"/> when its config.json says
/// <c>"model_type": "use-lite"</c>, any other export on <see cref="OnnxEmbeddingGenerator"/>.</summary>
internal sealed class BenchedModel : IDisposable
{
    private readonly OnnxEmbeddingGenerator? _export;
    private readonly UseLiteOnnxBackend? _useLite;
    private readonly LocalEmbeddingGenerator? _useLiteGenerator;

    private BenchedModel(OnnxEmbeddingGenerator export) => _export = export;

    private BenchedModel(UseLiteOnnxBackend backend, LocalEmbeddingGenerator generator)
    {
        _useLite = backend;
        _useLiteGenerator = generator;
    }

    public int Dimensions => _export?.Dimensions ?? LocalEmbeddingGenerator.Dimensions;

    public string ExecutionProvider => _export?.ExecutionProvider ?? _useLite!.ExecutionProvider;

    public string ExecutionProviderReason => _export?.ExecutionProviderReason ?? _useLite!.ExecutionProviderReason;

    public static BenchedModel Open(string folder, OnnxExecutionProvider provider)
    {
        var options = new OnnxEmbeddingOptions { ExecutionProvider = provider, BatchSize = 256 };
        if (!IsUseLite(folder))
        {
            options.ModelDirectory = folder;
            return new BenchedModel(new OnnxEmbeddingGenerator(options));
        }

        UseLiteOnnxBackend backend = UseLiteOnnxBackend.Load(folder, options);
        var generator = new LocalEmbeddingGenerator(backend, SentencePieceTokenizer.Load(Path.Combine(folder, "vocab.json")),
            new LocalEmbeddingOptions { MaxBatchSize = 256 });
        return new BenchedModel(backend, generator);
    }

    public void Embed(IReadOnlyList<string> texts, float[] output)
    {
        if (_export is not null)
        {
            _export.Embed(texts, output);
            return;
        }

        string[] array = texts as string[] ?? new List<string>(texts).ToArray();
        _useLiteGenerator!.Embed(array, output);
    }

    public void Dispose()
    {
        _export?.Dispose();
        _useLiteGenerator?.Dispose();
        _useLite?.Dispose();
    }

    private static bool IsUseLite(string folder)
    {
        string config = Path.Combine(folder, "config.json");
        if (!File.Exists(config)) return false;
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(config));
        return document.RootElement.TryGetProperty("model_type", out JsonElement type) && type.GetString() == "use-lite";
    }
}
