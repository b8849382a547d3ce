using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>
/// Verifies an analyzer's diagnostics (via <see cref="CSharpAnalyzerVerifier{TAnalyzer}"/>), then applies the fixer to the
/// first diagnostic (<see cref="VerifyFixAsync"/>) or through its Fix All provider at solution scope
/// (<see cref="VerifyFixAllAsync"/>) in an <see cref="AdhocWorkspace"/>, and compares the resulting document text.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TFixer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TFixer : CodeFixProvider, new()
{
    public static Task<ImmutableArray<Diagnostic>> VerifyAnalyzerAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAsync(markup, configure);

    public static Task VerifyFixAsync([StringSyntax("C#-test")] string markup, [StringSyntax("C#-test")] string fixedSource, Action<TestSetup>? configure = null) =>
        RunFixAsync(markup, fixedSource, configure, fixAll: false);

    public static Task VerifyFixAllAsync([StringSyntax("C#-test")] string markup, [StringSyntax("C#-test")] string fixedSource, Action<TestSetup>? configure = null) =>
        RunFixAsync(markup, fixedSource, configure, fixAll: true);

    /// <summary>Asserts that no code fix is offered for any diagnostic of <paramref name="markup"/>.</summary>
    public static async Task VerifyNoFixAsync([StringSyntax("C#-test")] string markup, Action<TestSetup>? configure = null)
    {
        var setup = new TestSetup();
        configure?.Invoke(setup);
        await CSharpAnalyzerVerifier<TAnalyzer>.VerifyAsync(markup, setup);
        (Project project, ImmutableArray<Diagnostic> diagnostics) = await PrepareAsync(Markup.Parse(markup).Source, setup);
        var fixer = new TFixer();
        Document document = project.Documents.First();
        foreach (Diagnostic d in diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)))
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, d, (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count > 0)
            {
                throw new InvalidOperationException($"Expected no fix for {d.Id} but got '{actions[0].Title}'.");
            }
        }
    }

    private static async Task RunFixAsync(string markup, string fixedSource, Action<TestSetup>? configure, bool fixAll)
    {
        var setup = new TestSetup();
        configure?.Invoke(setup);
        await CSharpAnalyzerVerifier<TAnalyzer>.VerifyAsync(markup, setup);

        (Project project, ImmutableArray<Diagnostic> diagnostics) = await PrepareAsync(Markup.Parse(markup).Source, setup);
        var fixer = new TFixer();
        Document document = project.Documents.First(d => d.Name == "Test0.cs");
        ImmutableArray<Diagnostic> fixable = diagnostics.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
        if (fixable.IsEmpty)
        {
            throw new InvalidOperationException("No fixable diagnostic.");
        }

        Solution solution;
        if (!fixAll)
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, fixable[0], (a, _) => actions.Add(a), CancellationToken.None));
            if (actions.Count == 0)
            {
                throw new InvalidOperationException("The fixer registered no code action.");
            }

            solution = await ApplyAsync(actions[0]);
        }
        else
        {
            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, fixable[0], (a, _) => actions.Add(a), CancellationToken.None));
            string key = actions.Count > 0 ? actions[0].EquivalenceKey! : throw new InvalidOperationException("The fixer registered no code action.");
            FixAllProvider provider = fixer.GetFixAllProvider() ?? throw new InvalidOperationException("No Fix All provider.");
            var context = new FixAllContext(document, fixer, FixAllScope.Solution, key, fixer.FixableDiagnosticIds, new Provider(fixable), CancellationToken.None);
            CodeAction action = await provider.GetFixAsync(context) ?? throw new InvalidOperationException("Fix All produced no action.");
            solution = await ApplyAsync(action);
        }

        string actual = (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        if (!string.Equals(Normalize(actual), Normalize(fixedSource), StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Fixed source differs.\n--- expected ---\n" + fixedSource + "\n--- actual ---\n" + actual);
        }
    }

    private static string Normalize(string s) => s.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static async Task<Solution> ApplyAsync(CodeAction action)
    {
        ImmutableArray<CodeActionOperation> ops = await action.GetOperationsAsync(CancellationToken.None);
        ApplyChangesOperation apply = ops.OfType<ApplyChangesOperation>().Single();
        return apply.ChangedSolution;
    }

    private static async Task<(Project, ImmutableArray<Diagnostic>)> PrepareAsync(string source, TestSetup setup)
    {
        var workspace = new AdhocWorkspace();
        ProjectId projectId = ProjectId.CreateNewId();
        Solution solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId, VersionStamp.Default, "TestProject", "TestProject", LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: AnalyzerRunner.ParseOptions,
            metadataReferences: TestReferences.For(setup.Sdks)));
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "Test0.cs", SourceText.From(source), filePath: "/0/Test0.cs");
        for (int i = 0; i < setup.ExtraSources.Count; i++)
        {
            solution = solution.AddDocument(DocumentId.CreateNewId(projectId), $"Stub{i}.cs", SourceText.From(setup.ExtraSources[i]), filePath: $"/0/Stub{i}.cs");
        }

        Project project = solution.GetProject(projectId)!;
        Compilation compilation = (await project.GetCompilationAsync())!;
        AnalyzerRunner.Result result = await AnalyzerRunner.RunAsync(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()), setup.AnalyzerOptions());
        return (project, result.Diagnostics);
    }

    private sealed class Provider : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public Provider(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken);
            return _diagnostics.Where(d => d.Location.SourceTree == tree);
        }

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
