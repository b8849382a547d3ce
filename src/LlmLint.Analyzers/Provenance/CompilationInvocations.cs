using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// The invocations of a compilation whose method name passes a filter, found by syntax first so that only files
    /// holding such a call get a semantic model. For the per-compilation indexes (options bindings, DI registrations).
    /// </summary>
    internal static class CompilationInvocations
    {
        public static IEnumerable<IInvocationOperation> Named(Compilation compilation, Func<string, bool> isCandidate, CancellationToken ct)
        {
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (SyntaxNode node in tree.GetRoot(ct).DescendantNodes())
                {
                    if (!(node is InvocationExpressionSyntax call) || !(MethodName(call.Expression) is string name) || !isCandidate(name))
                    {
                        continue;
                    }

#pragma warning disable RS1030 // Used once per compilation by the provenance indexes, for the few calls with a candidate name.
                    model ??= compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (model.GetOperation(call, ct) is IInvocationOperation inv)
                    {
                        yield return inv;
                    }
                }
            }
        }

        private static string? MethodName(ExpressionSyntax e) => e switch
        {
            MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax mb => mb.Name.Identifier.ValueText,
            SimpleNameSyntax sn => sn.Identifier.ValueText,
            _ => null,
        };
    }
}
