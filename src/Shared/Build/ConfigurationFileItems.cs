using System.Linq;

namespace LlmLint.Build;

/// <summary>
/// The JSON files of a project folder the analyzers may read for configuration-bound models (<c>appsettings*.json</c>,
/// files the code adds with <c>AddJsonFile</c>, an Azure Functions <c>local.settings.json</c>, and the committed
/// templates of files that are not committed), as the MSBuild items that add them to <c>AdditionalFiles</c>. The
/// analyzers package's targets declare the same items (a package test compares them); <c>llmlint scan</c> and the corpus
/// harness write them from here.
/// </summary>
internal static class ConfigurationFileItems
{
    /// <summary>The file patterns, relative to the project folder.</summary>
    public const string Include = "*.json;*.json.sample;*.json.example;*.json.template;*.json.dist";

    /// <summary>JSON files of a project folder that are never configuration.</summary>
    public const string Exclude = "package.json;package-lock.json;tsconfig*.json;global.json;*.deps.json;*.runtimeconfig.json";

    /// <summary>
    /// The item elements for the folder <paramref name="directory"/> (an MSBuild expression or an escaped path). A file the
    /// project already lists as an AdditionalFile keeps its item and metadata; only the others are added.
    /// </summary>
    public static string Items(string directory, string indent) =>
        $"""
        {indent}<_LlmLintConfigurationFile Include="{InFolder(directory, Include)}" Exclude="{InFolder(directory, Exclude)}" />
        {indent}<_LlmLintConfigurationFile Remove="@(AdditionalFiles->'%(FullPath)')" />
        {indent}<AdditionalFiles Include="@(_LlmLintConfigurationFile)" />
        """;

    /// <summary>Each pattern of <paramref name="patterns"/> prefixed with <paramref name="directory"/>.</summary>
    public static string InFolder(string directory, string patterns)
        => string.Join(";", patterns.Split(';').Select(p => directory + "/" + p));
}
