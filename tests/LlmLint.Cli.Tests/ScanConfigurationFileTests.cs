using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>The scan reads the configuration files a project's code reads, with the real analyzers and packages.</summary>
public sealed class ScanConfigurationFileTests
{
    [Fact]
    public void Model_in_the_committed_template_of_a_settings_file_the_app_reads_is_priced()
    {
        using var dir = new TempDir();
        dir.File("Bot/Bot.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup><ItemGroup>"
            + "<PackageReference Include=\"Microsoft.Extensions.AI.Abstractions\" Version=\"11.0.0\" />"
            + "<PackageReference Include=\"Microsoft.Extensions.Configuration.Json\" Version=\"11.0.0\" /></ItemGroup></Project>");
        dir.File("Bot/Triage.cs", """
            using System.Threading.Tasks;
            using Microsoft.Extensions.AI;
            using Microsoft.Extensions.Configuration;

            public sealed class Triage(IChatClient client)
            {
                private static readonly IConfiguration Settings = new ConfigurationBuilder()
                    .AddJsonFile("appsettings.json", optional: true)
                    .AddJsonFile("local.settings.json", optional: true)
                    .Build();

                public Task<ChatResponse> SummariseAsync(string ticket) =>
                    client.GetResponseAsync("Summarise this support ticket in two sentences: " + ticket, new ChatOptions { ModelId = Settings["AI:ChatModel"] });
            }
            """);
        // The file the app reads holds a key and is not committed; its template is.
        dir.File("Bot/local.settings.json.sample", """{ "AI": { "ChatModel": "gpt-4o", "ApiKey": "KEY" } }""");
        dir.File("Bot/package.json", """{ "AI": { "ChatModel": "not-configuration" } }""");

        var run = CliRunner.Run("scan", Path.Combine(dir.Path, "Bot"), "-o", Path.Combine(dir.Path, "out"), "--format", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "out", "report.json")));
        var site = report.RootElement.GetProperty("callSites").EnumerateArray().Single();
        Assert.Equal("gpt-4o", site.GetProperty("model").GetString());
        Assert.Contains("local.settings.json.sample", site.GetProperty("modelProvenance").GetString());
    }
}
