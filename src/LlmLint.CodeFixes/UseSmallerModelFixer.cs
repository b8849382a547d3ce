namespace LlmLint.CodeFixes
{
    /// <summary>LLM2001: replaces the model id literal (at the call or in a const of this project) with the suggested Small-tier model.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSmallerModelFixer)), Shared]
    public sealed class UseSmallerModelFixer : TextEditCodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.UseSmallerModel + ".ReplaceModelId";

        /// <summary>Creates the fixer.</summary>
        public UseSmallerModelFixer()
            : base(DiagnosticIds.UseSmallerModel, EquivalenceKey, "Use the suggested smaller models", ComputeEditAsync)
        {
        }

        private protected override string GetTitle(Diagnostic diagnostic)
        {
            diagnostic.Properties.TryGetValue(DiagnosticProperties.SuggestedModelId, out string? suggested);
            diagnostic.Properties.TryGetValue(DiagnosticProperties.ModelIdSymbol, out string? symbol);
            return symbol != null
                ? "Use '" + suggested + "' (changes '" + symbol + "' for all its uses)"
                : "Use '" + suggested + "'";
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
