using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.CodeFixes
{
    /// <summary>LLM2001: replaces the model id literal (at the call or in a const of this project) with the suggested Small-tier model.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSmallerModelFixer)), Shared]
    public sealed class UseSmallerModelFixer : CodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.UseSmallerModel + ".ReplaceModelId";

        private static readonly TextEditFixAllProvider s_fixAll = new TextEditFixAllProvider("Use the suggested smaller models", ComputeEditAsync);

        public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UseSmallerModel);

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

                diagnostic.Properties.TryGetValue(DiagnosticProperties.SuggestedModelId, out string? suggested);
                diagnostic.Properties.TryGetValue(DiagnosticProperties.ModelIdSymbol, out string? symbol);
                string title = symbol != null
                    ? "Use '" + suggested + "' (changes '" + symbol + "' for all its uses)"
                    : "Use '" + suggested + "'";
                Solution solution = context.Document.Project.Solution;
                FixEdit e = edit.Value;
                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => TextEditFixAllProvider.ApplyAsync(solution, new[] { e }, ct), EquivalenceKey),
                    diagnostic);
            }
        }

        internal static async Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.SuggestedModelId, out string? suggested) || string.IsNullOrEmpty(suggested)
                || !diagnostic.Properties.TryGetValue(DiagnosticProperties.ModelIdWrittenAs, out string? writtenAs)
                || (writtenAs != DiagnosticProperties.WrittenAsLiteral && writtenAs != DiagnosticProperties.WrittenAsConst)
                || diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            Location target = diagnostic.AdditionalLocations[0];
            if (!target.IsInSource || target.SourceTree == null)
            {
                return null;
            }

            Document? doc = solution.GetDocument(target.SourceTree);
            if (doc == null)
            {
                return null;
            }

            SyntaxNode root = await target.SourceTree.GetRootAsync(ct).ConfigureAwait(false);
            SyntaxNode node = root.FindNode(target.SourceSpan, getInnermostNodeForTie: true);
            if (node is not LiteralExpressionSyntax literal || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                return null;
            }

            string newText = SyntaxFactory.Literal(suggested!).Text;
            return new FixEdit(doc.Id, new TextChange(literal.Span, newText));
        }
    }
}
