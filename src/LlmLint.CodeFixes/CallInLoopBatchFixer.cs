namespace LlmLint.CodeFixes
{
    /// <summary>
    /// LLM2005: marks the request of a call made once per item for the batch route, <c>WithBatch()</c> on its
    /// <c>ChatOptions</c>. A <c>UseBatching(executor, markedOnly: true)</c> stage then sends it to the provider's batch API
    /// at the batch price; a pipeline without one answers it as before, so the fixed program runs unchanged until the
    /// stage is added. Options made at the call are marked in place; options from elsewhere are copied first
    /// (<c>Clone()</c>), so a shared options object used by other calls is not changed.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CallInLoopBatchFixer)), Shared]
    public sealed class CallInLoopBatchFixer : TextEditCodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.CallInLoop + ".WithBatch";

        private const string WithBatch = "global::LlmLint.LlmLintChatOptionsExtensions.WithBatch";
        private const string NewOptions = "new global::Microsoft.Extensions.AI.ChatOptions()";

        /// <summary>Creates the fixer.</summary>
        public CallInLoopBatchFixer()
            : base(DiagnosticIds.CallInLoop, EquivalenceKey, "Let the calls made per item wait for a provider batch", ComputeEditAsync)
        {
        }

        private protected override string GetTitle(Diagnostic diagnostic) => "Let this call wait for a provider batch ('WithBatch()', sent by a UseBatching stage)";

        internal static async Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.BatchFix, out string? kind) || !(FixTarget.Find(solution, diagnostic) is (Document doc, Location target)))
            {
                return null;
            }

            SyntaxNode root = await target.SourceTree!.GetRootAsync(ct).ConfigureAwait(false);
            SyntaxNode node = root.FindNode(target.SourceSpan);
            switch (kind)
            {
                case DiagnosticProperties.MarkOptions when (node is ArgumentSyntax a ? a.Expression : node) is ExpressionSyntax options && options.Span == target.SourceSpan:
                    return new FixEdit(doc.Id, new TextChange(options.Span, WithBatch + "(" + Marked(options) + ")"));
                case DiagnosticProperties.AddBatchOptions when node is ArgumentSyntax last:
                    return new FixEdit(doc.Id, new TextChange(new TextSpan(last.Span.End, 0), ", options: " + WithBatch + "(" + NewOptions + ")"));
                default:
                    return null;
            }
        }

        /// <summary>What <c>WithBatch</c> is given: the options made at the call, new options for none, else a copy.</summary>
        private static string Marked(ExpressionSyntax options)
        {
            switch (options)
            {
                case BaseObjectCreationExpressionSyntax _:
                    return options.ToString();
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression):
                    return NewOptions;
                default:
                    return "(" + options + ")?.Clone() ?? " + NewOptions;
            }
        }
    }
}
