namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// Resolves a model value that is not a constant string in the code: SDK model constants, fields and properties set
    /// once, <c>??</c> fallbacks, configuration reads (with <c>appsettings*.json</c> and options classes), environment
    /// variables and parameters. An unresolved model keeps where it comes from in <see cref="ModelReference.Provenance"/>.
    /// </summary>
    internal static class ModelProvenanceResolver
    {
        private const int MaxDepth = 6;

        public static ModelReference Resolve(IOperation value, ModelIdSource source, CancellationToken ct)
        {
            Compilation? compilation = value.SemanticModel?.Compilation;
            return compilation == null ? ModelReference.Unknown : Resolve(value, source, KnownTypes.From(compilation), ct, 0);
        }

        private static ModelReference Resolve(IOperation value, ModelIdSource source, KnownTypes t, CancellationToken ct, int depth)
        {
            if (depth > MaxDepth)
            {
                return ModelReference.Unknown;
            }

            IOperation? op = ValueResolver.Unwrap(value);
            if (SdkModelConstants.TryGetId(op, t, out string id, out string spelled))
            {
                return new ModelReference(id, source, null, null, "SDK constant '" + spelled + "'");
            }

            op = ValueResolver.Trace(value, ct);
            if (op == null)
            {
                return ModelReference.Unknown;
            }

            if (SdkModelConstants.TryGetId(op, t, out id, out spelled))
            {
                return new ModelReference(id, source, null, null, "SDK constant '" + spelled + "'");
            }

            FoldedString? folded = ValueResolver.FoldString(op, ct);
            if (folded != null && folded.IsConstant && folded.Text.Length > 0)
            {
                Location? literal = folded.SingleLiteral && folded.LargestLiteral != null && folded.LargestLiteral.IsInSource ? folded.LargestLiteral : null;
                return new ModelReference(folded.Text, source, literal, folded.Field);
            }

            switch (op)
            {
                case ICoalesceOperation coalesce:
                    return Coalesce(Resolve(coalesce.Value, source, t, ct, depth + 1), Resolve(coalesce.WhenNull, source, t, ct, depth + 1));
                case IParameterReferenceOperation p:
                    return ModelReference.Unresolved("parameter '" + p.Parameter.Name + "' of '" + OwnerName(p.Parameter.ContainingSymbol) + "'");
                case IInvocationOperation inv when inv.TargetMethod.Name == "GetEnvironmentVariable" && KnownTypes.Is(inv.TargetMethod.ContainingType, t.SystemEnvironment):
                    IOperation? name = ValueResolver.Unwrap(InvocationArguments.ArgByOrdinal(inv, 0));
                    return name != null && name.ConstantValue.HasValue && name.ConstantValue.Value is string variable
                        ? t.ModelSources.ForEnvironmentVariable(variable, op.Syntax.SyntaxTree)
                        : ModelReference.Unresolved("an environment variable");
            }

            string? key = ConfigurationKeys.KeyOf(op, t, ct, out IOperation? codeDefault, out string? propertyDefault);
            if (key == null)
            {
                return ConfigurationKeys.UnboundOptionsDefault(op, t, ct) is string declared && op is IPropertyReferenceOperation read
                    ? new ModelReference(declared, ModelIdSource.Configuration, null, null, "'" + declared + "', the default of '" + read.Property.ContainingType.Name + "." + read.Property.Name + "' (options class not bound in this project)")
                    : ModelReference.Unknown;
            }

            ModelReference? fallback = null;
            if (codeDefault != null)
            {
                fallback = Resolve(codeDefault, source, t, ct, depth + 1);
            }
            else if (propertyDefault != null && op is IPropertyReferenceOperation property)
            {
                fallback = new ModelReference(propertyDefault, ModelIdSource.Configuration, null, null, "'" + propertyDefault + "' of '" + property.Property.ContainingType.Name + "." + property.Property.Name + "'");
            }

            return t.ModelSources.ForConfigurationKey(key, op.Syntax.SyntaxTree, ModelIdSource.Configuration, fallback, ct);
        }

        /// <summary><c>a ?? b</c>: <c>a</c> when it resolves, else <c>b</c> with <c>a</c>'s origin noted.</summary>
        private static ModelReference Coalesce(ModelReference left, ModelReference right)
        {
            if (left.Id != null)
            {
                return left;
            }

            if (right.Id == null)
            {
                return left.Provenance != null ? left : right;
            }

            string origin = left.Provenance ?? "a value the code does not show";
            return new ModelReference(right.Id, right.Source, right.LiteralLocation, right.Field, origin + ", else " + (right.Provenance ?? "'" + right.Id + "'"));
        }

        private static string OwnerName(ISymbol? owner) => owner is IMethodSymbol m && (m.MethodKind == MethodKind.Constructor || m.MethodKind == MethodKind.StaticConstructor)
            ? m.ContainingType.Name
            : owner?.Name ?? "(unknown)";
    }
}
