using System.Linq;
using System.Threading;
using LlmLint.Generators.Diagnostics;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    internal static partial class Parser
    {
        /// <summary>The typed result: the shape of an enum, bool, number, string, record or list the model must answer with.</summary>
        private sealed partial class State
        {
            private ResultModel? AnalyzeResult(ITypeSymbol type, Location location, CancellationToken cancellationToken)
            {
                ShapeModel? shape = AnalyzeShape(type, 0, out string? error, cancellationToken);
                if (shape is null)
                {
                    Report(Descriptors.UnsupportedReturnType, location, method.Name, error ?? $"the result type '{type.ToDisplayString()}' is not supported");
                    return null;
                }

                string? schema = null;
                string? schemaName = null;
                if (shape.Kind is ShapeKind.Object or ShapeKind.List)
                {
                    var writer = new StringBuilder();
                    if (shape.Kind == ShapeKind.List)
                    {
                        writer.Append("{\"type\":\"object\",\"properties\":{\"items\":");
                        WriteSchema(writer, shape with { IsNullable = false });
                        writer.Append("},\"required\":[\"items\"],\"additionalProperties\":false}");
                        schemaName = "ListOf" + SchemaName(shape.Element!);
                    }
                    else
                    {
                        WriteSchema(writer, shape with { IsNullable = false });
                        schemaName = SchemaName(shape);
                    }

                    schema = writer.ToString();
                }

                return new ResultModel(
                    shape,
                    schema,
                    schemaName,
                    new EquatableArray<ObjectModel>(objects.Select(o => o!).ToArray()),
                    EquatableArray.From(enums));
            }

            private static string SchemaName(ShapeModel shape)
            {
                string name = shape.Type;
                int lt = name.IndexOf('<');
                if (lt >= 0)
                {
                    name = name.Substring(0, lt);
                }

                name = name.Substring(name.LastIndexOf('.') + 1).Replace("global::", string.Empty);
                return Sanitize(shape.Kind == ShapeKind.Object || shape.Kind == ShapeKind.Enum ? name : shape.Kind.ToString()).Replace(".", "_");
            }

            private ShapeModel? AnalyzeShape(ITypeSymbol type, int depth, out string? error, CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                error = null;
                bool nullable = type.NullableAnnotation == NullableAnnotation.Annotated;
                bool nullableValue = false;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullableType)
                {
                    type = nullableType.TypeArguments[0];
                    nullable = true;
                    nullableValue = true;
                }

                string display = type.WithNullableAnnotation(NullableAnnotation.NotAnnotated).ToDisplayString(NonNullableTypeFormat);
                ShapeKind? scalar = type.SpecialType switch
                {
                    SpecialType.System_String => ShapeKind.String,
                    SpecialType.System_Boolean => ShapeKind.Boolean,
                    SpecialType.System_Int32 => ShapeKind.Int32,
                    SpecialType.System_Int64 => ShapeKind.Int64,
                    SpecialType.System_Single => ShapeKind.Single,
                    SpecialType.System_Double => ShapeKind.Double,
                    SpecialType.System_Decimal => ShapeKind.Decimal,
                    _ => null,
                };
                if (scalar is not null)
                {
                    return new ShapeModel(scalar.Value, display, nullable, nullableValue, -1, null, false);
                }

                if (type.TypeKind == TypeKind.Enum)
                {
                    if (!enumIndex.TryGetValue(display, out int index))
                    {
                        var members = type.GetMembers().OfType<IFieldSymbol>().Where(f => f.HasConstantValue).Select(f => f.Name).ToArray();
                        if (members.Length == 0)
                        {
                            error = $"the enum '{type.Name}' has no members to choose from";
                            return null;
                        }

                        index = enums.Count;
                        enums.Add(new EnumModel(display, new EquatableArray<string>(members)));
                        enumIndex[display] = index;
                    }

                    return new ShapeModel(ShapeKind.Enum, display, nullable, nullableValue, index, null, false);
                }

                ITypeSymbol? elementType = null;
                bool isArray = false;
                if (type is IArrayTypeSymbol { Rank: 1 } array)
                {
                    elementType = array.ElementType;
                    isArray = true;
                }
                else if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } generic)
                {
                    switch (generic.OriginalDefinition.ToDisplayString(NonNullableTypeFormat))
                    {
                        case "global::System.Collections.Generic.List<T>":
                        case "global::System.Collections.Generic.IList<T>":
                        case "global::System.Collections.Generic.ICollection<T>":
                        case "global::System.Collections.Generic.IEnumerable<T>":
                        case "global::System.Collections.Generic.IReadOnlyList<T>":
                        case "global::System.Collections.Generic.IReadOnlyCollection<T>":
                            elementType = generic.TypeArguments[0];
                            break;
                    }
                }

                if (elementType is not null)
                {
                    ShapeModel? element = AnalyzeShape(elementType, depth + 1, out error, cancellationToken);
                    if (element is null)
                    {
                        return null;
                    }

                    if (element.Kind == ShapeKind.List)
                    {
                        error = "lists of lists are not supported";
                        return null;
                    }

                    return new ShapeModel(ShapeKind.List, display, nullable, false, -1, element, isArray);
                }

                if (type is INamedTypeSymbol named && (named.TypeKind == TypeKind.Class || named.TypeKind == TypeKind.Struct) && !named.IsAbstract
                    && named.SpecialType == SpecialType.None && !named.IsGenericType && !display.StartsWith("global::System.", StringComparison.Ordinal))
                {
                    if (objectIndex.TryGetValue(display, out int index))
                    {
                        if (objects[index] is null)
                        {
                            error = $"the type '{named.Name}' contains itself";
                            return null;
                        }

                        return new ShapeModel(ShapeKind.Object, display, nullable, nullableValue, index, null, false);
                    }

                    if (depth > MaxObjectDepth)
                    {
                        error = $"the type '{named.Name}' is nested too deeply";
                        return null;
                    }

                    index = objects.Count;
                    objects.Add(null);
                    objectIndex[display] = index;
                    ObjectModel? model = AnalyzeObject(named, display, depth, out error, cancellationToken);
                    if (model is null)
                    {
                        return null;
                    }

                    objects[index] = model;
                    return new ShapeModel(ShapeKind.Object, display, nullable, nullableValue, index, null, false);
                }

                error = $"the type '{type.ToDisplayString()}' is not an enum, bool, string, number, list or plain class, struct or record";
                return null;
            }

            private ObjectModel? AnalyzeObject(INamedTypeSymbol type, string display, int depth, out string? error, CancellationToken cancellationToken)
            {
                error = null;
                var properties = new List<IPropertySymbol>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (INamedTypeSymbol? t = type; t is not null && t.SpecialType != SpecialType.System_Object && t.SpecialType != SpecialType.System_ValueType; t = t.BaseType)
                {
                    var level = new List<IPropertySymbol>();
                    foreach (ISymbol member in t.GetMembers())
                    {
                        if (member is IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod: not null } property
                            && seen.Add(property.Name))
                        {
                            level.Add(property);
                        }
                    }

                    properties.InsertRange(0, level);
                }

                // Construction: an accessible parameterless constructor with settable properties, or the constructor
                // whose parameters all match properties (positional records).
                IMethodSymbol? constructor = null;
                bool parameterless = type.TypeKind == TypeKind.Struct || type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && IsAccessible(c));
                if (!parameterless)
                {
                    foreach (IMethodSymbol candidate in type.InstanceConstructors.OrderByDescending(c => c.Parameters.Length))
                    {
                        if (IsAccessible(candidate) && candidate.Parameters.Length > 0
                            && candidate.Parameters.All(p => properties.Any(q => string.Equals(q.Name, p.Name, StringComparison.OrdinalIgnoreCase)))
                            && !(candidate.Parameters.Length == 1 && SymbolEqualityComparer.Default.Equals(candidate.Parameters[0].Type, type)))
                        {
                            constructor = candidate;
                            break;
                        }
                    }

                    if (constructor is null)
                    {
                        error = $"the type '{type.Name}' has no public parameterless constructor and no constructor whose parameters all match its properties";
                        return null;
                    }
                }

                var members = new List<MemberModel>();
                var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                if (constructor is not null)
                {
                    for (int i = 0; i < constructor.Parameters.Length; i++)
                    {
                        IParameterSymbol parameter = constructor.Parameters[i];
                        IPropertySymbol property = properties.First(q => string.Equals(q.Name, parameter.Name, StringComparison.OrdinalIgnoreCase));
                        MemberModel? member = AnalyzeMember(property.Name, parameter.Type, i, depth, out error, cancellationToken);
                        if (member is null)
                        {
                            return null;
                        }

                        members.Add(member);
                        usedNames.Add(property.Name);
                    }
                }

                foreach (IPropertySymbol property in properties)
                {
                    if (usedNames.Contains(property.Name) || property.SetMethod is not { } setter || !IsAccessible(setter))
                    {
                        continue;
                    }

                    MemberModel? member = AnalyzeMember(property.Name, property.Type, -1, depth, out error, cancellationToken);
                    if (member is null)
                    {
                        return null;
                    }

                    members.Add(member);
                }

                if (members.Count == 0)
                {
                    error = $"the type '{type.Name}' has no settable public properties";
                    return null;
                }

                return new ObjectModel(display, EquatableArray.From(members));
            }

            private MemberModel? AnalyzeMember(string name, ITypeSymbol type, int position, int depth, out string? error, CancellationToken cancellationToken)
            {
                ShapeModel? shape = AnalyzeShape(type, depth + 1, out error, cancellationToken);
                if (shape is null)
                {
                    error = $"the member '{name}': {error}";
                    return null;
                }

                bool required = !shape.IsNullable && (type.IsValueType || type.NullableAnnotation == NullableAnnotation.NotAnnotated);
                return new MemberModel(Escape(name), CamelCase(name), shape, required, position);
            }
        }
    }
}
