namespace LlmLint.CodeFixes
{
    /// <summary>
    /// LLM2008: puts the request's system prompt in one text block with an ephemeral cache-control breakpoint
    /// (<c>System = new List&lt;TextBlockParam&gt; { new TextBlockParam { Text = …, CacheControl = new CacheControlEphemeral() } }</c>).
    /// The prompt's text is unchanged; only where the provider's cache ends is added.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PromptCacheBreakpointFixer)), Shared]
    public sealed class PromptCacheBreakpointFixer : TextEditCodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.PromptCacheBreakpoint + ".MarkSystemPrompt";

        /// <summary>Creates the fixer.</summary>
        public PromptCacheBreakpointFixer()
            : base(DiagnosticIds.PromptCacheBreakpoint, EquivalenceKey, "Mark the static system prompts for the prompt cache", ComputeEditAsync)
        {
        }

        private protected override string GetTitle(Diagnostic diagnostic) => "Mark the system prompt for Anthropic's prompt cache";

        internal static async Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!(FixTarget.Find(solution, diagnostic) is (Document doc, Location target)))
            {
                return null;
            }

            SourceText text = await target.SourceTree!.GetTextAsync(ct).ConfigureAwait(false);
            string value = text.ToString(target.SourceSpan);
            const string Messages = "global::Anthropic.Models.Messages.";
            string replacement = "new global::System.Collections.Generic.List<" + Messages + "TextBlockParam> { new " + Messages
                + "TextBlockParam { Text = " + value + ", CacheControl = new " + Messages + "CacheControlEphemeral() } }";
            return new FixEdit(doc.Id, new TextChange(target.SourceSpan, replacement));
        }
    }
}
