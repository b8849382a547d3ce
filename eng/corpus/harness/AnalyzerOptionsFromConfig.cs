using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Corpus;

/// <summary>The analyzer options a compilation gets from its .editorconfig/.globalconfig files, as the compiler computes them.</summary>
internal sealed class AnalyzerOptionsFromConfig : AnalyzerConfigOptionsProvider
{
    private readonly AnalyzerConfigSet _set;

    public AnalyzerOptionsFromConfig(IEnumerable<string> configFiles)
    {
        var configs = configFiles.Where(File.Exists)
            .Select(f => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(f)), f))
            .ToList();
        _set = AnalyzerConfigSet.Create(configs);
        GlobalOptions = new Options(_set.GlobalConfigOptions.AnalyzerOptions);
    }

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => ForPath(tree.FilePath);

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => ForPath(textFile.Path);

    private Options ForPath(string path)
    {
        var result = _set.GetOptionsForSourcePath(path);
        var merged = _set.GlobalConfigOptions.AnalyzerOptions.SetItems(result.AnalyzerOptions);
        return new Options(merged);
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => values.Keys;
    }
}

/// <summary>An AdditionalFiles item read from disk.</summary>
internal sealed class FileText(string path) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default)
        => File.Exists(Path) ? SourceText.From(File.ReadAllText(Path)) : null;
}
