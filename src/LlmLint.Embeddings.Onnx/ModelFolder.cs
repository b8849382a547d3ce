using System;
using System.IO;
using System.Text.Json;

namespace LlmLint.Embeddings.Onnx;

/// <summary>The files of a sentence-embedding model folder and the settings its JSON files hold.</summary>
internal sealed class ModelFolder
{
    private static readonly string[] ModelNames = { "model.onnx", "onnx/model.onnx", "model_optimized.onnx", "onnx/model_optimized.onnx" };

    private ModelFolder(string directory, string modelPath)
    {
        Directory = directory;
        ModelPath = modelPath;
        TokenizerConfig = ReadJson(Path.Combine(directory, "tokenizer_config.json"));
        Config = ReadJson(Path.Combine(directory, "config.json"));
        PoolingConfig = ReadJson(Path.Combine(directory, "1_Pooling", "config.json"));
    }

    public string Directory { get; }

    public string ModelPath { get; }

    public JsonElement? TokenizerConfig { get; }

    public JsonElement? Config { get; }

    public JsonElement? PoolingConfig { get; }

    /// <summary>Finds the model folder's files; a missing folder or model file is an error naming where it looked.</summary>
    public static ModelFolder Open(OnnxEmbeddingOptions options)
    {
        string? directory = options.ModelDirectory ?? (options.ModelPath is null ? null : Path.GetDirectoryName(Path.GetFullPath(options.ModelPath)));
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new ArgumentException("Set OnnxEmbeddingOptions.ModelDirectory (or ModelPath) to the model folder.", nameof(options));
        }

        directory = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new OnnxEmbeddingModelException($"The model folder '{directory}' does not exist.");
        }

        if (options.ModelPath is not null)
        {
            string path = Path.GetFullPath(options.ModelPath);
            return System.IO.File.Exists(path) ? new ModelFolder(directory, path) : throw new OnnxEmbeddingModelException($"The ONNX model '{path}' does not exist.");
        }

        foreach (string name in ModelNames)
        {
            string candidate = Path.Combine(directory, name);
            if (System.IO.File.Exists(candidate))
            {
                return new ModelFolder(directory, candidate);
            }
        }

        throw new OnnxEmbeddingModelException($"The model folder '{directory}' has no ONNX model: looked for {string.Join(", ", ModelNames)}.");
    }

    /// <summary>Gets the path of a file in the folder, or null when it is absent.</summary>
    public string? File(string name)
    {
        string path = Path.Combine(Directory, name);
        return System.IO.File.Exists(path) ? path : null;
    }

    /// <summary>Reads a boolean setting of a JSON file, or <paramref name="fallback"/>.</summary>
    public static bool Bool(JsonElement? json, string name, bool fallback) =>
        json is { } j && j.TryGetProperty(name, out JsonElement v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    /// <summary>Reads an integer setting of a JSON file, or <paramref name="fallback"/>.</summary>
    public static int Int(JsonElement? json, string name, int fallback) =>
        json is { } j && j.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out long n)
            ? (int)Math.Clamp(n, 0, int.MaxValue) : fallback;

    /// <summary>Reads a string setting of a JSON file, or null.</summary>
    public static string? String(JsonElement? json, string name) =>
        json is { } j && j.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? ReadJson(string path)
    {
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(System.IO.File.ReadAllBytes(path));
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new OnnxEmbeddingModelException($"'{path}' is not a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new OnnxEmbeddingModelException($"'{path}' is not valid JSON: {exception.Message}", exception);
        }
    }
}
