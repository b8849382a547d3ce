using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>.editorconfig-style options for every tree of a test compilation.</summary>
public sealed class TestConfigOptionsProvider : AnalyzerConfigOptionsProvider
{
    private readonly Options _options;

    public TestConfigOptionsProvider(IReadOnlyDictionary<string, string>? values)
    {
        _options = new Options(values ?? new Dictionary<string, string>());
    }

    public override AnalyzerConfigOptions GlobalOptions => _options;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public Options(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            foreach (KeyValuePair<string, string> kv in _values)
            {
                if (KeyComparer.Equals(kv.Key, key))
                {
                    value = kv.Value;
                    return true;
                }
            }

            value = null;
            return false;
        }
    }
}

/// <summary>An in-memory AdditionalFiles item.</summary>
public sealed class TestAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public TestAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}

/// <summary>Everything a verifier run needs besides the sources.</summary>
public sealed class TestSetup
{
    public Sdks Sdks { get; set; } = Sdks.All;
    public List<string> ExtraSources { get; } = new();
    public Dictionary<string, string> Options { get; } = new();
    public List<TestAdditionalText> AdditionalFiles { get; } = new();

    public AnalyzerOptions AnalyzerOptions() =>
        new(ImmutableArray.CreateRange<AdditionalText>(AdditionalFiles), new TestConfigOptionsProvider(Options));
}
