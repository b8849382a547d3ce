using System.Globalization;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2000: every recognised LLM call site, with its estimated tokens, cost and daily volume in the diagnostic's
    /// properties (hidden by default; the CLI raises it and builds the cost report from the properties).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CallSiteAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The <c>.editorconfig</c> option for the daily call volume of call sites without <c>[CallVolume]</c>.</summary>
        public const string CallsPerDayOption = "LLM2000.calls_per_day";

        /// <summary>The MSBuild property <c>LlmLintDefaultCallsPerDay</c>, as the compiler sees it.</summary>
        public const string CallsPerDayProperty = "build_property.LlmLintDefaultCallsPerDay";

        /// <summary>Calls per day assumed when nothing states the volume.</summary>
        public const double DefaultCallsPerDay = 1000;

        /// <summary>Input tokens assumed for each message the code does not show (a history, a parameter).</summary>
        public const int TokensPerUnknownMessages = 500;

        private const string CallVolumeAttributeName = "LlmLint.CallVolumeAttribute";

        private const string PromptAttributeName = "LlmLint.PromptAttribute";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CallSite);

        public override void Initialize(AnalysisContext context)
        {
            // Generated files are skipped by GeneratedCode.IsGenerated below, not by the driver: a [Prompt] method's symbol
            // carries [GeneratedCode] through its generated implementation part, and the driver would hide its definition.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                KnownTypes types = KnownTypes.From(start.Compilation);
                types.AttachModelSources(start.Options, start.CancellationToken);
                INamedTypeSymbol? prompt = start.Compilation.GetTypeByMetadataName(PromptAttributeName);
                if (!types.HasAnySdk && prompt == null)
                {
                    return;
                }

                ModelCatalog catalog = CatalogProvider.Get(start.Options, start.CancellationToken).Catalog;
                INamedTypeSymbol? volume = start.Compilation.GetTypeByMetadataName(CallVolumeAttributeName);
                if (types.HasAnySdk)
                {
                    start.RegisterOperationAction(ctx => Analyze(ctx, types, catalog, volume), OperationKind.Invocation);
                }

                if (prompt != null)
                {
                    var functions = new PromptFunctionSites(catalog, prompt, volume, start.Compilation);
                    start.RegisterSyntaxNodeAction(functions.Analyze, Microsoft.CodeAnalysis.CSharp.SyntaxKind.MethodDeclaration);
                }
            });
        }

        private static void Analyze(OperationAnalysisContext ctx, KnownTypes types, ModelCatalog catalog, INamedTypeSymbol? volumeAttribute)
        {
            var invocation = (IInvocationOperation)ctx.Operation;
            if (!CallSiteExtractor.TryClassify(invocation.TargetMethod, types, out _, out _)
                || GeneratedCode.IsGenerated(invocation.Syntax.SyntaxTree, ctx.CancellationToken))
            {
                return;
            }

            LlmCallSite? site = CallSiteExtractor.GetOrExtract(invocation, types, ctx.CancellationToken);
            if (site == null)
            {
                return;
            }

            TaskInference task = TaskKindInference.Infer(site);
            int input = InputTokens(site);
            int output = Cost.OutputTokens(site, task.Kind);
            (double perDay, string source) = CallsPerDay(ctx, site, volumeAttribute);
            string callSite = CallSiteId(site);

            ModelInfo? model = site.Model.Id != null && catalog.TryGet(site.Model.Id, out ModelInfo m) ? m : null;
            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.CallSite] = callSite;
            props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
            props[DiagnosticProperties.ModelId] = site.Model.Id ?? string.Empty;
            props[DiagnosticProperties.ModelKnown] = model != null ? "true" : "false";
            if (site.Model.Provenance != null)
            {
                props[DiagnosticProperties.ModelProvenance] = site.Model.Provenance;
            }

            props[DiagnosticProperties.TaskKind] = task.Kind.ToString();
            string costText = Cost.AddEstimate(props, model, input, output, perDay, source);
            props[DiagnosticProperties.ModelTier] = model?.Tier.ToString() ?? string.Empty;
            if (model == null)
            {
                props[DiagnosticProperties.Provider] = string.Empty;
            }

            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CallSite,
                site.Location,
                props.ToImmutable(),
                ModelText(site.Model),
                callSite,
                costText,
                perDay.ToString("#,0.##", CultureInfo.InvariantCulture)));
        }

        /// <summary>The model as the message names it: the id, or "(unknown model: where it comes from)".</summary>
        internal static string ModelText(ModelReference model) =>
            model.Id ?? (model.Provenance != null ? "(unknown model: " + model.Provenance + ")" : "(unknown model)");

        /// <summary>Input tokens of the folded prompt, plus <see cref="TokensPerUnknownMessages"/> when messages are hidden.</summary>
        internal static int InputTokens(LlmCallSite site)
        {
            int input = Cost.InputTokens(site);
            return site.Prompt.HasUnknownMessages ? input + TokensPerUnknownMessages : input;
        }

        /// <summary>The containing user method as <c>Namespace.Type.Method</c>.</summary>
        internal static string CallSiteId(LlmCallSite site)
        {
            IMethodSymbol? method = site.ContainingMethod;
            if (method == null)
            {
                return "(unknown)";
            }

            string type = method.ContainingType?.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat.WithGenericsOptions(SymbolDisplayGenericsOptions.None)) ?? string.Empty;
            return type.Length == 0 ? method.Name : type + "." + method.Name;
        }

        private static (double PerDay, string Source) CallsPerDay(OperationAnalysisContext ctx, LlmCallSite site, INamedTypeSymbol? attribute) =>
            CallsPerDay(ctx.Options, site.Location.SourceTree ?? ctx.Operation.Syntax.SyntaxTree, site.ContainingMethod, attribute);

        internal static (double PerDay, string Source) CallsPerDay(AnalyzerOptions analyzerOptions, SyntaxTree tree, ISymbol? method, INamedTypeSymbol? attribute)
        {
            if (attribute != null)
            {
                for (ISymbol? s = method; s != null && !(s is INamespaceSymbol); s = s.ContainingSymbol)
                {
                    foreach (AttributeData a in s.GetAttributes())
                    {
                        if (SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute) && a.ConstructorArguments.Length == 1
                            && a.ConstructorArguments[0].Value is object v && Number(v) is double n && n >= 0 && !double.IsInfinity(n))
                        {
                            return (n, "Attribute");
                        }
                    }
                }
            }

            AnalyzerConfigOptions options = analyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree);
            AnalyzerConfigOptions global = analyzerOptions.AnalyzerConfigOptionsProvider.GlobalOptions;
            if ((options.TryGetValue(CallsPerDayOption, out string? text) || global.TryGetValue(CallsPerDayOption, out text)) && Parse(text) is double fromOption)
            {
                return (fromOption, "Option");
            }

            if (global.TryGetValue(CallsPerDayProperty, out text) && Parse(text) is double fromProperty)
            {
                return (fromProperty, "Option");
            }

            return (DefaultCallsPerDay, "Default");
        }

        private static double? Number(object value)
        {
            try
            {
                return System.Convert.ToDouble(value, CultureInfo.InvariantCulture);
            }
            catch (System.Exception e) when (e is System.FormatException || e is System.InvalidCastException || e is System.OverflowException)
            {
                return null;
            }
        }

        private static double? Parse(string? text)
        {
            if (text == null)
            {
                return null;
            }

            text = text.Trim().Replace("_", string.Empty);
            return double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out double n) && n >= 0 && !double.IsInfinity(n) ? n : (double?)null;
        }
    }
}
