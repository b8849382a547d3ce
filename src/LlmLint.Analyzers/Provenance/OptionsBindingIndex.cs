namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// Which configuration section each options class is bound to in the compilation:
    /// <c>services.Configure&lt;T&gt;(config.GetSection("A"))</c>, <c>AddOptions&lt;T&gt;().Bind(section)</c> /
    /// <c>.BindConfiguration("A")</c>, <c>GetSection("A").Get&lt;T&gt;()</c>, <c>GetSection("A").Bind(obj)</c>.
    /// Built once per compilation on first use; a class bound to two different sections maps to none.
    /// </summary>
    internal sealed class OptionsBindingIndex
    {
        public static readonly OptionsBindingIndex None = new OptionsBindingIndex(new Dictionary<ITypeSymbol, string?>(SymbolEqualityComparer.Default));

        private readonly Dictionary<ITypeSymbol, string?> _sections;

        private OptionsBindingIndex(Dictionary<ITypeSymbol, string?> sections) => _sections = sections;

        /// <summary>The section path <paramref name="type"/> is bound to, or null when unbound or bound to several.</summary>
        public string? SectionOf(INamedTypeSymbol type) => _sections.TryGetValue(type.OriginalDefinition, out string? path) ? path : null;

        public static OptionsBindingIndex Build(KnownTypes t, CancellationToken ct)
        {
            if (t.IConfiguration == null)
            {
                return None;
            }

            var sections = new Dictionary<ITypeSymbol, string?>(SymbolEqualityComparer.Default);
            Compilation compilation = t.Compilation;
            foreach (IInvocationOperation inv in CompilationInvocations.Named(compilation, s_candidateNames, ct))
            {
                if (Binding(inv, t, ct) is (ITypeSymbol type, string path))
                {
                    ITypeSymbol key = type.OriginalDefinition;
                    sections[key] = sections.TryGetValue(key, out string? existing) && !string.Equals(existing, path, StringComparison.OrdinalIgnoreCase) ? null : path;
                }
            }

            return new OptionsBindingIndex(sections);
        }

        private static (ITypeSymbol Type, string Path)? Binding(IInvocationOperation inv, KnownTypes t, CancellationToken ct)
        {
            IMethodSymbol m = inv.TargetMethod;
            string? path = null;
            ITypeSymbol? type = null;
            switch (m.Name)
            {
                case "Configure" when m.IsGenericMethod && m.TypeArguments.Length == 1:
                    type = m.TypeArguments[0];
                    path = ConfigurationArgumentPath(inv, t, ct);
                    break;
                case "Bind" when m.IsGenericMethod && m.TypeArguments.Length == 1 && m.ContainingType?.Name == "OptionsBuilderConfigurationExtensions":
                    type = m.TypeArguments[0];
                    path = ConfigurationArgumentPath(inv, t, ct);
                    break;
                case "Bind" when m.ContainingType?.Name == "ConfigurationBinder":
                    type = ValueResolver.Unwrap(InvocationArguments.ArgByName(inv, "instance"))?.Type;
                    path = ConfigurationKeys.SectionPath(InvocationArguments.ArgByOrdinal(inv, 0), t, ct, 0);
                    break;
                case "BindConfiguration" when m.IsGenericMethod && m.TypeArguments.Length == 1:
                    type = m.TypeArguments[0];
                    IOperation? p = ValueResolver.Unwrap(InvocationArguments.ArgByName(inv, "configSectionPath"));
                    path = p != null && p.ConstantValue.HasValue ? p.ConstantValue.Value as string : null;
                    break;
                case "Get" when m.IsGenericMethod && m.TypeArguments.Length == 1 && m.ContainingType?.Name == "ConfigurationBinder":
                    type = m.TypeArguments[0];
                    path = ConfigurationKeys.SectionPath(InvocationArguments.ArgByOrdinal(inv, 0), t, ct, 0);
                    break;
            }

            return type != null && type.TypeKind == TypeKind.Class && type.SpecialType == SpecialType.None && !string.IsNullOrEmpty(path) ? (type, path!) : null;
        }

        private static string? ConfigurationArgumentPath(IInvocationOperation inv, KnownTypes t, CancellationToken ct)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter != null && ConfigurationKeys.IsConfiguration(a.Parameter.Type, t))
                {
                    return ConfigurationKeys.SectionPath(a.Value, t, ct, 0);
                }
            }

            return null;
        }

        private static readonly string[] s_candidateNames = { "Configure", "Bind", "BindConfiguration", "Get" };
    }
}
