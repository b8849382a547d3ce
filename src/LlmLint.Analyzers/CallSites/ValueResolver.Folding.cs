using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>Folding strings and numbers built from literals, constants, concatenations, interpolations and filled templates.</summary>
    internal static partial class ValueResolver
    {
        /// <summary>Reconstructs a string value; returns null when the operation is not string-like.</summary>
        public static FoldedString? FoldString(IOperation? op, CancellationToken ct)
        {
            var b = new Builder();
            if (!Fold(op, b, ct, 0))
            {
                return null;
            }

            return new FoldedString(b.Text.ToString(), b.HoleCount == 0, b.Largest, b.LargestText, b.Holes.ToImmutable(), b.HoleCount, b.Field, b.LiteralCount == 1 && b.HoleCount == 0 && b.Text.Length == b.LargestLength);
        }

        private sealed class Builder
        {
            public readonly StringBuilder Text = new StringBuilder();
            public readonly ImmutableArray<ISymbol>.Builder Holes = ImmutableArray.CreateBuilder<ISymbol>();
            public int HoleCount;
            public Location? Largest;
            public int LargestLength = -1;
            public string LargestText = string.Empty;
            public int LiteralCount;
            public IFieldSymbol? Field;

            public void Literal(SyntaxNode syntax, string text)
            {
                Text.Append(text);
                LiteralCount++;
                if (text.Length > LargestLength)
                {
                    LargestLength = text.Length;
                    LargestText = text;
                    Largest = syntax.GetLocation();
                }
            }

            private bool Has(ISymbol s)
            {
                foreach (ISymbol h in Holes)
                {
                    if (SymbolEqualityComparer.Default.Equals(h, s))
                    {
                        return true;
                    }
                }

                return false;
            }

            public void Hole(IOperation value)
            {
                HoleCount++;
                ISymbol? s = Unwrap(value) switch
                {
                    IParameterReferenceOperation p => p.Parameter,
                    ILocalReferenceOperation l => l.Local,
                    IFieldReferenceOperation f => f.Field,
                    IPropertyReferenceOperation pr => pr.Property,
                    _ => null,
                };
                if (s != null)
                {
                    Holes.Add(s);
                }

                // Any symbols inside the hole (e.g. ticket.Body) also flow into the prompt.
                foreach (IOperation d in value.DescendantsAndSelf())
                {
                    if (d is IParameterReferenceOperation pp && !Has(pp.Parameter))
                    {
                        Holes.Add(pp.Parameter);
                    }
                    else if (d is ILocalReferenceOperation ll && !Has(ll.Local))
                    {
                        Holes.Add(ll.Local);
                    }
                }

                Text.Append('{').Append(s?.Name ?? "…").Append('}');
            }
        }

        private static bool Fold(IOperation? op, Builder b, CancellationToken ct, int depth)
        {
            op = Unwrap(op);
            if (op == null || depth > MaxDepth)
            {
                return false;
            }

            if (op.Type?.SpecialType != SpecialType.System_String && op is not IInterpolatedStringOperation)
            {
                return false;
            }

            switch (op)
            {
                case ILiteralOperation lit when lit.ConstantValue.HasValue && lit.ConstantValue.Value is string s:
                    b.Literal(lit.Syntax, s);
                    return true;
                case IFieldReferenceOperation f when f.Field.IsConst || (f.Field.IsStatic && f.Field.IsReadOnly):
                    {
                        b.Field ??= f.Field;
                        IOperation? init = FieldInitializer(f.Field, op, ct);
                        if (init != null && Fold(init, b, ct, depth + 1))
                        {
                            return true;
                        }

                        string? literalText = FieldLiteralSyntax(f.Field, ct, out SyntaxNode? literalSyntax);
                        if (literalText != null && literalSyntax != null)
                        {
                            b.Literal(literalSyntax, literalText);
                            return true;
                        }

                        if (f.ConstantValue.HasValue && f.ConstantValue.Value is string cs)
                        {
                            b.Text.Append(cs);
                            return true;
                        }

                        b.Hole(op);
                        return true;
                    }
                case IInterpolatedStringOperation interp:
                    {
                        int before = b.Text.Length;
                        int holesBefore = b.HoleCount;
                        foreach (IInterpolatedStringContentOperation part in interp.Parts)
                        {
                            if (part is IInterpolatedStringTextOperation text)
                            {
                                if (text.Text.ConstantValue.HasValue && text.Text.ConstantValue.Value is string t)
                                {
                                    b.Text.Append(t);
                                }
                            }
                            else if (part is IInterpolationOperation hole)
                            {
                                if (!Fold(hole.Expression, b, ct, depth + 1))
                                {
                                    b.Hole(hole.Expression);
                                }
                            }
                        }

                        int len = b.Text.Length - before;
                        if (len > b.LargestLength)
                        {
                            b.LargestLength = len;
                            b.LargestText = b.Text.ToString(before, len);
                            b.Largest = interp.Syntax.GetLocation();
                        }

                        b.LiteralCount++;
                        _ = holesBefore;
                        return true;
                    }
                case IBinaryOperation bin when bin.OperatorKind == BinaryOperatorKind.Add:
                    {
                        if (!Fold(bin.LeftOperand, b, ct, depth + 1))
                        {
                            b.Hole(bin.LeftOperand);
                        }

                        if (!Fold(bin.RightOperand, b, ct, depth + 1))
                        {
                            b.Hole(bin.RightOperand);
                        }

                        return true;
                    }
                case ILocalReferenceOperation l:
                    {
                        IOperation? v = SingleLocalValue(l.Local, op, ct);
                        if (v != null && Fold(v, b, ct, depth + 1))
                        {
                            return true;
                        }

                        b.Hole(op);
                        return true;
                    }
                case IInvocationOperation template when TemplateOf(template) is IOperation text:
                    {
                        // template.Replace("{email}", content), string.Format(template, a, b): the template's text, and
                        // a hole for each value put into it (a constant replacement adds nothing that varies).
                        if (!Fold(text, b, ct, depth + 1))
                        {
                            b.Hole(text);
                        }

                        foreach (IArgumentOperation a in template.Arguments)
                        {
                            if (a.Value != text && a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Type.Name != "IFormatProvider"
                                && !(template.TargetMethod.Name == "Replace" && a.Parameter?.Ordinal == 0) && !Unwrap(a.Value)!.ConstantValue.HasValue)
                            {
                                b.Hole(a.Value);
                            }
                        }

                        return true;
                    }
                default:
                    if (op.ConstantValue.HasValue && op.ConstantValue.Value is string constant)
                    {
                        b.Literal(op.Syntax, constant);
                        return true;
                    }

                    b.Hole(op);
                    return true;
            }
        }

        /// <summary>The initializer operation of a const/static readonly field declared in the same file as <paramref name="from"/>.</summary>
        /// <summary>The template of a <c>string.Replace(string, string)</c> or <c>string.Format(format, …)</c> call, else null.</summary>
        private static IOperation? TemplateOf(IInvocationOperation inv)
        {
            IMethodSymbol m = inv.TargetMethod;
            if (m.ContainingType?.SpecialType != SpecialType.System_String)
            {
                return null;
            }

            if (m.Name == "Replace" && !m.IsStatic && m.Parameters.Length >= 2 && m.Parameters[0].Type.SpecialType == SpecialType.System_String)
            {
                return inv.Instance;
            }

            return m.Name == "Format" && m.IsStatic ? InvocationArguments.ArgByName(inv, "format") : null;
        }

        private static IOperation? FieldInitializer(IFieldSymbol field, IOperation from, CancellationToken ct)
        {
            SemanticModel? model = from.SemanticModel;
            if (model == null)
            {
                return null;
            }

            foreach (SyntaxReference r in field.DeclaringSyntaxReferences)
            {
                if (r.SyntaxTree == model.SyntaxTree && r.GetSyntax(ct) is VariableDeclaratorSyntax vd && vd.Initializer != null)
                {
                    return model.GetOperation(vd.Initializer.Value, ct);
                }
            }

            return null;
        }

        /// <summary>The literal text of a field whose initializer is a single string literal (in any file, syntax only).</summary>
        public static string? FieldLiteralSyntax(IFieldSymbol field, CancellationToken ct, out SyntaxNode? literal)
        {
            literal = null;
            if (field.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            if (field.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax vd
                && vd.Initializer?.Value is LiteralExpressionSyntax les && les.IsKind(SyntaxKind.StringLiteralExpression))
            {
                literal = les;
                return les.Token.ValueText;
            }

            return null;
        }

        /// <summary>A constant int/long/float/double value.</summary>
        public static double? FoldNumber(IOperation? op, CancellationToken ct)
        {
            op = Trace(op, ct);
            if (op == null)
            {
                return null;
            }

            if (op.ConstantValue.HasValue)
            {
                switch (op.ConstantValue.Value)
                {
                    case int i: return i;
                    case long l: return l;
                    case float f: return f;
                    case double d: return d;
                    case decimal m: return (double)m;
                    case short s: return s;
                }
            }

            if (op is IObjectCreationOperation oc && oc.Arguments.Length == 1)
            {
                // e.g. new BinaryData(...) is not numeric; Nullable<T>(x) is a conversion, handled by Unwrap.
                return null;
            }

            return null;
        }
    }
}
