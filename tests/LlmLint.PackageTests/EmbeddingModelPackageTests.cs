using System;
using System.Collections.Generic;
using System.IO;

namespace LlmLint.PackageTests;

/// <summary>
/// The USE-lite model reaches users through packages alone: an app outside the repository that references
/// <c>LlmLint</c> and <c>LlmLint.Embeddings.UseLite</c> embeds a sentence, and the <c>llmlint</c> tool installed from the
/// packed folder embeds and evaluates a cache with nothing else installed (no <c>.assets</c>, no environment variable).
/// </summary>
public sealed class EmbeddingModelPackageTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-model-package-" + Guid.NewGuid().ToString("N"));

    private static Dictionary<string, string> Environment(string dir) => new()
    {
        ["NUGET_PACKAGES"] = Path.Combine(dir, ".nuget-packages"),
        ["UseSharedCompilation"] = "false",
        // Nothing but the packages may supply the model.
        ["LLMLINT_EMBEDDING_MODEL"] = string.Empty,
    };

    [Fact]
    public void App_referencing_the_model_package_embeds_a_sentence()
    {
        string version = RepoPaths.PackageVersion("LlmLint.Embeddings.UseLite");
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
                <PackageReference Include="LlmLint" Version="{RepoPaths.PackageVersion("LlmLint")}" />
                <PackageReference Include="LlmLint.Embeddings.UseLite" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using LlmLint.Embeddings;

            float[] vector = LocalEmbeddingGenerator.Default.Embed("Where is my parcel?");
            double norm = Math.Sqrt(vector.Sum(v => (double)v * v));
            Console.WriteLine($"dimensions={vector.Length} norm={norm:0.000}");
            """);

        var (exit, output) = ChildProcess.Run("dotnet", "run -c Release", TimeSpan.FromMinutes(8), _dir, Environment(_dir));

        Assert.True(exit == 0, "The app did not run:\n" + ChildProcess.Tail(output));
        Assert.Contains("dimensions=512 norm=1.000", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "bin", "Release", "net10.0", "llmlint-models", "use-lite", "LICENSE")), "The model's licence is not beside its files.");
    }

    [Fact]
    public void Installed_tool_embeds_and_evaluates_a_cache_with_nothing_else_installed()
    {
        string version = RepoPaths.PackageVersion("LlmLint.Cli");
        Directory.CreateDirectory(_dir);
        LocalFeed.Write(_dir);
        var env = Environment(_dir);
        var (installed, installOutput) = ChildProcess.Run("dotnet", $"tool install --tool-path tools LlmLint.Cli --version {version}", TimeSpan.FromMinutes(5), _dir, env);
        Assert.True(installed == 0, "dotnet tool install failed:\n" + ChildProcess.Tail(installOutput));
        string llmlint = Path.Combine(_dir, "tools", "llmlint");

        File.WriteAllLines(Path.Combine(_dir, "texts.jsonl"), ["\"Where is my parcel?\"", "\"Has my order shipped?\""]);
        var (embedded, embedOutput) = ChildProcess.Run(llmlint, "embed --input texts.jsonl --output vectors.jsonl", TimeSpan.FromMinutes(3), _dir, env);
        Assert.True(embedded == 0, "llmlint embed failed:\n" + ChildProcess.Tail(embedOutput));
        string[] vectors = File.ReadAllLines(Path.Combine(_dir, "vectors.jsonl"));
        Assert.Equal(2, vectors.Length);
        Assert.Equal(512, vectors[0].Split(',').Length);

        File.WriteAllLines(Path.Combine(_dir, "pairs.csv"),
        [
            "stored,query,same_meaning",
            "Where is my parcel?,Where's my package?,true",
            "Buy 10 shares of AAPL,Sell 10 shares of AAPL,false",
            "How do I reset my password?,How can I reset my password?,true",
        ]);
        var (evaluated, evalOutput) = ChildProcess.Run(llmlint, "eval cache --data pairs.csv --format json", TimeSpan.FromMinutes(3), _dir, env);
        Assert.True(evaluated == 0, "llmlint eval cache failed:\n" + ChildProcess.Tail(evalOutput));
        Assert.Contains("\"default\"", evalOutput, StringComparison.Ordinal);
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
