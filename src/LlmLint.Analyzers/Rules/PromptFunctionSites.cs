using System.Globalization;
using LlmLint.Analyzers.Provenance;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2000 for generator-implemented <c>[Prompt]</c> partial methods: the call the generated body makes through
    /// <c>ILlmRuntime</c>, priced at the model that stands for the method's tier.
    /// </summary>
    internal sealed class PromptFunctionSites
    {
        /// <summary>Option naming the model that prices a tier, e.g. <c>LLM2000.small_model = gpt-4o-mini</c>.</summary>
        public const string TierModelOptionFormat = "LLM2000.{0}_model";

        private readonly ModelCatalog _catalog;
        private readonly INamedTypeSymbol _prompt;
        private readonly INamedTypeSymbol? _volume;
        private readonly INamedTypeSymbol? _route;
        private readonly INamedTypeSymbol? _cascade;
        private readonly Compilation _compilation;
        private readonly object _registrationsGate = new object();
        private TierRegistrationIndex? _registrations;

        public PromptFunctionSites(ModelCatalog catalog, INamedTypeSymbol prompt, INamedTypeSymbol? volume, Compilation compilation)
        {
            _catalog = catalog;
            _prompt = prompt;
            _volume = volume;
            _route = compilation.GetTypeByMetadataName("LlmLint.RouteAttribute");
            _cascade = compilation.GetTypeByMetadataName("LlmLint.CascadeAttribute");
            _compilation = compilation;
        }

        /// <summary>
        /// Runs on method declarations (not symbols): the generated implementation part of a partial method is generated
        /// code, and a symbol action would only see that part.
        /// </summary>
        public void Analyze(SyntaxNodeAnalysisContext ctx)
        {
            var declaration = (MethodDeclarationSyntax)ctx.Node;
            bool isPartial = false;
            foreach (SyntaxToken modifier in declaration.Modifiers)
            {
                isPartial |= modifier.IsKind(SyntaxKind.PartialKeyword);
            }

            if (isPartial && (declaration.Body != null || declaration.ExpressionBody != null))
            {
                return; // an implementation part; the definition (without a body) is reported
            }

            if (GeneratedCode.IsGenerated(declaration.SyntaxTree, ctx.CancellationToken))
            {
                return;
            }

            if (!(ctx.SemanticModel.GetDeclaredSymbol(declaration, ctx.CancellationToken) is IMethodSymbol method))
            {
                return;
            }

            AttributeData? prompt = null;
            int tierValue = 1;
            ImmutableArray<AttributeData> attributes = method.GetAttributes();
            if (method.PartialImplementationPart != null)
            {
                attributes = attributes.AddRange(method.PartialImplementationPart.GetAttributes());
            }
            else if (method.PartialDefinitionPart != null)
            {
                attributes = attributes.AddRange(method.PartialDefinitionPart.GetAttributes());
            }

            foreach (AttributeData a in attributes)
            {
                if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, _prompt))
                {
                    prompt = a;
                }
                else if (_route != null && SymbolEqualityComparer.Default.Equals(a.AttributeClass, _route) && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is int t)
                {
                    tierValue = t;
                }
                else if (_cascade != null && SymbolEqualityComparer.Default.Equals(a.AttributeClass, _cascade) && a.ConstructorArguments.Length == 1
                    && a.ConstructorArguments[0].Kind == TypedConstantKind.Array && !a.ConstructorArguments[0].Values.IsDefaultOrEmpty && a.ConstructorArguments[0].Values[0].Value is int first)
                {
                    tierValue = first;
                }
            }

            if (prompt == null || prompt.ConstructorArguments.Length != 1 || !(prompt.ConstructorArguments[0].Value is string template))
            {
                return;
            }

            Location location = declaration.Identifier.GetLocation();
            string tier = TierName(tierValue);

            string? system = null;
            int maxOutput = 0;
            foreach (var named in prompt.NamedArguments)
            {
                if (named.Key == "System" && named.Value.Value is string sys)
                {
                    system = sys;
                }
                else if (named.Key == "MaxOutputTokens" && named.Value.Value is int max)
                {
                    maxOutput = max;
                }
            }

            TaskKind kind = KindOf(method.ReturnType);
            int holes = CountHoles(template) + (system != null ? CountHoles(system) : 0);
            int input = Math.Max(Cost.MinimumInputTokens, PromptTokens.Estimate(template) + (system != null ? PromptTokens.Estimate(system) : 0) + holes * Cost.TokensPerHole);
            int output = Cost.OutputTokens(maxOutput, kind);
            (double perDay, string source) = CallSiteAnalyzer.CallsPerDay(ctx.Options, location.SourceTree!, method, _volume);
            (ModelInfo? model, string? modelId, string provenance) = TierModel(ctx.Options, location.SourceTree!, tierValue, tier, ctx.CancellationToken);
            string callSite = (method.ContainingType?.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) ?? string.Empty) + "." + method.Name;

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.CallSite] = callSite;
            props[DiagnosticProperties.Sdk] = "LlmLint";
            props[DiagnosticProperties.ModelId] = modelId ?? string.Empty;
            props[DiagnosticProperties.ModelProvenance] = provenance;
            props[DiagnosticProperties.ModelKnown] = model != null ? "true" : "false";
            props[DiagnosticProperties.ModelTier] = tier;
            props[DiagnosticProperties.TaskKind] = kind.ToString();
            string cost = Cost.AddEstimate(props, model, input, output, perDay, source);

            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CallSite,
                location,
                props.ToImmutable(),
                (modelId ?? "(unknown model)") + ", " + tier + " tier",
                callSite,
                cost,
                perDay.ToString("#,0.##", CultureInfo.InvariantCulture)));
        }

        /// <summary>
        /// The model that prices a tier: the project's <c>LLM2000.&lt;tier&gt;_model</c> option, else the app's own
        /// <c>AddTier</c> registration in this compilation when its model resolves, else the catalog's cheapest current
        /// OpenAI model of the tier as a stand-in. The provenance says which, for the report's "code" or "assumed" mark.
        /// </summary>
        private (ModelInfo? Model, string? ModelId, string Provenance) TierModel(AnalyzerOptions options, SyntaxTree tree, int tierValue, string tier, System.Threading.CancellationToken ct)
        {
            string key = string.Format(CultureInfo.InvariantCulture, TierModelOptionFormat, tier.ToLowerInvariant());
            if ((options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out string? id) || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out id))
                && !string.IsNullOrWhiteSpace(id))
            {
                string named = id.Trim();
                return (_catalog.TryGet(named, out ModelInfo configured) ? configured : null, named, "option " + key);
            }

            TierRegistration? registration = Registrations(ct).Find(tierValue);
            if (registration is { ModelId: { } registered } found)
            {
                return (_catalog.TryGet(registered, out ModelInfo model) ? model : null, registered, found.Provenance);
            }

            // The cheapest current OpenAI model of the tier stands for it.
            ModelInfo? best = null;
            foreach (ModelInfo m in _catalog.Models)
            {
                if (m.Status == ModelStatus.Current && string.Equals(m.Provider, "openai", StringComparison.OrdinalIgnoreCase) && string.Equals(m.Tier.ToString(), tier, StringComparison.Ordinal)
                    && (best == null || m.InputPerMillion + m.OutputPerMillion < best.InputPerMillion + best.OutputPerMillion))
                {
                    best = m;
                }
            }

            string standIn = "stand-in: the catalog's cheapest current model of the " + tier + " tier" + (registration is { } unresolved ? " (" + unresolved.Provenance + ")" : string.Empty);
            return (best, best?.Id, standIn);
        }

        /// <summary>The compilation's tier registrations, built once (a cancelled build is not kept).</summary>
        private TierRegistrationIndex Registrations(System.Threading.CancellationToken ct)
        {
            lock (_registrationsGate)
            {
                return _registrations ??= TierRegistrationIndex.Build(_compilation, ct);
            }
        }

        private static string TierName(int tier) => tier switch { 0 => "Small", 1 => "Medium", 2 => "Large", 3 => "Frontier", _ => "Medium" };

        private static TaskKind KindOf(ITypeSymbol returnType)
        {
            if (!(returnType is INamedTypeSymbol { IsGenericType: true }) && (returnType.Name == "Task" || returnType.Name == "ValueTask"))
            {
                return TaskKind.Other;
            }

            ITypeSymbol t = returnType is INamedTypeSymbol n && n.IsGenericType && n.TypeArguments.Length == 1 ? n.TypeArguments[0] : returnType;
            if (t.TypeKind == TypeKind.Enum || t.SpecialType == SpecialType.System_Boolean)
            {
                return TaskKind.Classification;
            }

            if (t.SpecialType == SpecialType.System_String || t.SpecialType == SpecialType.System_Void || t.SpecialType == SpecialType.System_Object)
            {
                return TaskKind.Other;
            }

            return t.TypeKind == TypeKind.Class || t.TypeKind == TypeKind.Struct ? TaskKind.Extraction : TaskKind.Other;
        }

        private static int CountHoles(string template)
        {
            int count = 0;
            for (int i = 0; i < template.Length; i++)
            {
                if (template[i] == '{' && i + 1 < template.Length && template[i + 1] != '{')
                {
                    count++;
                }
            }

            return count;
        }
    }
}
