using System.Collections.Generic;
using System.Linq;

namespace LlmLint.CodeFixes
{
    /// <summary>
    /// LLM2003: inserts an exact cache stage with its own in-memory store,
    /// <c>.UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))</c>, before
    /// <c>.Build()</c> of the Microsoft.Extensions.AI builder the client comes from, and the usings it needs. The store is
    /// explicit so that the program does not depend on an <c>IDistributedCache</c> registration it may not have; the
    /// analyzer offers the fix only when the compilation references those types.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheDeterministicCallFixer)), Shared]
    public sealed class CacheDeterministicCallFixer : CodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.CacheDeterministicCall + ".UseInMemoryDistributedCache";

        private const string Title = "Cache the chat client in memory ('.UseDistributedCache(new MemoryDistributedCache(...))')";

        private static readonly (string Name, string Namespace)[] s_names =
        {
            ("MemoryDistributedCache", "Microsoft.Extensions.Caching.Distributed"),
            ("Options", "Microsoft.Extensions.Options"),
            ("MemoryDistributedCacheOptions", "Microsoft.Extensions.Caching.Memory"),
        };

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.CacheDeterministicCall);

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => new FixAll();

        /// <inheritdoc />
        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            Solution solution = context.Document.Project.Solution;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                if (Target(solution, diagnostic) != null)
                {
                    ImmutableArray<Diagnostic> one = ImmutableArray.Create(diagnostic);
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => ApplyAsync(solution, one, ct), EquivalenceKey), diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        /// <summary>The document and span of the <c>.Build()</c> call to extend, when the diagnostic carries a safe fix.</summary>
        private static (DocumentId Document, TextSpan Build)? Target(Solution solution, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.CacheFix, out string? fix) || fix != DiagnosticProperties.InsertUseDistributedCache
                || !(FixTarget.Find(solution, diagnostic) is (Document doc, Location target)))
            {
                return null;
            }

            return (doc.Id, target.SourceSpan);
        }

        private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken ct)
        {
            var byDocument = new Dictionary<DocumentId, HashSet<TextSpan>>();
            foreach (Diagnostic d in diagnostics)
            {
                if (Target(solution, d) is (DocumentId id, TextSpan span))
                {
                    if (!byDocument.TryGetValue(id, out HashSet<TextSpan>? spans))
                    {
                        byDocument[id] = spans = new HashSet<TextSpan>();
                    }

                    spans.Add(span);
                }
            }

            Solution result = solution;
            foreach (KeyValuePair<DocumentId, HashSet<TextSpan>> entry in byDocument)
            {
                Document? doc = solution.GetDocument(entry.Key);
                if (doc == null)
                {
                    continue;
                }

                SyntaxNode root = (await doc.GetSyntaxRootAsync(ct).ConfigureAwait(false))!;
                SemanticModel model = (await doc.GetSemanticModelAsync(ct).ConfigureAwait(false))!;
                SourceText text = await doc.GetTextAsync(ct).ConfigureAwait(false);
                var changes = new List<TextChange>();
                var usings = new SortedSet<string>(System.StringComparer.Ordinal);
                foreach (TextSpan span in entry.Value)
                {
                    if (root.FindNode(span, getInnermostNodeForTie: true) is InvocationExpressionSyntax build
                        && build.Expression is MemberAccessExpressionSyntax access && access.Name.Identifier.ValueText == "Build")
                    {
                        changes.Add(new TextChange(new TextSpan(access.OperatorToken.SpanStart, 0), Stage(model, access, usings)));
                    }
                }

                if (changes.Count == 0)
                {
                    continue;
                }

                if (usings.Count > 0 && root is CompilationUnitSyntax unit)
                {
                    changes.Add(UsingsChange(unit, usings));
                }

                result = result.WithDocumentText(entry.Key, text.WithChanges(changes));
            }

            return result;
        }

        /// <summary>
        /// The text inserted before <c>.Build</c>. Each type is written by its simple name when it already binds there or
        /// when a using makes it bind (recorded in <paramref name="usings"/>), and fully qualified when the simple name
        /// means something else at that position (a property named <c>Options</c>, a namespace <c>X.Options</c>).
        /// </summary>
        private static string Stage(SemanticModel model, MemberAccessExpressionSyntax access, ISet<string> usings)
        {
            int position = access.SpanStart;
            var written = new string[s_names.Length];
            for (int i = 0; i < s_names.Length; i++)
            {
                (string name, string ns) = s_names[i];
                ImmutableArray<ISymbol> visible = model.LookupSymbols(position, name: name);
                if (visible.Length > 0 && visible.All(s => s is INamedTypeSymbol && s.ToDisplayString() == ns + "." + name))
                {
                    written[i] = name;
                }
                else if (visible.Length == 0)
                {
                    written[i] = name;
                    usings.Add(ns);
                }
                else
                {
                    written[i] = "global::" + ns + "." + name;
                }
            }

            string stage = ".UseDistributedCache(new " + written[0] + "(" + written[1] + ".Create(new " + written[2] + "())))";
            SyntaxToken previous = access.OperatorToken.GetPreviousToken();
            bool ownLine = previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!ownLine)
            {
                return stage;
            }

            string eol = previous.TrailingTrivia.First(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToFullString();
            return stage + eol + access.OperatorToken.LeadingTrivia.ToFullString();
        }

        private static TextChange UsingsChange(CompilationUnitSyntax unit, IEnumerable<string> namespaces)
        {
            var present = new HashSet<string>(unit.Usings.Select(u => u.Name?.ToString() ?? string.Empty));
            string eol = unit.GetLeadingTrivia().Concat(unit.DescendantTrivia()).FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToFullString();
            if (eol.Length == 0)
            {
                eol = "\n";
            }

            string added = string.Concat(namespaces.Where(n => !present.Contains(n)).Select(n => "using " + n + ";" + eol));
            int at = unit.Usings.Count > 0 ? unit.Usings.Last().FullSpan.End : unit.FullSpan.Start;
            return new TextChange(new TextSpan(at, 0), added);
        }

        /// <summary>Fix All: every fixable diagnostic in scope, one pass per document (a builder shared by many calls is extended once).</summary>
        private sealed class FixAll : FixAllProvider
        {
            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
                new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext context)
            {
                List<Diagnostic>? diagnostics = await TextEditFixAllProvider.DiagnosticsInScopeAsync(context).ConfigureAwait(false);
                if (diagnostics == null)
                {
                    return null;
                }

                Solution solution = context.Solution;
                List<Diagnostic> fixable = diagnostics.Where(d => context.DiagnosticIds.Contains(d.Id) && Target(solution, d) != null).ToList();
                return fixable.Count == 0
                    ? null
                    : CodeAction.Create("Cache every chat client builder in memory", ct => ApplyAsync(solution, fixable, ct), context.CodeActionEquivalenceKey);
            }
        }
    }
}
