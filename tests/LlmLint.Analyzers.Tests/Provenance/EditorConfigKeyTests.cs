using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace LlmLint.Analyzers.Tests.Provenance;

/// <summary>The compiler's own .editorconfig parser keeps the <c>__</c> spelling of a configuration key and breaks a <c>:</c> one.</summary>
public class EditorConfigKeyTests
{
    private static ImmutableDictionary<string, string> Parse(string text)
    {
        AnalyzerConfig config = AnalyzerConfig.Parse("root = true\n[*.cs]\n" + text, "/repo/.editorconfig");
        return AnalyzerConfigSet.Create(ImmutableArray.Create(config)).GetOptionsForSourcePath("/repo/src/A.cs").AnalyzerOptions;
    }

    [Fact]
    public void DoubleUnderscoreKey_SurvivesLowerCased()
    {
        ImmutableDictionary<string, string> options = Parse("LLM2000.model_for_config.AI__ChatModel = gpt-4o\n");
        Assert.Equal("gpt-4o", options["llm2000.model_for_config.ai__chatmodel"]);
    }

    [Fact]
    public void ColonKey_DoesNotSurvive()
    {
        ImmutableDictionary<string, string> options = Parse("LLM2000.model_for_config.AI:ChatModel = gpt-4o\n");
        Assert.False(options.ContainsKey("llm2000.model_for_config.ai:chatmodel"));
    }
}
