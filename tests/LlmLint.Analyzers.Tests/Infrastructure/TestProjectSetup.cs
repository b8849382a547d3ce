using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Applies a <see cref="TestSetup"/> to a Microsoft.CodeAnalysis.Testing test: the test source and extra sources, the
/// real SDK assemblies as references (nothing is downloaded), .editorconfig options and additional files, C# preview
/// with nullable reference types.
/// </summary>
public static class TestProjectSetup
{
    /// <summary>No reference-assembly package: the BCL and the SDKs come from <see cref="TestReferences"/>.</summary>
    public static readonly ReferenceAssemblies NoPackages = new("net10.0");

    public static void Apply(AnalyzerTest<DefaultVerifier> test, string markup, TestSetup setup)
    {
        test.ReferenceAssemblies = NoPackages;
        test.TestState.Sources.Add(markup);
        foreach (string extra in setup.ExtraSources)
        {
            test.TestState.Sources.Add(extra);
        }

        test.TestState.AdditionalReferences.AddRange(TestReferences.For(setup.Sdks));
        foreach (TestAdditionalText file in setup.AdditionalFiles)
        {
            test.TestState.AdditionalFiles.Add((file.Path, file.GetText()));
        }

        // MSBuild hands build properties to analyzers through a global config; everything else is .editorconfig.
        var buildProperties = setup.Options.Where(o => o.Key.StartsWith(BuildPropertyPrefix, StringComparison.Ordinal)).ToList();
        var editorConfig = setup.Options.Where(o => !o.Key.StartsWith(BuildPropertyPrefix, StringComparison.Ordinal)).ToList();
        if (editorConfig.Count > 0)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", ConfigText("root = true\n\n[*]\n", editorConfig)));
        }

        if (buildProperties.Count > 0)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", ConfigText("is_global = true\n", buildProperties)));
        }

        // `$$` is C# (raw interpolated strings), not a caret position, in every test source. Rules report one ID with
        // several message variants: markup takes the first descriptor and the span decides.
        test.MarkupOptions = MarkupOptions.TreatPositionIndicatorsAsCode | MarkupOptions.UseFirstDescriptor;
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            Project project = solution.GetProject(projectId)!;
            return solution
                .WithProjectParseOptions(projectId, ((CSharpParseOptions)project.ParseOptions!).WithLanguageVersion(LanguageVersion.Preview))
                .WithProjectCompilationOptions(projectId, ((CSharpCompilationOptions)project.CompilationOptions!).WithNullableContextOptions(NullableContextOptions.Enable));
        });
    }

    private const string BuildPropertyPrefix = "build_property.";

    private static string ConfigText(string header, IEnumerable<KeyValuePair<string, string>> options)
    {
        var sb = new StringBuilder(header);
        foreach (KeyValuePair<string, string> kv in options.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            sb.Append(kv.Key).Append(" = ").Append(kv.Value).Append('\n');
        }

        return sb.ToString();
    }
}
