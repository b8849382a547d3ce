using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmLint.Embeddings;

namespace LlmLint.Tests.Embeddings;

/// <summary>
/// One sentence of the reference file: its text, the reference token ids and the reference embedding (null when the
/// reference produced none, as for the empty string).
/// </summary>
public sealed record ReferenceItem(string Text, int[] Ids, float[]? Embedding);

/// <summary>Loads the model once for all embedding tests, and the reference outputs.</summary>
public sealed class EmbeddingModelFixture
{
    public EmbeddingModelFixture()
    {
        ModelDirectory = EmbeddingModelLocator.Locate();
        Generator = LocalEmbeddingGenerator.FromDirectory(ModelDirectory);
        Reference = LoadReference();
    }

    public string ModelDirectory { get; }

    public LocalEmbeddingGenerator Generator { get; }

    public IReadOnlyList<ReferenceItem> Reference { get; }

    /// <summary>The reference outputs committed with the tests (tests/data/use-lite, provenance in tests/data/README.md).</summary>
    public static string FindReferenceFile()
    {
        string path = Path.Combine(TestRepo.Root, "tests", "data", "use-lite", "reference_embeddings.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The reference file '{path}' is missing from the checkout.");
        }

        return path;
    }

    private static List<ReferenceItem> LoadReference()
    {
        string path = FindReferenceFile();
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var items = new List<ReferenceItem>();
        foreach (JsonElement item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var ids = new List<int>();
            foreach (JsonElement id in item.GetProperty("ids").EnumerateArray()) ids.Add(id.GetInt32());
            float[]? embedding = null;
            if (item.TryGetProperty("embedding", out JsonElement e) && e.ValueKind == JsonValueKind.Array)
            {
                var values = new List<float>();
                foreach (JsonElement v in e.EnumerateArray()) values.Add(v.GetSingle());
                embedding = values.ToArray();
            }

            items.Add(new ReferenceItem(item.GetProperty("text").GetString()!, ids.ToArray(), embedding));
        }

        if (items.Count == 0) throw new InvalidOperationException($"The reference file '{path}' holds no items.");
        return items;
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddingCollection : ICollectionFixture<EmbeddingModelFixture>
{
    public const string Name = "Embedding model";
}
