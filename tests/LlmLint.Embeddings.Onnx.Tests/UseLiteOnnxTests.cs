using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmLint.Embeddings;

namespace LlmLint.Embeddings.Onnx.Tests;

/// <summary>
/// USE-lite as ONNX: the converted model on ONNX Runtime, with its vocabulary on Microsoft.ML.Tokenizers, against the
/// reference outputs (the TF.js engine) and against the managed engine.
/// </summary>
public sealed class UseLiteOnnxTests : IClassFixture<UseLiteOnnxModel>
{
    private const float Tolerance = 1e-4f;
    private readonly UseLiteOnnxModel _model;

    public UseLiteOnnxTests(UseLiteOnnxModel model) => _model = model;

    [UseLiteOnnxFact]
    public void The_converter_writes_a_complete_model_folder()
    {
        Assert.True(_model.ConversionExitCode == 0, _model.ConversionOutput);
        foreach (string file in new[] { "model.onnx", "vocab.json", "config.json" })
        {
            Assert.True(File.Exists(Path.Combine(_model.Directory, file)), $"{file} is missing from {_model.Directory}");
        }
    }

    [UseLiteOnnxFact]
    public void The_converter_names_a_folder_without_the_model()
    {
        string empty = Directory.CreateTempSubdirectory("llmlint-no-model-").FullName;
        try
        {
            string output = UseLiteOnnxModel.Convert(empty, Path.Combine(empty, "out"), out int exitCode);

            Assert.Equal(2, exitCode);
            Assert.Contains(Path.Combine(empty, "model.json"), output);
            Assert.False(Directory.Exists(Path.Combine(empty, "out")));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [UseLiteOnnxFact]
    public void Token_ids_are_the_reference_tokenizer_s()
    {
        using LocalEmbeddingGenerator generator = UseLiteOnnxBackend.CreateGenerator(_model.Directory);

        Assert.Equal(128, generator.MaxTokens); // config.json: the graph's position limit
        foreach (ReferenceItem item in UseLiteReference.Load())
        {
            Assert.Equal(item.Ids, generator.Tokenize(item.Text));
        }
    }

    [UseLiteOnnxFact]
    public void Vectors_match_the_reference_within_1e4()
    {
        IReadOnlyList<ReferenceItem> reference = UseLiteReference.Load().Where(r => r.Embedding is not null).ToList();
        using LocalEmbeddingGenerator generator = UseLiteOnnxBackend.CreateGenerator(_model.Directory);
        float[] vectors = new float[reference.Count * LocalEmbeddingGenerator.Dimensions];

        generator.Embed(reference.Select(r => r.Text).ToArray(), vectors);

        for (int i = 0; i < reference.Count; i++)
        {
            AssertClose(reference[i].Embedding!, vectors.AsSpan(i * 512, 512), reference[i].Text);
        }
    }

    [UseLiteOnnxFact]
    public void Vectors_match_the_managed_engine_within_1e4_on_a_thousand_texts_in_batches_of_mixed_lengths()
    {
        string[] texts = Texts().Append(string.Join(' ', Enumerable.Repeat("refund the order", 60))).ToArray();
        Assert.True(texts.Length >= 1000, $"only {texts.Length} texts");
        using LocalEmbeddingGenerator onnx = UseLiteOnnxBackend.CreateGenerator(_model.Directory);
        using LocalEmbeddingGenerator managed = LocalEmbeddingGenerator.FromDirectory(UseLiteOnnxModel.UseLiteDirectory);
        float[] a = new float[texts.Length * 512];
        float[] b = new float[texts.Length * 512];

        onnx.Embed(texts, a);
        managed.Embed(texts, b);

        for (int i = 0; i < texts.Length; i++)
        {
            AssertClose(b.AsSpan(i * 512, 512).ToArray(), a.AsSpan(i * 512, 512), texts[i]);
        }
    }

    /// <summary>
    /// Texts of every kind: the token-count prompts (banking77, GPTCache, RouteLLM), each line of the
    /// adversarial cache set as it stands (two requests and a label, with commas and quotes), and edge cases.
    /// </summary>
    private static string[] Texts()
    {
        var texts = new List<string>
        {
            "<s> and </s> are text here", "extra_token_id_1", "  two  spaces\tand a tab ", "ﬁne ligatures ①②", "emoji 🙂 and 日本語",
            "UPPER lower MiXeD", "a", "?", "1,234.56 USD", "e-mail: someone@example.com",
        };
        foreach (string line in File.ReadLines(Path.Combine(TestRepo.Root, "tests", "data", "token-count", "prompts.jsonl")))
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            texts.Add(document.RootElement.GetProperty("text").GetString()!);
        }

        texts.AddRange(File.ReadLines(Path.Combine(TestRepo.Root, "tests", "data", "semantic-cache", "adversarial.csv")).Skip(1));
        return texts.Distinct().ToArray();
    }

    private static void AssertClose(float[] expected, ReadOnlySpan<float> actual, string text)
    {
        Assert.Equal(expected.Length, actual.Length);
        float worst = 0;
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst <= Tolerance, $"'{text}': max |difference| {worst:E2} > {Tolerance:E0}");
    }
}
