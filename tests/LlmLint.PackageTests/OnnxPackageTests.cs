using System;
using System.IO;
using System.Linq;

namespace LlmLint.PackageTests;

/// <summary>
/// The ONNX embeddings reach users through packages alone: an app outside the repository that references only
/// <c>LlmLint.Embeddings.Onnx</c> loads a BERT-architecture model folder (the repository's tiny test model) on ONNX Runtime's
/// CPU provider and embeds a sentence; ONNX Runtime's native library arrives with the package.
/// </summary>
public sealed class OnnxPackageTests
{
    [Fact]
    public void App_referencing_only_the_onnx_package_embeds_with_a_model_folder()
    {
        string model = Path.Combine(RepoPaths.Root, "tests", "data", "tiny-bert");
        using var app = new ConsumerApp("onnx-package");
        app.Write(ConsumerApp.LlmLintPackage("LlmLint.Embeddings.Onnx"), $$"""
            using LlmLint.Embeddings.Onnx;

            using OnnxEmbeddingGenerator generator = OnnxEmbeddingGenerator.FromDirectory(@"{{model.Replace("\"", "\"\"", StringComparison.Ordinal)}}");
            float[] vector = new float[generator.Dimensions];
            generator.Embed(new[] { "Where is my parcel?" }, vector);
            double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            Console.WriteLine($"provider={generator.ExecutionProvider} dimensions={vector.Length} norm={norm:0.000}");
            """);

        var (built, buildOutput) = app.Build();
        Assert.True(built == 0, "The app did not build:\n" + ChildProcess.Tail(buildOutput));
        var (exit, output) = app.Run();

        Assert.True(exit == 0, "The app did not run:\n" + ChildProcess.Tail(output));
        Assert.Contains("provider=CPU", output, StringComparison.Ordinal);
        Assert.Contains("norm=1.000", output, StringComparison.Ordinal);
        Assert.True(
            Directory.EnumerateFiles(app.OutputDir, "*onnxruntime*", SearchOption.AllDirectories).Any(f => !f.EndsWith(".dll", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("onnxruntime", StringComparison.Ordinal)),
            "ONNX Runtime's native library did not arrive with the package.");
    }
}
