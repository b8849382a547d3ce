using System;

namespace LlmLint.CodeFixes
{
    /// <summary>
    /// The registration shared by fixers whose fix is one small text edit per diagnostic: one code action per diagnostic
    /// that has an edit, and a <see cref="TextEditFixAllProvider"/> that applies the edits of many diagnostics at once.
    /// </summary>
    public abstract class TextEditCodeFixProvider : CodeFixProvider
    {
        private readonly ImmutableArray<string> _fixableIds;
        private readonly string _equivalenceKey;
        private readonly TextEditFixAllProvider _fixAll;
        private readonly Func<Solution, Diagnostic, CancellationToken, Task<FixEdit?>> _computeEdit;

        private protected TextEditCodeFixProvider(
            string diagnosticId,
            string equivalenceKey,
            string fixAllTitle,
            Func<Solution, Diagnostic, CancellationToken, Task<FixEdit?>> computeEdit)
        {
            _fixableIds = ImmutableArray.Create(diagnosticId);
            _equivalenceKey = equivalenceKey;
            _computeEdit = computeEdit;
            _fixAll = new TextEditFixAllProvider(fixAllTitle, computeEdit);
        }

        /// <inheritdoc />
        public sealed override ImmutableArray<string> FixableDiagnosticIds => _fixableIds;

        /// <inheritdoc />
        public sealed override FixAllProvider GetFixAllProvider() => _fixAll;

        /// <inheritdoc />
        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            Solution solution = context.Document.Project.Solution;
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                FixEdit? edit = await _computeEdit(solution, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (edit == null)
                {
                    continue;
                }

                FixEdit e = edit.Value;
                context.RegisterCodeFix(
                    CodeAction.Create(GetTitle(diagnostic), ct => TextEditFixAllProvider.ApplyAsync(solution, new[] { e }, ct), _equivalenceKey),
                    diagnostic);
            }
        }

        /// <summary>The title of the code action offered for <paramref name="diagnostic"/>.</summary>
        private protected abstract string GetTitle(Diagnostic diagnostic);
    }
}
