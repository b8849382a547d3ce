using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Corpus;

/// <summary>One diagnostic of the LlmLint analyzers, with its location and properties.</summary>
internal sealed record Finding(string RuleId, string File, int Line, string Message, IReadOnlyDictionary<string, string?> Properties);

/// <summary>What analysing one compilation produced.</summary>
internal sealed record AnalysisResult(
    IReadOnlyList<Finding> Findings, int CompileErrors, IReadOnlyList<string> FirstCompileErrors, int AnalyzerExceptions,
    IReadOnlyList<string> ExceptionSamples, int GeneratorFailures, IReadOnlyList<AnalyzerTime> AnalyzerTimes);

/// <summary>Execution time of one LlmLint analyzer on a compilation (summed over the driver's threads).</summary>
internal sealed record AnalyzerTime(string Analyzer, TimeSpan Time);

/// <summary>
/// Rebuilds the compilation from the captured compiler inputs, runs the project's source generators, then runs the
/// LlmLint analyzers with the project's analyzer config and AdditionalFiles. Analyzer crashes are counted (AD0001 and
/// any exception the analyzer driver reports), never rethrown.
/// </summary>
internal static class CompilationAnalysis
{
    public static async Task<AnalysisResult> RunAsync(CompilerInputs inputs, string analyzerPath, bool timing, CancellationToken cancellationToken)
    {
        var languageVersion = LanguageVersionFacts.TryParse(inputs.LangVersion, out var v) ? v : LanguageVersion.Latest;
        var parseOptions = new CSharpParseOptions(languageVersion, DocumentationMode.Parse, SourceCodeKind.Regular, inputs.DefineConstants);
        var trees = inputs.Sources.Where(File.Exists)
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f), System.Text.Encoding.UTF8), parseOptions, f, cancellationToken))
            .ToList();
        var references = inputs.References.Where(File.Exists).Select(r => MetadataReference.CreateFromFile(r)).ToList();
        var nullable = inputs.Nullable.ToLowerInvariant() switch
        {
            "enable" => NullableContextOptions.Enable,
            "warnings" => NullableContextOptions.Warnings,
            "annotations" => NullableContextOptions.Annotations,
            _ => NullableContextOptions.Disable,
        };
        var options = new CSharpCompilationOptions(inputs.Executable ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: nullable, allowUnsafe: inputs.AllowUnsafe, concurrentBuild: true);
        Compilation compilation = CSharpCompilation.Create(inputs.ProjectName, trees, references, options);

        var configProvider = new AnalyzerOptionsFromConfig(inputs.EditorConfigFiles);
        var additional = inputs.AdditionalFiles.Where(File.Exists).Select(f => (AdditionalText)new FileText(f)).ToImmutableArray();
        var generatorFailures = 0;
        var generators = inputs.Analyzers
            .Where(a => File.Exists(a) && !Path.GetFileName(a).StartsWith("LlmLint.", StringComparison.OrdinalIgnoreCase))
            .SelectMany(a => SafeGenerators(a))
            .ToList();
        if (generators.Count > 0)
        {
            var driver = CSharpGeneratorDriver.Create(generators, additional, parseOptions, configProvider);
            driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out var generatorDiagnostics, cancellationToken);
            compilation = updated;
            generatorFailures = generatorDiagnostics.Count(d => d.Id is "CS8784" or "CS8785");
        }

        var analyzers = new AnalyzerFileReference(analyzerPath, AnalyzerLoading.Instance).GetAnalyzers(LanguageNames.CSharp);
        var exceptions = new ConcurrentBag<string>();
        if (timing)
        {
            // Warm-up on a copy of the compilation (its own symbols and caches): the timed run then pays no JIT of the
            // analyzers, only what they do per compilation.
            await compilation.Clone().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(additional, configProvider), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync(cancellationToken);
        }

        var withAnalyzers = compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(additional, configProvider),
            onAnalyzerException: (ex, analyzer, _) => exceptions.Add($"{analyzer.GetType().Name}: {ex.GetType().Name}: {ex.Message}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: timing));
        // One pass binds the compilation for both the compiler's errors and the analyzers.
        var all = await withAnalyzers.GetAllDiagnosticsAsync(cancellationToken);
        var compileErrors = all.Where(d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("LLM", StringComparison.Ordinal) && d.Id != "AD0001").ToList();
        var diagnostics = all.Where(d => d.Id.StartsWith("LLM", StringComparison.Ordinal) || d.Id == "AD0001").ToList();

        var findings = new List<Finding>();
        foreach (var d in diagnostics)
        {
            if (d.Id == "AD0001")
            {
                exceptions.Add(d.GetMessage());
                continue;
            }

            if (!d.Id.StartsWith("LLM", StringComparison.Ordinal) || !d.Location.IsInSource)
            {
                continue;
            }

            var span = d.Location.GetLineSpan();
            findings.Add(new Finding(d.Id, span.Path, span.StartLinePosition.Line + 1, d.GetMessage(), d.Properties));
        }

        var times = new List<AnalyzerTime>();
        if (timing)
        {
            // The analysis is done; this reads the driver's per-analyzer timings of it.
            var analysis = await withAnalyzers.GetAnalysisResultAsync(cancellationToken);
            foreach (var (analyzer, telemetry) in analysis.AnalyzerTelemetryInfo)
            {
                times.Add(new AnalyzerTime(analyzer.GetType().Name, telemetry.ExecutionTime));
            }
        }

        var distinctExceptions = exceptions.Distinct(StringComparer.Ordinal).ToList();
        return new AnalysisResult(
            findings,
            compileErrors.Count,
            compileErrors.Take(5).Select(e => e.ToString()).ToList(),
            distinctExceptions.Count,
            distinctExceptions.Take(5).ToList(),
            generatorFailures,
            times);
    }

    private static IEnumerable<ISourceGenerator> SafeGenerators(string path)
    {
        try
        {
            return new AnalyzerFileReference(path, AnalyzerLoading.Instance).GetGenerators(LanguageNames.CSharp);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return [];
        }
    }
}
