using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmLint.CodeFixes
{
    /// <summary>One text edit a fix makes, possibly in another document than the diagnostic's.</summary>
    internal readonly struct FixEdit
    {
        public FixEdit(DocumentId document, TextChange change)
        {
            Document = document;
            Change = change;
        }

        public DocumentId Document { get; }
        public TextChange Change { get; }
    }

    /// <summary>
    /// Fix All for fixers whose edits are small text changes that several diagnostics may share (a const used by many
    /// call sites): collects every edit in scope, drops duplicates, and applies each document's edits from the last
    /// position to the first, skipping an edit that overlaps one already taken.
    /// </summary>
    internal sealed class TextEditFixAllProvider : FixAllProvider
    {
        private readonly Func<Solution, Diagnostic, CancellationToken, Task<FixEdit?>> _computeEdit;
        private readonly string _title;

        public TextEditFixAllProvider(string title, Func<Solution, Diagnostic, CancellationToken, Task<FixEdit?>> computeEdit)
        {
            _title = title;
            _computeEdit = computeEdit;
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            List<Diagnostic>? diagnostics = await DiagnosticsInScopeAsync(fixAllContext).ConfigureAwait(false);
            if (diagnostics == null)
            {
                return null;
            }

            Solution solution = fixAllContext.Solution;
            var edits = new List<FixEdit>();
            foreach (Diagnostic d in diagnostics)
            {
                if (!fixAllContext.DiagnosticIds.Contains(d.Id))
                {
                    continue;
                }

                FixEdit? edit = await _computeEdit(solution, d, fixAllContext.CancellationToken).ConfigureAwait(false);
                if (edit != null)
                {
                    edits.Add(edit.Value);
                }
            }

            if (edits.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(_title, ct => ApplyAsync(solution, edits, ct), fixAllContext.CodeActionEquivalenceKey);
        }

        /// <summary>The diagnostics of a Fix All request's scope (document, project or solution); null for another scope.</summary>
        public static async Task<List<Diagnostic>?> DiagnosticsInScopeAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document != null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (Project p in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(p).ConfigureAwait(false));
                    }

                    break;
                default:
                    return null;
            }

            return diagnostics;
        }

        public static async Task<Solution> ApplyAsync(Solution solution, IReadOnlyList<FixEdit> edits, CancellationToken ct)
        {
            foreach (IGrouping<DocumentId, FixEdit> group in edits.GroupBy(e => e.Document))
            {
                Document? doc = solution.GetDocument(group.Key);
                if (doc == null)
                {
                    continue;
                }

                SourceText text = await doc.GetTextAsync(ct).ConfigureAwait(false);
                var taken = new List<TextChange>();
                foreach (FixEdit e in group.OrderByDescending(e => e.Change.Span.Start).ThenByDescending(e => e.Change.Span.End))
                {
                    bool duplicate = false;
                    bool overlaps = false;
                    foreach (TextChange t in taken)
                    {
                        if (t.Span == e.Change.Span && t.NewText == e.Change.NewText)
                        {
                            duplicate = true;
                            break;
                        }

                        if (t.Span.OverlapsWith(e.Change.Span) || (t.Span.Start == e.Change.Span.Start && (t.Span.IsEmpty || e.Change.Span.IsEmpty)))
                        {
                            overlaps = true;
                        }
                    }

                    if (!duplicate && !overlaps)
                    {
                        taken.Add(e.Change);
                    }
                }

                taken.Reverse();
                solution = solution.WithDocumentText(doc.Id, text.WithChanges(taken));
            }

            return solution;
        }
    }
}
