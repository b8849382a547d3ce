namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// Turns a configuration read into its key: <c>config["A:B"]</c>, <c>GetSection("A")["B"]</c>,
    /// <c>GetValue&lt;string&gt;("A:B")</c>, <c>GetConnectionString("x")</c>, <c>section.Value</c>, and a property of an
    /// options object bound to a section (<c>IOptions&lt;T&gt;.Value.X</c>, <c>GetSection("A").Get&lt;T&gt;().X</c>).
    /// </summary>
    internal static class ConfigurationKeys
    {
        private const int MaxDepth = 8;

        /// <summary>A configuration key read by <paramref name="op"/> (already traced), with its code default when the code gives one.</summary>
        public static string? KeyOf(IOperation op, KnownTypes t, CancellationToken ct, out IOperation? codeDefault, out string? propertyDefault)
        {
            codeDefault = null;
            propertyDefault = null;
            switch (op)
            {
                case IPropertyReferenceOperation p when p.Property.IsIndexer && IsConfiguration(p.Property.ContainingType, t) && p.Arguments.Length == 1:
                    return Combine(SectionPath(p.Instance, t, ct, 0), Constant(p.Arguments[0].Value));
                case IPropertyReferenceOperation p when p.Property.Name == "Value" && KnownTypes.IsOrInherits(p.Property.ContainingType, t.IConfigurationSection):
                    return NonRoot(SectionPath(p.Instance, t, ct, 0));
                case IInvocationOperation inv when inv.TargetMethod.ContainingType?.Name == "ConfigurationBinder" && inv.TargetMethod.Name == "GetValue":
                    codeDefault = InvocationArguments.ArgByName(inv, "defaultValue");
                    return Combine(SectionPath(InvocationArguments.ArgByOrdinal(inv, 0), t, ct, 0), Constant(InvocationArguments.ArgByName(inv, "key")));
                case IInvocationOperation inv when inv.TargetMethod.ContainingType?.Name == "ConfigurationExtensions" && inv.TargetMethod.Name == "GetConnectionString":
                    return Combine(Combine(SectionPath(InvocationArguments.ArgByOrdinal(inv, 0), t, ct, 0), "ConnectionStrings"), Constant(InvocationArguments.ArgByName(inv, "name")));
                case IPropertyReferenceOperation p when p.Instance != null && !p.Property.IsIndexer && p.Property.Type.SpecialType == SpecialType.System_String:
                    string? section = OptionsSection(p.Instance, t, ct, 0);
                    if (section == null)
                    {
                        return null;
                    }

                    propertyDefault = PropertyDefault(p.Property, ct);
                    return Combine(section, p.Property.Name);
                default:
                    return null;
            }
        }

        /// <summary>The section path of a configuration object: "" for the root, "A:B" for <c>GetSection("A").GetSection("B")</c>; null when unknown.</summary>
        public static string? SectionPath(IOperation? op, KnownTypes t, CancellationToken ct, int depth)
        {
            op = ValueResolver.Trace(op, ct);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            if (op is IInvocationOperation inv && (inv.TargetMethod.Name == "GetSection" || inv.TargetMethod.Name == "GetRequiredSection") && IsConfiguration(inv.TargetMethod.ReturnType, t))
            {
                IOperation? parent = inv.Instance ?? (inv.TargetMethod.IsExtensionMethod ? InvocationArguments.ArgByOrdinal(inv, 0) : null);
                return Combine(SectionPath(parent, t, ct, depth + 1), Constant(InvocationArguments.ArgByName(inv, "key")));
            }

            // The root: a parameter, field or property of type IConfiguration / IConfigurationRoot / ConfigurationManager
            // (builder.Configuration). A bare IConfigurationSection has a path the code does not show.
            return op.Type != null && IsConfiguration(op.Type, t) && !KnownTypes.IsOrInherits(op.Type, t.IConfigurationSection) ? string.Empty : null;
        }

        /// <summary>The section an options object is bound to: <c>IOptions&lt;T&gt;.Value</c>, <c>Get&lt;T&gt;()</c>, a nested options property, or an injected T.</summary>
        public static string? OptionsSection(IOperation? op, KnownTypes t, CancellationToken ct, int depth)
        {
            op = ValueResolver.Trace(op, ct);
            if (op == null || depth > MaxDepth)
            {
                return null;
            }

            switch (op)
            {
                case IPropertyReferenceOperation p when (p.Property.Name == "Value" || p.Property.Name == "CurrentValue") && IsOptionsAccessor(p.Property.ContainingType, t):
                    return p.Property.Type is INamedTypeSymbol bound ? t.ModelSources.Bindings(ct).SectionOf(bound) : null;
                case IInvocationOperation inv when inv.TargetMethod.ContainingType?.Name == "ConfigurationBinder" && inv.TargetMethod.Name == "Get":
                    return NonRoot(SectionPath(InvocationArguments.ArgByOrdinal(inv, 0), t, ct, depth + 1));
                case IPropertyReferenceOperation p when p.Instance != null && !p.Property.IsIndexer:
                    return Combine(OptionsSection(p.Instance, t, ct, depth + 1), p.Property.Name);
                default:
                    return op.Type is INamedTypeSymbol type && type.TypeKind == TypeKind.Class ? t.ModelSources.Bindings(ct).SectionOf(type) : null;
            }
        }

        /// <summary>
        /// The declared default of a string property read from an options object whose class this compilation never
        /// binds (<c>IOptions&lt;T&gt;.Value.Model</c> with <c>public string Model { get; set; } = "gpt-4o";</c>, bound by
        /// another project of the solution): the value the code gives when configuration does not override it.
        /// </summary>
        public static string? UnboundOptionsDefault(IOperation op, KnownTypes t, CancellationToken ct)
        {
            if (op is not IPropertyReferenceOperation p || p.Instance == null || p.Property.IsIndexer || p.Property.Type.SpecialType != SpecialType.System_String
                || ValueResolver.Trace(p.Instance, ct) is not IPropertyReferenceOperation accessor
                || (accessor.Property.Name != "Value" && accessor.Property.Name != "CurrentValue") || !IsOptionsAccessor(accessor.Property.ContainingType, t)
                || accessor.Property.Type is not INamedTypeSymbol bound || t.ModelSources.Bindings(ct).SectionOf(bound) != null)
            {
                return null;
            }

            return PropertyDefault(p.Property, ct);
        }

        public static bool IsConfiguration(ITypeSymbol? type, KnownTypes t) => KnownTypes.IsOrInherits(type, t.IConfiguration);

        private static bool IsOptionsAccessor(INamedTypeSymbol? type, KnownTypes t) =>
            KnownTypes.Is(type, t.IOptions) || KnownTypes.Is(type, t.IOptionsMonitor) || KnownTypes.Is(type, t.IOptionsSnapshot)
            || (type != null && (KnownTypes.IsOrInherits(type, t.IOptions) || KnownTypes.IsOrInherits(type, t.IOptionsSnapshot)));

        /// <summary>The string literal a property is initialised with in its declaration (<c>public string Model { get; set; } = "gpt-4o";</c>).</summary>
        private static string? PropertyDefault(IPropertySymbol property, CancellationToken ct)
        {
            foreach (SyntaxReference r in property.DeclaringSyntaxReferences)
            {
                if (r.GetSyntax(ct) is PropertyDeclarationSyntax pd && pd.Initializer?.Value is LiteralExpressionSyntax lit && lit.Token.Value is string s && s.Length > 0)
                {
                    return s;
                }
            }

            return null;
        }

        private static string? Constant(IOperation? op)
        {
            IOperation? u = ValueResolver.Unwrap(op);
            return u != null && u.ConstantValue.HasValue && u.ConstantValue.Value is string s && s.Length > 0 ? s : null;
        }

        private static string? NonRoot(string? path) => string.IsNullOrEmpty(path) ? null : path;

        internal static string? Combine(string? section, string? key)
        {
            if (section == null || key == null)
            {
                return null;
            }

            return section.Length == 0 ? key : section + ":" + key;
        }
    }
}
