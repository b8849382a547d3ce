using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.CodeFixes
{
    /// <summary>LLM2003: inserts <c>.UseDistributedCache()</c> before <c>.Build()</c> of the Microsoft.Extensions.AI builder the client comes from.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CacheDeterministicCallFixer)), Shared]
    public sealed class CacheDeterministicCallFixer : TextEditCodeFixProvider
    {
        internal const string EquivalenceKey = DiagnosticIds.CacheDeterministicCall + ".UseDistributedCache";

        /// <summary>Creates the fixer.</summary>
        public CacheDeterministicCallFixer()
            : base(DiagnosticIds.CacheDeterministicCall, EquivalenceKey, "Add a distributed cache stage to every chat client builder", ComputeEditAsync)
        {
        }

        private protected override string GetTitle(Diagnostic diagnostic) => "Add '.UseDistributedCache()' to the chat client builder";

        internal static async Task<FixEdit?> ComputeEditAsync(Solution solution, Diagnostic diagnostic, CancellationToken ct)
        {
            if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.CacheFix, out string? fix) || fix != DiagnosticProperties.InsertUseDistributedCache
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
            if (node is not InvocationExpressionSyntax build || build.Expression is not MemberAccessExpressionSyntax access || access.Name.Identifier.ValueText != "Build")
            {
                return null;
            }

            return new FixEdit(doc.Id, new TextChange(new TextSpan(access.OperatorToken.SpanStart, 0), ".UseDistributedCache()"));
        }
    }
}
