using System.Security;
using LlmLint.Build;

namespace LlmLint.Corpus;

/// <summary>
/// The compiler inputs of one C# project as MSBuild hands them to Csc: a target injected with
/// <c>CustomBeforeMicrosoftCommonTargets</c> (the way <c>llmlint scan</c> injects its analyzer) writes them to a file just
/// before <c>CoreCompile</c>, so the harness can analyse the compilation itself even when it has compile errors (the
/// compiler skips analyzers then).
/// </summary>
internal sealed record CompilerInputs(
    string ProjectName,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> References,
    IReadOnlyList<string> AdditionalFiles,
    IReadOnlyList<string> EditorConfigFiles,
    IReadOnlyList<string> Analyzers,
    IReadOnlyList<string> DefineConstants,
    string LangVersion,
    string Nullable,
    bool AllowUnsafe,
    bool Executable)
{
    public static string TargetsFile(string captureDirectory)
    {
        var dir = SecurityElement.Escape(captureDirectory);
        return $$"""
            <Project>
              <Import Project="$(MSBuildExtensionsPath)/v$(MSBuildToolsVersion)/Custom.Before.Microsoft.Common.targets"
                      Condition="Exists('$(MSBuildExtensionsPath)/v$(MSBuildToolsVersion)/Custom.Before.Microsoft.Common.targets')" />
              <Target Name="_LlmLintCorpusCapture" BeforeTargets="CoreCompile" Condition="'$(Language)' == 'C#'">
                <!-- The configuration files the LlmLint.Analyzers package adds, as for a project that references it. -->
                <ItemGroup>
            {{ConfigurationFileItems.Items("$(MSBuildProjectDirectory)", "      ")}}
                </ItemGroup>
                <ItemGroup>
                  <_LlmLintCorpusLine Include="@(Compile->'Compile=%(FullPath)')" />
                  <_LlmLintCorpusLine Include="@(ReferencePathWithRefAssemblies->'Reference=%(FullPath)')" />
                  <_LlmLintCorpusLine Include="@(AdditionalFiles->'Additional=%(FullPath)')" />
                  <_LlmLintCorpusLine Include="@(EditorConfigFiles->'EditorConfig=%(FullPath)')" />
                  <_LlmLintCorpusLine Include="@(Analyzer->'Analyzer=%(FullPath)')" />
                  <_LlmLintCorpusLine Include="DefineConstants=$(DefineConstants.Replace(';', ','))" />
                  <_LlmLintCorpusLine Include="LangVersion=$(LangVersion)" />
                  <_LlmLintCorpusLine Include="Nullable=$(Nullable)" />
                  <_LlmLintCorpusLine Include="AllowUnsafe=$(AllowUnsafeBlocks)" />
                  <_LlmLintCorpusLine Include="OutputType=$(OutputType)" />
                </ItemGroup>
                <WriteLinesToFile File="{{dir}}/$(MSBuildProjectName)-$([System.Guid]::NewGuid().ToString('N')).inputs" Lines="Project=$(MSBuildProjectFullPath);@(_LlmLintCorpusLine)" Overwrite="true" />
              </Target>
            </Project>
            """;
    }

    /// <summary>The inputs captured for <paramref name="projectPath"/>, or null when its compile step was not reached.</summary>
    public static CompilerInputs? Find(string captureDirectory, string projectPath)
    {
        if (!Directory.Exists(captureDirectory))
        {
            return null;
        }

        var full = Path.GetFullPath(projectPath);
        foreach (var file in Directory.EnumerateFiles(captureDirectory, "*.inputs").OrderBy(f => f, StringComparer.Ordinal))
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length > 0 && string.Equals(lines[0], "Project=" + full, StringComparison.Ordinal))
            {
                return Parse(lines);
            }
        }

        return null;
    }

    private static CompilerInputs Parse(string[] lines)
    {
        List<string> Values(string key) => lines.Where(l => l.StartsWith(key + "=", StringComparison.Ordinal)).Select(l => l[(key.Length + 1)..]).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        string Value(string key) => Values(key).FirstOrDefault() ?? "";
        return new CompilerInputs(
            Path.GetFileNameWithoutExtension(Value("Project")),
            Values("Compile"),
            Values("Reference"),
            Values("Additional"),
            Values("EditorConfig"),
            Values("Analyzer"),
            Value("DefineConstants").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Value("LangVersion"),
            Value("Nullable"),
            string.Equals(Value("AllowUnsafe"), "true", StringComparison.OrdinalIgnoreCase),
            Value("OutputType").Equals("Exe", StringComparison.OrdinalIgnoreCase) || Value("OutputType").Equals("WinExe", StringComparison.OrdinalIgnoreCase));
    }
}
