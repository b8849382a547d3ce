using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>A string value reconstructed from code.</summary>
    internal sealed class FoldedString
    {
        public FoldedString(string text, bool isConstant, Location? largestLiteral, string largestLiteralText, ImmutableArray<ISymbol> holeSymbols, int holeCount, IFieldSymbol? field, bool singleLiteral)
        {
            Text = text;
            IsConstant = isConstant;
            LargestLiteral = largestLiteral;
            LargestLiteralText = largestLiteralText;
            HoleSymbols = holeSymbols;
            HoleCount = holeCount;
            Field = field;
            SingleLiteral = singleLiteral;
        }

        public string Text { get; }
        public bool IsConstant { get; }
        public Location? LargestLiteral { get; }
        public string LargestLiteralText { get; }
        public ImmutableArray<ISymbol> HoleSymbols { get; }
        public int HoleCount { get; }

        /// <summary>The const/static readonly field the value was read from, if any.</summary>
        public IFieldSymbol? Field { get; }

        /// <summary>The whole value is exactly one string literal (at <see cref="LargestLiteral"/>).</summary>
        public bool SingleLiteral { get; }
    }

    /// <summary>
    /// Traces values through the code the analyzer can see: constants, locals assigned once, fields and properties
    /// assigned in the same type (same file), conversions. Unknown shapes return null, never a guess.
    /// </summary>
    internal static class ValueResolver
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

        /// <summary>
        /// Property values set on an object: its initializer, plus simple assignments <c>local.Prop = value</c> in the same
        /// body when the object is held in a local assigned once.
        /// </summary>
        public static Dictionary<string, IOperation> ObjectProperties(IOperation? op, CancellationToken ct)
        {
            var result = new Dictionary<string, IOperation>(System.StringComparer.Ordinal);
            IOperation? unwrapped = Unwrap(op);
            ILocalSymbol? local = (unwrapped as ILocalReferenceOperation)?.Local;
            IOperation? creation = Trace(op, ct);
            IObjectOrCollectionInitializerOperation? init = creation switch
            {
                IObjectCreationOperation oc => oc.Initializer,
                IAnonymousObjectCreationOperation => null,
                _ => null,
            };
            if (creation is IObjectCreationOperation made)
            {
                AddConstructorProperties(made, result);
            }

            if (init != null)
            {
                foreach (IOperation i in init.Initializers)
                {
                    if (i is ISimpleAssignmentOperation a && a.Target is IPropertyReferenceOperation p)
                    {
                        result[p.Property.Name] = a.Value;
                    }
                    else if (i is IMemberInitializerOperation mi && mi.InitializedMember is IPropertyReferenceOperation mp)
                    {
                        result[mp.Property.Name] = mi.Initializer;
                    }
                }
            }

            if (local != null && unwrapped != null)
            {
                foreach (IOperation d in Root(unwrapped).Descendants())
                {
                    if (d is ISimpleAssignmentOperation a && a.Target is IPropertyReferenceOperation p
                        && Unwrap(p.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local))
                    {
                        result[p.Property.Name] = a.Value;
                    }
                }
            }

            return result;
        }

        private static bool HasProperty(ITypeSymbol type, string name)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers(name))
                {
                    if (member is IPropertySymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Constructor arguments whose parameter names a property of the created type (<c>new CreateResponseOptions(model,
        /// inputItems)</c> sets <c>Model</c> and <c>InputItems</c>; a record's primary constructor): the property's value.
        /// </summary>
        private static void AddConstructorProperties(IObjectCreationOperation creation, Dictionary<string, IOperation> result)
        {
            if (creation.Type == null)
            {
                return;
            }

            foreach (IArgumentOperation arg in creation.Arguments)
            {
                if (arg.Parameter == null || arg.ArgumentKind == ArgumentKind.DefaultValue || arg.Parameter.Name.Length == 0)
                {
                    continue;
                }

                string property = char.ToUpperInvariant(arg.Parameter.Name[0]) + arg.Parameter.Name.Substring(1);
                if (HasProperty(creation.Type, property))
                {
                    result[property] = arg.Value;
                }
            }
        }
    }
}
