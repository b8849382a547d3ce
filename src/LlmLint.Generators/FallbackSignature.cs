namespace LlmLint.Generators;

/// <summary>
/// Writes the signature of the implementation part of a partial method from its symbol, fully qualified, so that the
/// fallback body of an invalid <c>[Prompt]</c> method matches the user's declaration whatever its usings.
/// </summary>
internal static class FallbackSignature
{
    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
        .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Builds the fallback model of <paramref name="method"/>.</summary>
    public static FallbackMethodModel Create(
        IMethodSymbol method,
        string modifiers,
        string? ns,
        EquatableArray<ContainingTypeModel> containingTypes,
        string hintName,
        string reason)
    {
        string returnType = (method.ReturnsByRefReadonly ? "ref readonly " : method.ReturnsByRef ? "ref " : string.Empty)
            + method.ReturnType.ToDisplayString(TypeFormat);

        var typeParameters = new StringBuilder();
        var constraints = new List<string>();
        if (method.TypeParameters.Length > 0)
        {
            typeParameters.Append('<');
            for (int i = 0; i < method.TypeParameters.Length; i++)
            {
                ITypeParameterSymbol parameter = method.TypeParameters[i];
                typeParameters.Append(i == 0 ? string.Empty : ", ").Append(LlmLintGenerator.Parser.Escape(parameter.Name));
                string? clause = Constraint(parameter);
                if (clause is not null)
                {
                    constraints.Add(clause);
                }
            }

            typeParameters.Append('>');
        }

        var parameters = new StringBuilder();
        for (int i = 0; i < method.Parameters.Length; i++)
        {
            IParameterSymbol parameter = method.Parameters[i];
            parameters.Append(i == 0 ? string.Empty : ", ")
                .Append(i == 0 && method.IsExtensionMethod ? "this " : string.Empty)
                .Append(parameter.IsParams ? "params " : string.Empty)
                .Append(RefPrefix(parameter.RefKind))
                .Append(parameter.Type.ToDisplayString(TypeFormat))
                .Append(' ')
                .Append(LlmLintGenerator.Parser.Escape(parameter.Name));
        }

        return new FallbackMethodModel(
            ns,
            containingTypes,
            hintName,
            modifiers,
            returnType,
            LlmLintGenerator.Parser.Escape(method.Name),
            typeParameters.ToString(),
            parameters.ToString(),
            EquatableArray.From(constraints),
            reason);
    }

    private static string RefPrefix(RefKind kind) => kind switch
    {
        RefKind.Ref => "ref ",
        RefKind.Out => "out ",
        RefKind.In => "in ",
        RefKind.None => string.Empty,
        _ => "ref readonly ",
    };

    private static string? Constraint(ITypeParameterSymbol parameter)
    {
        var parts = new List<string>();
        if (parameter.HasReferenceTypeConstraint)
        {
            parts.Add(parameter.ReferenceTypeConstraintNullableAnnotation == NullableAnnotation.Annotated ? "class?" : "class");
        }
        else if (parameter.HasUnmanagedTypeConstraint)
        {
            parts.Add("unmanaged");
        }
        else if (parameter.HasValueTypeConstraint)
        {
            parts.Add("struct");
        }
        else if (parameter.HasNotNullConstraint)
        {
            parts.Add("notnull");
        }

        foreach (ITypeSymbol type in parameter.ConstraintTypes)
        {
            parts.Add(type.ToDisplayString(TypeFormat));
        }

        if (parameter.HasConstructorConstraint)
        {
            parts.Add("new()");
        }

        return parts.Count == 0 ? null : "where " + LlmLintGenerator.Parser.Escape(parameter.Name) + " : " + string.Join(", ", parts);
    }
}
