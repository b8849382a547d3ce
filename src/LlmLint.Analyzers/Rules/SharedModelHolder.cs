namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// Where a model id literal outside the call is kept: the field, property or variable that holds the client (or the
    /// value) it is written into, e.g. <c>_chat</c> in <c>_chat = new ChatClient("gpt-4o", key)</c>. Replacing that literal
    /// changes the model of every call through it, which the fix's title must say.
    /// </summary>
    internal static class SharedModelHolder
    {
        /// <summary>The holder's name, or null when the literal is written in the call itself.</summary>
        public static string? Find(Location literal, SyntaxNode call)
        {
            if (literal.SourceTree != call.SyntaxTree || call.Span.Contains(literal.SourceSpan))
            {
                return null;
            }

            SyntaxNode? node = literal.SourceTree?.GetRoot().FindNode(literal.SourceSpan, getInnermostNodeForTie: true);
            for (; node != null && !(node is MemberDeclarationSyntax && !(node is FieldDeclarationSyntax)); node = node.Parent)
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax variable:
                        return variable.Identifier.ValueText;
                    case PropertyDeclarationSyntax property:
                        return property.Identifier.ValueText;
                    case AssignmentExpressionSyntax assignment:
                        return Name(assignment.Left);
                }
            }

            return null;
        }

        private static string? Name(ExpressionSyntax target) => target switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
