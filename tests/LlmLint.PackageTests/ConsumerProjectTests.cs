using System;
using System.IO;

namespace LlmLint.PackageTests;

/// <summary>
/// Builds a project outside the solution that references the packed <c>LlmLint</c> package from a local folder source,
/// and checks that the compiler loaded the analyzers and ran the generator.
/// </summary>
public sealed class ConsumerProjectTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-consumer-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void ConsumerProject_BuildsWithThePackage_LoadsAnalyzersAndGenerator()
    {
        var package = RepoPaths.FindPackage("LlmLint");
        var version = Path.GetFileNameWithoutExtension(package).Substring("LlmLint.".Length);
        Directory.CreateDirectory(_dir);

        LocalFeed.Write(_dir);
        File.WriteAllText(Path.Combine(_dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>
                <RestorePackagesPath>{Path.Combine(_dir, "packages")}</RestorePackagesPath>
                <RestoreAdditionalProjectFallbackFolders>{Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")}</RestoreAdditionalProjectFallbackFolders>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="LlmLint" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_dir, "Program.cs"), """
            using LlmLint;
            using Microsoft.Extensions.AI;

            public enum Sentiment { Positive, Negative, Neutral }

            public partial class Reviews(ILlmRuntime llm)
            {
                [Prompt("Classify the sentiment of this review: {review}")]
                [Route(Tier.Small)]
                public partial Task<Sentiment> ClassifyAsync(string review, CancellationToken cancellationToken = default);
            }

            public static class Program
            {
                public static async Task<Sentiment> AskAsync(IChatClient client, string review)
                {
                    var response = await client.GetResponseAsync("Classify the sentiment of this review as Positive, Negative or Neutral: " + review, new ChatOptions { ModelId = "gpt-4o" });
                    return Enum.Parse<Sentiment>(response.Text);
                }

                public static void Main() { }
            }
            """);

        var (exit, output) = Run("dotnet", $"build \"{Path.Combine(_dir, "Consumer.csproj")}\" -nologo -v n -p:UseSharedCompilation=false");
        Assert.True(exit == 0, "The consumer project did not build:\n" + Tail(output));
        Assert.DoesNotContain("CS8032", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);

        var generated = Path.Combine(_dir, "obj", "Debug", "net10.0", "generated", "LlmLint.Generators");
        Assert.True(Directory.Exists(generated), "The generator produced no files under " + generated + "\n" + Tail(output));
        Assert.NotEmpty(Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories));

        // The analyzers ran: the frontier model on a classification prompt is reported.
        Assert.Contains("LLM2001", output, StringComparison.Ordinal);
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

    private static string Tail(string text) => ChildProcess.Tail(text);

    private static (int Exit, string Output) Run(string file, string arguments) => ChildProcess.Run(file, arguments, TimeSpan.FromMinutes(8));
}
