using System;
using System.IO;

namespace LlmLint.PackageTests;

/// <summary>
/// Builds console apps outside the solution against the packed packages (<see cref="ConsumerApp"/>): one package per
/// concern, so an app gets the warnings from <c>LlmLint</c> or <c>LlmLint.Analyzers</c> alone, and a database driver only
/// from the store package that needs it.
/// </summary>
public sealed class ConsumerProjectTests
{
    /// <summary>A frontier model on a classification prompt: LLM2001 on any project that has the analyzers (after <c>using Microsoft.Extensions.AI;</c>).</summary>
    private const string ClassifyWithFrontierModel = """
        public enum Sentiment { Positive, Negative, Neutral }

        public static class Classifier
        {
            public static async Task<Sentiment> AskAsync(IChatClient client, string review)
            {
                var response = await client.GetResponseAsync("Classify the sentiment of this review as Positive, Negative or Neutral: " + review, new ChatOptions { ModelId = "gpt-4o" });
                return Enum.Parse<Sentiment>(response.Text);
            }
        }
        """;

    [Fact]
    public void App_referencing_only_LlmLint_gets_the_warnings_and_the_generator_and_no_database_driver()
    {
        using var app = new ConsumerApp("consumer");
        app.Write(ConsumerApp.LlmLintPackage("LlmLint"), """
            using LlmLint;
            using Microsoft.Extensions.AI;

            public partial class Reviews(ILlmRuntime llm)
            {
                [Prompt("Classify the sentiment of this review: {review}")]
                [Route(Tier.Small)]
                public partial Task<Sentiment> ClassifyAsync(string review, CancellationToken cancellationToken = default);
            }

            public static class Program
            {
                public static void Main() { }
            }

            """ + ClassifyWithFrontierModel);

        var (exit, output) = app.Build();

        Assert.True(exit == 0, "The consumer project did not build:\n" + ChildProcess.Tail(output));
        AssertAnalyzersLoadedAndReported(output);
        var generated = Path.Combine(app.Dir, "obj", "Debug", "net10.0", "generated", "LlmLint.Generators");
        Assert.True(Directory.Exists(generated), "The generator produced no files under " + generated + "\n" + ChildProcess.Tail(output));
        Assert.NotEmpty(Directory.GetFiles(generated, "*.g.cs", SearchOption.AllDirectories));
        Assert.True(File.Exists(Path.Combine(app.OutputDir, "LlmLint.dll")), "The runtime library is not in the output.");
        Assert.Empty(app.DriversInOutput());
    }

    [Fact]
    public void App_referencing_only_LlmLint_Analyzers_gets_the_warnings_and_no_runtime_assembly()
    {
        using var app = new ConsumerApp("analyzers-only");
        app.Write(
            ConsumerApp.LlmLintPackage("LlmLint.Analyzers") + """<PackageReference Include="Microsoft.Extensions.AI.Abstractions" Version="11.0.0" />""",
            "using Microsoft.Extensions.AI;\n\npublic static class Program\n{\n    public static void Main() { }\n}\n\n" + ClassifyWithFrontierModel);

        var (exit, output) = app.Build();

        Assert.True(exit == 0, "The analyzers-only project did not build:\n" + ChildProcess.Tail(output));
        AssertAnalyzersLoadedAndReported(output);
        Assert.Empty(app.LlmLintAssembliesInOutput());
        Assert.Empty(app.DriversInOutput());
    }

    [Fact]
    public void App_referencing_LlmLint_Sqlite_creates_a_sqlite_cache()
    {
        using var app = new ConsumerApp("sqlite");
        app.Write(ConsumerApp.LlmLintPackage("LlmLint.Sqlite"), """
            using System.Text;
            using LlmLint.Stores;

            var store = new SqliteLlmCacheStore("cache.db");
            await store.SetAsync("answer", Encoding.UTF8.GetBytes("Positive"), TimeSpan.FromMinutes(5));
            byte[]? stored = await store.GetAsync("answer");
            Console.WriteLine($"read back: {(stored is null ? "nothing" : Encoding.UTF8.GetString(stored))}");
            Console.WriteLine($"file: {new FileInfo("cache.db").Length > 0}");
            """);

        var (built, buildOutput) = app.Build();
        Assert.True(built == 0, "The SQLite project did not build:\n" + ChildProcess.Tail(buildOutput));
        var (exit, output) = app.Run();

        Assert.True(exit == 0, "The SQLite app failed:\n" + ChildProcess.Tail(output));
        Assert.Contains("read back: Positive", output, StringComparison.Ordinal);
        Assert.Contains("file: True", output, StringComparison.Ordinal);
        Assert.Contains(app.DriversInOutput(), f => f.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal));
    }

    private static void AssertAnalyzersLoadedAndReported(string output)
    {
        Assert.DoesNotContain("CS8032", output, StringComparison.Ordinal);
        Assert.DoesNotContain("CS9057", output, StringComparison.Ordinal);
        Assert.DoesNotContain("AD0001", output, StringComparison.Ordinal);
        Assert.True(output.Contains("LLM2001", StringComparison.Ordinal), "The analyzers did not report the frontier model on a classification prompt (LLM2001):\n" + ChildProcess.Tail(output));
    }
}
