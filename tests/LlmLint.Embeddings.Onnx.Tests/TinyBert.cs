using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace LlmLint.Embeddings.Onnx.Tests;

/// <summary>One sentence of the tiny BERT reference: its token ids and its mean- and CLS-pooled unit vectors (by torch).</summary>
public sealed record TinyBertReference(string Text, int[] Ids, float[] Mean, float[] Cls);

/// <summary>The tiny BERT-architecture test model (tests/data/tiny-bert, built by eng/models/build-tiny-bert.py).</summary>
public static class TinyBert
{
    public static string Directory => Path.Combine(TestRepo.Root, "tests", "data", "tiny-bert");

    public static IReadOnlyList<TinyBertReference> Reference()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "reference.json")));
        var items = new List<TinyBertReference>();
        foreach (JsonElement item in document.RootElement.GetProperty("items").EnumerateArray())
        {
            items.Add(new TinyBertReference(
                item.GetProperty("text").GetString()!,
                item.GetProperty("ids").Deserialize<int[]>()!,
                item.GetProperty("mean").Deserialize<float[]>()!,
                item.GetProperty("cls").Deserialize<float[]>()!));
        }

        return items;
    }
}
