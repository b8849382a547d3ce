using System;
using System.IO;
using LlmLint.Embeddings;

namespace LlmLint.Embeddings.Tests;

[Collection(EmbeddingCollection.Name)]
public sealed class EmbeddingModelFileTests : IDisposable
{
    private readonly EmbeddingModelFixture _f;
    private readonly string _dir;

    public EmbeddingModelFileTests(EmbeddingModelFixture fixture)
    {
        _f = fixture;
        _dir = Path.Combine(Path.GetTempPath(), "llmlint-embed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        // Links to the real files; each test replaces the one it breaks.
        foreach (string file in Directory.GetFiles(_f.ModelDirectory))
        {
            File.CreateSymbolicLink(Path.Combine(_dir, Path.GetFileName(file)), file);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    private void Replace(string name, byte[] content)
    {
        File.Delete(PathOf(name));
        File.WriteAllBytes(PathOf(name), content);
    }

    private EmbeddingModelException Fails() => Assert.Throws<EmbeddingModelException>(() => LocalEmbeddingGenerator.FromDirectory(_dir));

    [Fact]
    public void The_linked_copy_loads()
    {
        using LocalEmbeddingGenerator g = LocalEmbeddingGenerator.FromDirectory(_dir);
        Assert.Equal(512, g.Embed("hello").Length);
    }

    [Fact]
    public void Missing_directory_is_named()
    {
        string missing = Path.Combine(_dir, "nope");
        EmbeddingModelException ex = Assert.Throws<EmbeddingModelException>(() => LocalEmbeddingGenerator.FromDirectory(missing));
        Assert.Contains(missing, ex.Message);
    }

    [Fact]
    public void Missing_vocabulary_is_named()
    {
        File.Delete(PathOf("vocab.json"));
        EmbeddingModelException ex = Fails();
        Assert.Contains("vocab.json", ex.Message);
        Assert.Equal(PathOf("vocab.json"), ex.FilePath);
    }

    [Fact]
    public void Malformed_vocabulary_is_named()
    {
        Replace("vocab.json", "[[\"a\", 1], {\"x\": 2}]"u8.ToArray());
        EmbeddingModelException ex = Fails();
        Assert.Contains("vocab.json", ex.Message);
        Assert.Contains("index 1", ex.Message);
    }

    [Fact]
    public void Missing_model_json_is_named()
    {
        File.Delete(PathOf("model.json"));
        EmbeddingModelException ex = Fails();
        Assert.Equal(PathOf("model.json"), ex.FilePath);
        Assert.Contains("model.json", ex.Message);
    }

    [Fact]
    public void Invalid_model_json_is_named()
    {
        Replace("model.json", "{\"modelTopology\": "u8.ToArray());
        EmbeddingModelException ex = Fails();
        Assert.Contains("model.json", ex.Message);
        Assert.Contains("not valid JSON", ex.Message);
    }

    [Fact]
    public void Model_json_without_a_manifest_is_named()
    {
        Replace("model.json", "{\"modelTopology\": {\"node\": []}}"u8.ToArray());
        EmbeddingModelException ex = Fails();
        Assert.Contains("weightsManifest", ex.Message);
    }

    [Fact]
    public void Missing_shard_is_named()
    {
        File.Delete(PathOf("group1-shard3of7"));
        EmbeddingModelException ex = Fails();
        Assert.Equal(PathOf("group1-shard3of7"), ex.FilePath);
        Assert.Contains("group1-shard3of7", ex.Message);
    }

    [Fact]
    public void Truncated_last_shard_is_named()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_f.ModelDirectory, "group1-shard7of7"));
        Replace("group1-shard7of7", bytes.AsSpan(0, bytes.Length - 100).ToArray());
        EmbeddingModelException ex = Fails();
        Assert.Contains("group1-shard7of7", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void Oversized_shard_is_named()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(_f.ModelDirectory, "group1-shard7of7"));
        Array.Resize(ref bytes, bytes.Length + 64);
        Replace("group1-shard7of7", bytes);
        EmbeddingModelException ex = Fails();
        Assert.Contains("group1-shard7of7", ex.Message);
    }

    [Fact]
    public void A_weight_with_another_shape_is_named()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(_f.ModelDirectory, "model.json")))!;
        bool changed = false;
        foreach (var weight in root["weightsManifest"]![0]!["weights"]!.AsArray())
        {
            if ((string?)weight!["name"] != "module/Encoder_en/hidden_layers/tanh_layer_0/weights") continue;
            // Same byte count, other shape: [512, 512] becomes [256, 1024].
            weight["shape"] = new System.Text.Json.Nodes.JsonArray(256, 1024);
            changed = true;
        }

        Assert.True(changed);
        Replace("model.json", System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));
        EmbeddingModelException ex = Fails();
        Assert.Contains("tanh_layer_0/weights", ex.Message);
        Assert.Contains("expected float32[512,512]", ex.Message);
    }

    [Fact]
    public void Locator_finds_the_packaged_model_in_the_application_folder_and_nowhere_above_it()
    {
        string app = Path.Combine(_dir, "app");
        Directory.CreateDirectory(app);
        // A model above the application folder (as in a source checkout) is not picked up.
        string above = Path.Combine(_dir, ".assets", "use-lite", "dist");
        Directory.CreateDirectory(above);
        File.WriteAllText(Path.Combine(above, "model.json"), "{}");

        EmbeddingModelException missing = Assert.Throws<EmbeddingModelException>(() => EmbeddingModelLocator.Locate(null, app));
        Assert.Contains(Path.Combine(app, "llmlint-models", "use-lite", "model.json"), missing.Message);
        Assert.Contains("LlmLint.Embeddings.UseLite", missing.Message);
        Assert.Contains("LLMLINT_EMBEDDING_MODEL", missing.Message);

        string packaged = Path.Combine(app, "llmlint-models", "use-lite");
        Directory.CreateDirectory(packaged);
        File.WriteAllText(Path.Combine(packaged, "model.json"), "{}");
        Assert.Equal(packaged, EmbeddingModelLocator.Locate("  ", app));
    }

    [Fact]
    public void Locator_takes_the_configured_folder_first_and_names_it_when_it_holds_no_model()
    {
        string configured = Path.Combine(_dir, "configured");
        Directory.CreateDirectory(configured);
        EmbeddingModelException wrong = Assert.Throws<EmbeddingModelException>(() => EmbeddingModelLocator.Locate(configured, _dir));
        Assert.Contains(Path.Combine(configured, "model.json"), wrong.Message);

        File.WriteAllText(Path.Combine(configured, "model.json"), "{}");
        Assert.Equal(configured, EmbeddingModelLocator.Locate(configured, _dir));
    }
}
