using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    internal static partial class Parser
    {
        /// <summary>What the parser asks of types: the runtime a method reaches, how a parameter renders and keys, accessibility.</summary>
        private sealed partial class State
        {
            private static bool IsGeneratedByUs(IMethodSymbol implementation)
            {
                foreach (AttributeData attribute in implementation.GetAttributes())
                {
                    if (attribute.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute"
                        && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value as string == "LlmLint")
                    {
                        return true;
                    }
                }

                return false;
            }

            private static bool IsAccessible(IMethodSymbol symbol) =>
                symbol.DeclaredAccessibility is Accessibility.Public or Accessibility.Internal or Accessibility.ProtectedOrInternal;


            private static string? FindRuntime(IMethodSymbol method, CancellationToken cancellationToken)
            {
                INamedTypeSymbol type = method.ContainingType;
                for (INamedTypeSymbol? t = type; t is not null; t = t.BaseType)
                {
                    foreach (ISymbol member in t.GetMembers())
                    {
                        ITypeSymbol? memberType = member switch
                        {
                            IFieldSymbol { IsImplicitlyDeclared: false } f => f.Type,
                            IPropertySymbol { IsIndexer: false, GetMethod: not null } p => p.Type,
                            _ => null,
                        };
                        if (memberType is null || !IsRuntime(memberType) || member.IsStatic != method.IsStatic
                            || (!SymbolEqualityComparer.Default.Equals(t, type) && member.DeclaredAccessibility == Accessibility.Private))
                        {
                            continue;
                        }

                        string access = (member.IsStatic ? type.ToDisplayString(NonNullableTypeFormat) + "." : "this.") + Escape(member.Name);
                        return memberType.NullableAnnotation == NullableAnnotation.Annotated
                            ? $"({access} ?? throw new global::System.InvalidOperationException({SymbolDisplay.FormatLiteral($"The ILlmRuntime '{member.Name}' of '{type.Name}' is null.", true)}))"
                            : access;
                    }
                }

                if (!method.IsStatic)
                {
                    foreach (IMethodSymbol constructor in type.InstanceConstructors)
                    {
                        bool primary = constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax);
                        if (!primary)
                        {
                            continue;
                        }

                        foreach (IParameterSymbol parameter in constructor.Parameters)
                        {
                            if (IsRuntime(parameter.Type) && !method.Parameters.Any(p => p.Name == parameter.Name))
                            {
                                return Escape(parameter.Name);
                            }
                        }
                    }
                }

                return null;
            }

            private static bool IsRuntime(ITypeSymbol type) =>
                type.ToDisplayString(NonNullableTypeFormat) == "global::" + KnownTypeNames.LlmRuntime
                || type.AllInterfaces.Any(i => i.ToDisplayString(NonNullableTypeFormat) == "global::" + KnownTypeNames.LlmRuntime);

            private static ValueKind GetRenderKind(ITypeSymbol type)
            {
                switch (type.SpecialType)
                {
                    case SpecialType.System_String: return ValueKind.String;
                    case SpecialType.System_Boolean: return ValueKind.Boolean;
                    case SpecialType.System_Char: return ValueKind.Char;
                }

                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                {
                    ITypeSymbol underlying = nullable.TypeArguments[0];
                    if (underlying.SpecialType == SpecialType.System_Boolean)
                    {
                        return ValueKind.NullableBoolean;
                    }

                    return IsFormattable(underlying) ? ValueKind.NullableFormattable : ValueKind.Other;
                }

                if (IsFormattable(type))
                {
                    return ValueKind.Formattable;
                }

                if (type is IArrayTypeSymbol || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return ValueKind.Sequence;
                }

                return ValueKind.Other;
            }

            private static bool IsFormattable(ITypeSymbol type) =>
                type.TypeKind == TypeKind.Enum || type.AllInterfaces.Any(i => i.ToDisplayString(NonNullableTypeFormat) == "global::System.IFormattable");

            private static (ValueKind Kind, string? Format) GetKeyKind(ITypeSymbol type)
            {
                bool nullable = false;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
                {
                    type = n.TypeArguments[0];
                    nullable = true;
                }

                switch (type.SpecialType)
                {
                    case SpecialType.System_String: return (ValueKind.String, null);
                    case SpecialType.System_Boolean: return (nullable ? ValueKind.NullableBoolean : ValueKind.Boolean, null);
                    case SpecialType.System_Char: return (nullable ? ValueKind.NullableChar : ValueKind.Char, null);
                    case SpecialType.System_SByte:
                    case SpecialType.System_Byte:
                    case SpecialType.System_Int16:
                    case SpecialType.System_UInt16:
                    case SpecialType.System_Int32:
                    case SpecialType.System_UInt32:
                    case SpecialType.System_Int64:
                    case SpecialType.System_UInt64:
                    case SpecialType.System_Decimal:
                        return (nullable ? ValueKind.NullableFormattable : ValueKind.Formattable, null);
                    case SpecialType.System_Single:
                    case SpecialType.System_Double:
                        return (nullable ? ValueKind.NullableFormattable : ValueKind.Formattable, "R");
                    case SpecialType.System_DateTime:
                        return (nullable ? ValueKind.NullableFormattable : ValueKind.Formattable, "O");
                }

                if (type.TypeKind == TypeKind.Enum)
                {
                    return (nullable ? ValueKind.NullableFormattable : ValueKind.Formattable, "G");
                }

                string? format = type.ToDisplayString(NonNullableTypeFormat) switch
                {
                    "global::System.Guid" => "D",
                    "global::System.DateTimeOffset" => "O",
                    "global::System.DateOnly" => "O",
                    "global::System.TimeOnly" => "O",
                    "global::System.TimeSpan" => "c",
                    _ => null,
                };
                return format is null ? (ValueKind.Other, null) : (nullable ? ValueKind.NullableFormattable : ValueKind.Formattable, format);
            }
        }
    }
}
