using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Traces values through the code the analyzer can see: constants, locals assigned once, fields and properties
    /// assigned in the same type (same file), conversions. Unknown shapes return null, never a guess.
    /// </summary>
    internal static partial class ValueResolver
    {
        private const int MaxDepth = 8;

        /// <summary>Removes conversions, parentheses and argument wrappers.</summary>
        public static IOperation? Unwrap(IOperation? op)
        {
            while (op != null)
            {
                switch (op)
                {
                    case IConversionOperation c:
                        op = c.Operand;
                        continue;
                    case IParenthesizedOperation p:
                        op = p.Operand;
                        continue;
                    case IArgumentOperation a:
                        op = a.Value;
                        continue;
                    case IAwaitOperation aw:
                        op = aw.Operation;
                        continue;
                    default:
                        return op;
                }
            }

            return null;
        }

        /// <summary>Follows locals, fields and properties to the single value assigned to them.</summary>
        public static IOperation? Trace(IOperation? op, CancellationToken ct, int depth = 0)
        {
            op = Unwrap(op);
            while (op != null && depth++ < MaxDepth)
            {
                IOperation? next = null;
                switch (op)
                {
                    case ILocalReferenceOperation l:
                        next = SingleLocalValue(l.Local, op, ct);
                        break;
                    case IFieldReferenceOperation f when !f.Field.IsConst:
                        next = SingleMemberValue(f.Field, op, ct);
                        break;
                    case IPropertyReferenceOperation p when p.Arguments.Length == 0 && (p.Instance == null || p.Instance is IInstanceReferenceOperation):
                        next = SingleMemberValue(p.Property, op, ct);
                        break;
                }

                if (next == null)
                {
                    return op;
                }

                op = Unwrap(next);
            }

            return op;
        }

        /// <summary>The root operation (method body, lambda's enclosing body, field initializer) of <paramref name="op"/>.</summary>
        public static IOperation Root(IOperation op)
        {
            while (op.Parent != null)
            {
                op = op.Parent;
            }

            return op;
        }

        public static IOperation? SingleLocalValue(ILocalSymbol local, IOperation from, CancellationToken ct)
        {
            IOperation? found = null;
            int count = 0;
            foreach (IOperation d in Root(from).Descendants())
            {
                ct.ThrowIfCancellationRequested();
                if (d is IVariableDeclaratorOperation v && SymbolEqualityComparer.Default.Equals(v.Symbol, local))
                {
                    IOperation? init = v.Initializer?.Value ?? (v.Parent as IVariableDeclarationOperation)?.Initializer?.Value;
                    if (init != null)
                    {
                        found = init;
                        count++;
                    }
                }
                else if (d is IAssignmentOperation a && Unwrap(a.Target) is ILocalReferenceOperation t && SymbolEqualityComparer.Default.Equals(t.Local, local))
                {
                    if (a is ISimpleAssignmentOperation s)
                    {
                        found = s.Value;
                    }

                    count += a is ISimpleAssignmentOperation ? 1 : 2;
                }
                else if (d is IArgumentOperation arg && arg.Parameter != null && arg.Parameter.RefKind != RefKind.None && Unwrap(arg.Value) is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local))
                {
                    count += 2;
                }
            }

            return count == 1 ? found : null;
        }

        /// <summary>
        /// The single value assigned to a field or property of the containing type, looking at its initializer and at
        /// assignments in the type's declarations that share a syntax tree with <paramref name="from"/>.
        /// </summary>
        public static IOperation? SingleMemberValue(ISymbol member, IOperation from, CancellationToken ct)
        {
            SemanticModel? model = from.SemanticModel;
            if (model == null || member.ContainingType == null)
            {
                return null;
            }

            IOperation? found = null;
            int count = 0;
            foreach (SyntaxReference typeRef in member.ContainingType.DeclaringSyntaxReferences)
            {
                if (typeRef.SyntaxTree != model.SyntaxTree)
                {
                    // Assignments in other files are not visible here: give up rather than guess.
                    return null;
                }

                SyntaxNode typeSyntax = typeRef.GetSyntax(ct);
                foreach (SyntaxNode node in typeSyntax.DescendantNodes())
                {
                    ExpressionSyntax? value = null;
                    switch (node)
                    {
                        case VariableDeclaratorSyntax vd when vd.Initializer != null && vd.Identifier.ValueText == member.Name && member is IFieldSymbol:
                            if (SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(vd, ct), member))
                            {
                                value = vd.Initializer.Value;
                            }

                            break;
                        case PropertyDeclarationSyntax pd when pd.Initializer != null && pd.Identifier.ValueText == member.Name && member is IPropertySymbol:
                            value = pd.Initializer.Value;
                            break;
                        case AssignmentExpressionSyntax asg when NameOf(asg.Left) == member.Name:
                            if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(asg.Left, ct).Symbol, member))
                            {
                                if (!asg.IsKind(SyntaxKind.SimpleAssignmentExpression))
                                {
                                    return null;
                                }

                                value = asg.Right;
                            }

                            break;
                    }

                    if (value != null)
                    {
                        count++;
                        found = model.GetOperation(value, ct);
                        if (count > 1)
                        {
                            return null;
                        }
                    }
                }
            }

            return count == 1 ? found : null;
        }

        private static string? NameOf(ExpressionSyntax e) => e switch
        {
            IdentifierNameSyntax id => id.Identifier.ValueText,
            MemberAccessExpressionSyntax ma => ma.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
