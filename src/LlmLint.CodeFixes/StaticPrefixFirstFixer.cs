namespace LlmLint.CodeFixes
{
    /// <summary>LLM2004: puts the static text first (swaps <c>hole + "static"</c>, or moves the holes of <c>$"{x}\n…static"</c> after it).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StaticPrefixFirstFixer)), Shared]
    public sealed class StaticPrefixFirstFixer : TextEditCodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.StaticPrefixFirst + ".Reorder";

        /// <summary>Creates the fixer.</summary>
        public StaticPrefixFirstFixer()
            : base(DiagnosticIds.StaticPrefixFirst, EquivalenceKey, "Put the static prompt prefix first", ComputeEditAsync)
        {
        }

        private protected override string GetTitle(Diagnostic diagnostic) => "Put the static text first";

        internal static Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.ReorderedText, out string? text) || text == null
                || !(FixTarget.Find(solution, diagnostic) is (Document doc, Location target)))
            {
                return Task.FromResult<FixEdit?>(null);
            }

            return Task.FromResult<FixEdit?>(new FixEdit(doc.Id, new TextChange(target.SourceSpan, text)));
        }
    }
}
