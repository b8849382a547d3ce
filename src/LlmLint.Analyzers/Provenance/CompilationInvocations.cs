namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// The invocations of a compilation whose method has one of a few names, found by a text search of each file
    /// (<see cref="NameOccurrences"/>) so that only the files and positions holding such a call are parsed into nodes and
    /// bound. For the per-compilation indexes (options bindings, DI registrations).
    /// </summary>
    internal static class CompilationInvocations
    {
        public static IEnumerable<IInvocationOperation> Named(Compilation compilation, IReadOnlyList<string> names, CancellationToken ct)
        {
            var calls = new List<InvocationExpressionSyntax>();
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                calls.Clear();
                foreach (string name in names)
                {
                    foreach (SimpleNameSyntax reference in NameOccurrences.In(tree, name, ct))
                    {
                        if (InvocationOf(reference) is InvocationExpressionSyntax call)
                        {
                            calls.Add(call);
                        }
                    }
                }

                if (calls.Count == 0)
                {
                    continue;
                }

                // Source order, as a walk of the tree would give them.
                calls.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
#pragma warning disable RS1030 // Used once per compilation by the provenance indexes, for the few calls with a candidate name.
                SemanticModel model = compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                foreach (InvocationExpressionSyntax call in calls)
                {
                    if (model.GetOperation(call, ct) is IInvocationOperation inv)
                    {
                        yield return inv;
                    }
                }
            }
        }

        /// <summary>The call <paramref name="name"/> is the method name of: <c>name(…)</c>, <c>x.name(…)</c>, <c>x?.name(…)</c>.</summary>
        private static InvocationExpressionSyntax? InvocationOf(SimpleNameSyntax name)
        {
            SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax ma && ma.Name == name ? ma
                : name.Parent is MemberBindingExpressionSyntax mb && mb.Name == name ? mb
                : name;
            return expression.Parent is InvocationExpressionSyntax call && call.Expression == expression ? call : null;
        }
    }
}
