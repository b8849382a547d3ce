using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

/// <summary>
/// One sentence of the USE-lite reference file: its text, the reference token ids and the reference embedding (null when
/// the reference produced none, as for the empty string).
/// </summary>
public sealed record ReferenceItem(string Text, int[] Ids, float[]? Embedding);

/// <summary>The USE-lite reference outputs committed with the tests (tests/data/use-lite, provenance in tests/data/README.md).</summary>
internal static class UseLiteReference
{
    public static string FilePath => Path.Combine(TestRepo.Root, "tests", "data", "use-lite", "reference_embeddings.json");

    public static IReadOnlyList<ReferenceItem> Load()
    {
        string path = FilePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The reference file '{path}' is missing from the checkout.");
        }

        using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var items = new List<ReferenceItem>();
        foreach (JsonElement item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            int[] ids = item.GetProperty("ids").Deserialize<int[]>()!;
            float[]? embedding = item.TryGetProperty("embedding", out JsonElement e) && e.ValueKind == JsonValueKind.Array
                ? e.Deserialize<float[]>()
                : null;
            items.Add(new ReferenceItem(item.GetProperty("text").GetString()!, ids, embedding));
        }

        if (items.Count == 0) throw new InvalidOperationException($"The reference file '{path}' holds no items.");
        return items;
    }
}
