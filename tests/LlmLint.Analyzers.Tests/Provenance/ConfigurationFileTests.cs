using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using static LlmLint.Analyzers.Tests.Provenance.ModelProvenanceTests;

namespace LlmLint.Analyzers.Tests.Provenance;

/// <summary>
/// Configuration files beyond appsettings*.json: the JSON files the code adds with <c>AddJsonFile</c>, their committed
/// templates when the file itself is not committed, and an Azure Functions <c>local.settings.json</c>.
/// </summary>
public class ConfigurationFileTests
{
    private const string AddsLocalSettings = """

        public static class Settings
        {
            public static Microsoft.Extensions.Configuration.IConfiguration Build() =>
                new Microsoft.Extensions.Configuration.ConfigurationBuilder()
                    .AddJsonFile("appsettings.json", optional: true)
                    .AddJsonFile("config/local.settings.json", optional: true, reloadOnChange: true)
                    .Build();
        }
        """;

    private static readonly string Markup = ConfigIndexer.Replace("MODEL", "_config[\"AI:ChatModel\"]");

    [Fact]
    public async Task A_file_the_code_adds_is_read_and_wins_over_appsettings()
    {
        Diagnostic d = await Site(Markup + AddsLocalSettings, MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o-mini" } }"""),
            ("/app/local.settings.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in local.settings.json (read after appsettings.json)", ModelProvenanceTests.Provenance(d));
    }

    [Theory]
    [InlineData("local.settings.json.sample")]
    [InlineData("local.settings.json.example")]
    [InlineData("local.settings.json.template")]
    [InlineData("local.settings.sample.json")]
    public async Task The_committed_template_of_a_file_the_code_adds_is_read_when_the_file_is_not_committed(string template)
    {
        Diagnostic d = await Site(Markup + AddsLocalSettings, MeaiHosting,
            ("/app/appsettings.json", """{ "Logging": { } }"""),
            ("/app/" + template, """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in " + template + ", the committed template of a file the app reads", ModelProvenanceTests.Provenance(d));
    }

    [Fact]
    public async Task A_template_gives_way_to_appsettings_and_the_committed_file_to_nothing()
    {
        Diagnostic withBase = await Site(Markup + AddsLocalSettings, MeaiHosting,
            ("/app/appsettings.json", """{ "AI": { "ChatModel": "gpt-4o-mini" } }"""),
            ("/app/local.settings.json.sample", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o-mini", withBase.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in appsettings.json", ModelProvenanceTests.Provenance(withBase));

        Diagnostic both = await Site(Markup + AddsLocalSettings, MeaiHosting,
            ("/app/local.settings.json", """{ "AI": { "ChatModel": "" } }"""),
            ("/app/local.settings.json.sample", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal(string.Empty, both.Properties["ModelId"]);
        Assert.StartsWith("configuration key 'AI:ChatModel': no appsettings.json", ModelProvenanceTests.Provenance(both));
    }

    [Fact]
    public async Task A_json_file_the_code_does_not_add_is_not_read()
    {
        Diagnostic d = await Site(Markup, MeaiHosting,
            ("/app/appsettings.json", """{ "Logging": { } }"""),
            ("/app/secrets.json", """{ "AI": { "ChatModel": "gpt-4o" } }"""),
            ("/app/other.json.sample", """{ "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal(string.Empty, d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel': not in appsettings.json", ModelProvenanceTests.Provenance(d));
    }

    [Fact]
    public async Task The_values_of_a_functions_local_settings_file_are_read_as_the_host_reads_them()
    {
        Diagnostic d = await Site(Markup, MeaiHosting,
            ("/app/local.settings.json", """{ "IsEncrypted": false, "Values": { "FUNCTIONS_WORKER_RUNTIME": "dotnet-isolated", "AI__ChatModel": "gpt-4o" } }"""));
        Assert.Equal("gpt-4o", d.Properties["ModelId"]);
        Assert.Equal("configuration key 'AI:ChatModel' in local.settings.json (Values) (read after appsettings.json)", ModelProvenanceTests.Provenance(d));

        Diagnostic outside = await Site(Markup, MeaiHosting,
            ("/app/local.settings.json", """{ "IsEncrypted": false, "AI": { "ChatModel": "gpt-4o" } }"""));
        Assert.Equal(string.Empty, outside.Properties["ModelId"]);
    }
}
