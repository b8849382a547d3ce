using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// The simple names (<c>Foo</c> in <c>x.Foo(…)</c>, <c>Foo(…)</c>, <c>Foo</c> as a method group) with a given identifier
    /// in a syntax tree, found by an ordinal search of the tree's source text: only the positions where the identifier
    /// occurs as a whole word are looked up in the tree, so a file that never mentions it costs one string search and no
    /// syntax nodes. For the whole-compilation searches (callers of a method, registrations, options bindings), which
    /// would otherwise walk every node of every file.
    /// </summary>
    internal static class NameOccurrences
    {
        private static readonly ConditionalWeakTable<SyntaxTree, string> s_texts = new ConditionalWeakTable<SyntaxTree, string>();

        /// <summary>The names in <paramref name="tree"/> whose identifier is <paramref name="name"/>, in source order.</summary>
        public static IEnumerable<SimpleNameSyntax> In(SyntaxTree tree, string name, CancellationToken ct)
        {
            string text = s_texts.GetValue(tree, t => t.GetText(ct).ToString());
            SyntaxNode? root = null;
            for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                if (IsIdentifierPart(text, at - 1) || IsIdentifierPart(text, at + name.Length))
                {
                    continue;
                }

                root ??= tree.GetRoot(ct);
                SyntaxToken token = root.FindToken(at);
                if (token.Span.Contains(at) && token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Parent is SimpleNameSyntax reference)
                {
                    yield return reference;
                }
            }
        }

        private static bool IsIdentifierPart(string text, int index) =>
            index >= 0 && index < text.Length && (char.IsLetterOrDigit(text[index]) || text[index] == '_');
    }
}
