using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.CodeFixes
{
    /// <summary>LLM2004: puts the static text first (swaps <c>hole + "static"</c>, or moves the holes of <c>$"{x}\n…static"</c> after it).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StaticPrefixFirstFixer)), Shared]
    public sealed class StaticPrefixFirstFixer : CodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.StaticPrefixFirst + ".Reorder";

        private static readonly TextEditFixAllProvider s_fixAll = new TextEditFixAllProvider("Put the static prompt prefix first", ComputeEditAsync);

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.StaticPrefixFirst);

        public override FixAllProvider GetFixAllProvider() => s_fixAll;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (Diagnostic diagnostic in context.Diagnostics)
            {
                FixEdit? edit = await ComputeEditAsync(context.Document.Project.Solution, diagnostic, context.CancellationToken).ConfigureAwait(false);
                if (edit == null)
                {
                    continue;
                }

                Solution solution = context.Document.Project.Solution;
                FixEdit e = edit.Value;
                context.RegisterCodeFix(
                    CodeAction.Create("Put the static text first", ct => TextEditFixAllProvider.ApplyAsync(solution, new[] { e }, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        internal static Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ReorderedText, out string? text) || text == null
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return Task.FromResult<FixEdit?>(null);
            }

            Location target = diagnostic.AdditionalLocations[0];
            Document? doc = target.IsInSource && target.SourceTree != null ? solution.GetDocument(target.SourceTree) : null;
            if (doc == null)
            {
                return Task.FromResult<FixEdit?>(null);
            }

            return Task.FromResult<FixEdit?>(new FixEdit(doc.Id, new TextChange(target.SourceSpan, text)));
        }
    }
}
