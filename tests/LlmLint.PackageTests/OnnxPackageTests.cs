using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace LlmLint.PackageTests;

/// <summary>
/// The ONNX embeddings reach users through packages alone: an app outside the repository that references only
/// <c>LlmLint.Embeddings.Onnx</c> loads a BERT-architecture model folder (the repository's tiny test model) on ONNX Runtime's
/// CPU provider and embeds a sentence; ONNX Runtime's native library arrives with the package.
/// </summary>
public sealed class OnnxPackageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-onnx-package-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void App_referencing_only_the_onnx_package_embeds_with_a_model_folder()
    {
        string model = Path.Combine(RepoPaths.Root, "tests", "data", "tiny-bert");
        Directory.CreateDirectory(_dir);
        LocalFeed.Write(_dir);
        File.WriteAllText(Path.Combine(_dir, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LlmLint.Embeddings.Onnx" Version="{RepoPaths.PackageVersion("LlmLint.Embeddings.Onnx")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using LlmLint.Embeddings.Onnx;

            using OnnxEmbeddingGenerator generator = OnnxEmbeddingGenerator.FromDirectory(args[0]);
            float[] vector = new float[generator.Dimensions];
            generator.Embed(new[] { "Where is my parcel?" }, vector);
            double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            Console.WriteLine($"provider={generator.ExecutionProvider} dimensions={vector.Length} norm={norm:0.000}");
            """);
        var environment = new Dictionary<string, string>
        {
            ["NUGET_PACKAGES"] = Path.Combine(_dir, ".nuget-packages"),
            ["UseSharedCompilation"] = "false",
        };

        var (exit, output) = ChildProcess.Run("dotnet", $"run -c Release -- \"{model}\"", TimeSpan.FromMinutes(8), _dir, environment);

        Assert.True(exit == 0, "The app did not run:\n" + ChildProcess.Tail(output));
        Assert.Contains("provider=CPU", output, StringComparison.Ordinal);
        Assert.Contains("norm=1.000", output, StringComparison.Ordinal);
        string bin = Path.Combine(_dir, "bin", "Release", "net10.0");
        Assert.True(
            Directory.EnumerateFiles(bin, "libonnxruntime*", SearchOption.AllDirectories).Any() || Directory.EnumerateFiles(bin, "onnxruntime*.dll", SearchOption.AllDirectories).Any(),
            "ONNX Runtime's native library did not arrive with the package.");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
