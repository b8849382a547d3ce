using System.Globalization;
using System.Linq;
using System.Threading;
using LlmLint.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    /// <summary>
    /// Turns one <c>[Prompt]</c> method into an equatable <see cref="LlmFunctionModel"/>. The same analysis serves the
    /// generator (which drops the diagnostics and skips invalid methods) and the companion analyzer (which reports them).
    /// </summary>
    internal static partial class Parser
    {
        private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat
            .AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly SymbolDisplayFormat NonNullableTypeFormat = SymbolDisplayFormat.FullyQualifiedFormat;

        private const int MaxObjectDepth = 8;

        /// <summary>Observes exceptions the parser swallows (tests fail on them); null in production.</summary>
        internal static Action<Exception>? UnexpectedException { get; set; }

        /// <summary>
        /// The generator's transform: a model for a valid method, a fallback body for a method with an LLM9xxx error that
        /// can still be given one, otherwise null.
        /// </summary>
        public static ParsedMethod? TryParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not IMethodSymbol method)
            {
                return null;
            }

            var state = new State(method, diagnostics: null);
            LlmFunctionModel? function = Run(state, cancellationToken);
            return function is not null ? new ParsedMethod(function, null)
                : state.Fallback is not null ? new ParsedMethod(null, state.Fallback)
                : null;
        }

        /// <summary>Analyses <paramref name="method"/>; adds what is wrong to <paramref name="diagnostics"/> when given.</summary>
        /// <returns>The model, or null when the method has an error (reported as an LLM9xxx diagnostic).</returns>
        public static LlmFunctionModel? Analyze(IMethodSymbol method, List<Diagnostic>? diagnostics, CancellationToken cancellationToken) =>
            Run(new State(method, diagnostics), cancellationToken);

        private static LlmFunctionModel? Run(State state, CancellationToken cancellationToken)
        {
            try
            {
                return state.Run(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw;
            }
            catch (Exception exception)
            {
                UnexpectedException?.Invoke(exception);

                // Unknown shapes are skipped, never guessed: the compiler then reports the missing implementation.
                return null;
            }
        }

        private sealed partial class State
        {
            private readonly IMethodSymbol method;
            private readonly List<Diagnostic>? diagnostics;
            private readonly List<ObjectModel?> objects = new();
            private readonly Dictionary<string, int> objectIndex = new(StringComparer.Ordinal);
            private readonly List<EnumModel> enums = new();
            private readonly Dictionary<string, int> enumIndex = new(StringComparer.Ordinal);
            private bool invalid;
            private bool implementable = true;
            private string? firstError;

            public State(IMethodSymbol method, List<Diagnostic>? diagnostics)
            {
                this.method = method;
                this.diagnostics = diagnostics;
            }

            private string MethodDisplay => method.ContainingType.Name + "." + method.Name;

            /// <summary>Gets the fallback body of a method that has an LLM9xxx error but can still be implemented.</summary>
            public FallbackMethodModel? Fallback { get; private set; }

            public LlmFunctionModel? Run(CancellationToken cancellationToken)
            {
                AttributeData? prompt = null, route = null, cache = null, cascade = null, distill = null, batch = null;
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    switch (attribute.AttributeClass?.ToDisplayString())
                    {
                        case KnownTypeNames.PromptAttribute: prompt = attribute; break;
                        case KnownTypeNames.RouteAttribute: route = attribute; break;
                        case KnownTypeNames.CacheAttribute: cache = attribute; break;
                        case KnownTypeNames.CascadeAttribute: cascade = attribute; break;
                        case KnownTypeNames.DistillAttribute: distill = attribute; break;
                        case KnownTypeNames.BatchAttribute: batch = attribute; break;
                    }
                }

                if (prompt is null || prompt.ConstructorArguments.Length != 1)
                {
                    return null;
                }

                if (method.PartialImplementationPart is { } implementation && !IsGeneratedByUs(implementation))
                {
                    // The user wrote the implementation: nothing to generate.
                    return null;
                }

                Location methodLocation = method.Locations.FirstOrDefault() ?? Location.None;
                Location promptLocation = prompt.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;

                // LLM9001: partial method and partial containing types.
                MethodDeclarationSyntax? declaration = method.DeclaringSyntaxReferences
                    .Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault();
                if (declaration is null)
                {
                    return null;
                }

                if (!method.IsPartialDefinition || declaration.Body is not null || declaration.ExpressionBody is not null)
                {
                    implementable = false;
                    Report(Descriptors.MethodOrTypeNotPartial, methodLocation, method.Name, method.Name);
                }

                var containingTypes = new List<ContainingTypeModel>();
                for (INamedTypeSymbol? type = method.ContainingType; type is not null; type = type.ContainingType)
                {
                    bool isPartial = false;
                    string? keyword = null;
                    foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax typeSyntax)
                        {
                            isPartial |= typeSyntax.Modifiers.Any(SyntaxKind.PartialKeyword);
                            keyword ??= typeSyntax switch
                            {
                                RecordDeclarationSyntax r => r.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) ? "record struct" : "record",
                                StructDeclarationSyntax => "struct",
                                InterfaceDeclarationSyntax => "interface",
                                _ => "class",
                            };
                        }
                    }

                    if (!isPartial)
                    {
                        implementable = false;
                        Report(Descriptors.MethodOrTypeNotPartial, type.Locations.FirstOrDefault() ?? methodLocation, type.Name, method.Name);
                    }

                    string name = Escape(type.Name);
                    if (type.TypeParameters.Length > 0)
                    {
                        name += "<" + string.Join(", ", type.TypeParameters.Select(p => Escape(p.Name))) + ">";
                    }

                    containingTypes.Insert(0, new ContainingTypeModel(keyword ?? "class", name));
                }

                // LLM9004: signature.
                if (method.IsGenericMethod)
                {
                    Report(Descriptors.UnsupportedReturnType, methodLocation, method.Name, "a generic method cannot be an LLM function");
                }

                // Template and attribute values.
                string template = prompt.ConstructorArguments[0].Value as string ?? string.Empty;
                string? system = null;
                int maxOutputTokens = 0;
                double temperature = -1;
                foreach (KeyValuePair<string, TypedConstant> named in prompt.NamedArguments)
                {
                    switch (named.Key)
                    {
                        case "System": system = named.Value.Value as string; break;
                        case "MaxOutputTokens" when named.Value.Value is int i: maxOutputTokens = i; break;
                        case "Temperature" when named.Value.Value is double d: temperature = d; break;
                    }
                }

                if (template.Trim().Length == 0)
                {
                    Report(Descriptors.InvalidAttributeValue, promptLocation, method.Name, "the prompt template is empty");
                }

                if (maxOutputTokens < 0)
                {
                    Report(Descriptors.InvalidAttributeValue, promptLocation, method.Name, "MaxOutputTokens is negative");
                }

                // Parameters.
                var parameters = new List<ParameterModel>();
                string cancellationExpression = "default";
                for (int i = 0; i < method.Parameters.Length; i++)
                {
                    IParameterSymbol parameter = method.Parameters[i];
                    if (parameter.RefKind != RefKind.None)
                    {
                        Report(Descriptors.UnsupportedReturnType, parameter.Locations.FirstOrDefault() ?? methodLocation, method.Name, $"the parameter '{parameter.Name}' is passed by reference");
                    }

                    bool isToken = parameter.Type.ToDisplayString(NonNullableTypeFormat) == "global::System.Threading.CancellationToken";
                    string name = Escape(parameter.Name);
                    if (isToken && cancellationExpression == "default")
                    {
                        cancellationExpression = name;
                    }

                    string prefix = (i == 0 && method.IsExtensionMethod ? "this " : string.Empty) + (parameter.IsParams ? "params " : string.Empty);
                    bool notInPrompt = parameter.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.NotInPromptAttribute);
                    (ValueKind keyKind, string? keyFormat) = GetKeyKind(parameter.Type);
                    parameters.Add(new ParameterModel(
                        name,
                        parameter.Type.ToDisplayString(TypeFormat),
                        prefix,
                        GetRenderKind(parameter.Type),
                        isToken ? ValueKind.Other : keyKind,
                        keyFormat,
                        InPrompt: !notInPrompt && !isToken,
                        IsCancellationToken: isToken));
                }

                // Template segments (LLM9002, LLM9003).
                var segments = ParseTemplate(template, method, parameters, promptLocation, out bool[] used);
                for (int i = 0; i < parameters.Count; i++)
                {
                    ParameterModel parameter = parameters[i];
                    if (parameter.InPrompt && !used[i])
                    {
                        Report(Descriptors.ParameterNotInTemplate, method.Parameters[i].Locations.FirstOrDefault() ?? methodLocation, method.Parameters[i].Name, method.Name);
                        parameters[i] = parameter with { InPrompt = false };
                    }
                }

                // Return type (LLM9004).
                ReturnKind returnKind = ReturnKind.Task;
                ITypeSymbol? resultType = null;
                if (method.ReturnType is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } returnType)
                {
                    switch (returnType.OriginalDefinition.ToDisplayString(NonNullableTypeFormat))
                    {
                        case "global::System.Threading.Tasks.Task<TResult>": returnKind = ReturnKind.Task; resultType = returnType.TypeArguments[0]; break;
                        case "global::System.Threading.Tasks.ValueTask<TResult>": returnKind = ReturnKind.ValueTask; resultType = returnType.TypeArguments[0]; break;
                        case "global::System.Collections.Generic.IAsyncEnumerable<T>":
                            returnKind = ReturnKind.AsyncEnumerable;
                            resultType = returnType.TypeArguments[0];
                            if (resultType.SpecialType != SpecialType.System_String)
                            {
                                Report(Descriptors.UnsupportedReturnType, methodLocation, method.Name, "a streamed result must be IAsyncEnumerable<string>");
                                resultType = null;
                            }

                            break;
                    }
                }

                ResultModel? result = null;
                if (resultType is null)
                {
                    if (returnKind != ReturnKind.AsyncEnumerable)
                    {
                        Report(Descriptors.UnsupportedReturnType, methodLocation, method.Name, $"the return type '{method.ReturnType.ToDisplayString()}' is not Task<T>, ValueTask<T> or IAsyncEnumerable<string>");
                    }
                }
                else if (returnKind == ReturnKind.AsyncEnumerable)
                {
                    result = new ResultModel(new ShapeModel(ShapeKind.Text, "string", false, false, -1, null, false), null, null, EquatableArray<ObjectModel>.Empty, EquatableArray<EnumModel>.Empty);
                }
                else
                {
                    result = AnalyzeResult(resultType, methodLocation, cancellationToken);
                }

                // Routing (LLM9008).
                var tiers = new List<int>();
                bool isCascade = false;
                if (route is not null && cascade is not null)
                {
                    Report(Descriptors.ConflictingAttributes, methodLocation, method.Name, "[Route] and [Cascade] both choose the tier");
                }

                if (cascade is not null)
                {
                    isCascade = true;
                    if (cascade.ConstructorArguments.Length == 1 && cascade.ConstructorArguments[0].Kind == TypedConstantKind.Array)
                    {
                        foreach (TypedConstant value in cascade.ConstructorArguments[0].Values)
                        {
                            tiers.Add(Convert.ToInt32(value.Value, CultureInfo.InvariantCulture));
                        }
                    }

                    Location cascadeLocation = cascade.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                    if (tiers.Count < 2)
                    {
                        Report(Descriptors.ConflictingAttributes, cascadeLocation, method.Name, "a cascade needs at least two tiers");
                    }
                    else
                    {
                        for (int i = 1; i < tiers.Count; i++)
                        {
                            if (tiers[i] <= tiers[i - 1])
                            {
                                Report(Descriptors.ConflictingAttributes, cascadeLocation, method.Name, "the cascade tiers are not in ascending order");
                                break;
                            }
                        }
                    }

                    if (returnKind == ReturnKind.AsyncEnumerable)
                    {
                        Report(Descriptors.ConflictingAttributes, cascadeLocation, method.Name, "a streamed result is not validated, so a cascade cannot escalate");
                    }
                }
                else if (route is not null && route.ConstructorArguments.Length == 1)
                {
                    tiers.Add(Convert.ToInt32(route.ConstructorArguments[0].Value, CultureInfo.InvariantCulture));
                }
                else
                {
                    tiers.Add(0);
                }

                // Caching (LLM9006, LLM9007, LLM9008, LLM9009).
                CacheModel? cacheModel = null;
                string? semanticParameter = null;
                if (cache is not null)
                {
                    Location cacheLocation = cache.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                    bool semantic = false;
                    double threshold = 0;
                    string? ttl = null;
                    foreach (KeyValuePair<string, TypedConstant> named in cache.NamedArguments)
                    {
                        switch (named.Key)
                        {
                            case "Semantic" when named.Value.Value is bool b: semantic = b; break;
                            case "Threshold" when named.Value.Value is double d: threshold = d; break;
                            case "Ttl": ttl = named.Value.Value as string; break;
                        }
                    }

                    if (returnKind == ReturnKind.AsyncEnumerable)
                    {
                        Report(Descriptors.ConflictingAttributes, cacheLocation, method.Name, "a streamed result cannot be cached");
                    }

                    if (double.IsNaN(threshold) || threshold < 0 || threshold > 1)
                    {
                        Report(Descriptors.InvalidAttributeValue, cacheLocation, method.Name, "the cache Threshold must lie between 0 and 1");
                    }

                    long? ttlTicks = null;
                    if (ttl is not null)
                    {
                        if (TimeSpan.TryParse(ttl, CultureInfo.InvariantCulture, out TimeSpan span) && span > TimeSpan.Zero)
                        {
                            ttlTicks = span.Ticks;
                        }
                        else
                        {
                            Report(Descriptors.InvalidAttributeValue, cacheLocation, method.Name, $"the cache Ttl '{ttl}' is not a positive TimeSpan such as \"1.00:00:00\"");
                        }
                    }

                    for (int i = 0; i < parameters.Count; i++)
                    {
                        if (parameters[i].InPrompt && parameters[i].KeyKind == ValueKind.Other)
                        {
                            Report(Descriptors.ParameterNotKeyable, method.Parameters[i].Locations.FirstOrDefault() ?? methodLocation, method.Parameters[i].Name, method.Name, method.Parameters[i].Type.ToDisplayString());
                        }
                    }

                    if (semantic)
                    {
                        int count = 0;
                        foreach (ParameterModel parameter in parameters)
                        {
                            if (parameter.InPrompt && parameter.KeyKind == ValueKind.String)
                            {
                                count++;
                                semanticParameter = parameter.Name;
                            }
                        }

                        if (count != 1)
                        {
                            Report(Descriptors.AmbiguousSemanticKey, cacheLocation, method.Name, count.ToString(CultureInfo.InvariantCulture));
                            semanticParameter = null;
                        }
                    }

                    cacheModel = new CacheModel(semantic, FormatDouble(threshold), ttlTicks);
                }

                // Distillation (LLM9008, LLM9009).
                DistillModel? distillModel = distill is null ? null : AnalyzeDistill(distill, returnKind, parameters, methodLocation, cancellationToken);

                // A batch API answers whole responses only (LLM9008).
                if (batch is not null && returnKind == ReturnKind.AsyncEnumerable)
                {
                    Report(Descriptors.ConflictingAttributes, batch.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation, method.Name, "a batch API answers whole responses, so a [Batch] function cannot stream");
                }

                // LLM9005: the runtime member.
                string? runtimeAccess = FindRuntime(method, cancellationToken);
                if (runtimeAccess is null)
                {
                    Report(Descriptors.NoRuntimeMember, methodLocation, method.ContainingType.Name, method.Name);
                }

                string typeChain = string.Join(".", containingTypesForId(method));
                string? ns = method.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : null;
                string functionId = (ns is null ? string.Empty : ns + ".") + typeChain + "." + method.Name;

                string helperSuffix = string.Empty;
                if (method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>()
                    .Count(m => m.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == KnownTypeNames.PromptAttribute)) > 1)
                {
                    string signature = string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString(NonNullableTypeFormat)));
                    helperSuffix = "_" + Fnv1a64(signature).Substring(0, 8);
                    functionId += "(" + string.Join(",", method.Parameters.Select(p => p.Type.Name)) + ")";
                }

                string hintName = Sanitize(functionId.Replace("(", "_").Replace(")", string.Empty).Replace(",", "_")) + helperSuffix + ".LlmFunction.g.cs";

                if (invalid || result is null || runtimeAccess is null)
                {
                    if (implementable && firstError is not null)
                    {
                        Fallback = FallbackSignature.Create(method, declaration.Modifiers.ToString(), ns, EquatableArray.From(containingTypes), hintName, firstError);
                    }

                    return null;
                }

                string instruction = OutputInstruction(result);
                if (maxOutputTokens == 0)
                {
                    maxOutputTokens = ChooseMaxOutputTokens(result);
                }

                string hash = Fnv1a64(template + "\0" + (system ?? string.Empty) + "\0" + instruction + "\0" + (result.Schema ?? string.Empty));

                int capacity = 16;
                foreach (TemplateSegment segment in segments)
                {
                    capacity += segment.Literal?.Length ?? 64;
                }

                capacity += instruction.Length;

                return new LlmFunctionModel(
                    ns,
                    EquatableArray.From(containingTypes),
                    hintName,
                    Escape(method.Name),
                    "__LlmFunction_" + method.Name + helperSuffix,
                    declaration.Modifiers.ToString(),
                    method.ReturnType.ToDisplayString(TypeFormat),
                    returnKind,
                    resultType!.ToDisplayString(TypeFormat),
                    EquatableArray.From(parameters),
                    EquatableArray.From(segments),
                    system,
                    instruction,
                    functionId,
                    hash,
                    runtimeAccess,
                    cancellationExpression,
                    EquatableArray.From(tiers),
                    isCascade,
                    cacheModel,
                    semanticParameter,
                    maxOutputTokens,
                    temperature >= 0 ? FormatDouble(temperature) + "f" : null,
                    result,
                    Math.Min(capacity, 4096),
                    distillModel,
                    batch is not null);

                static IEnumerable<string> containingTypesForId(IMethodSymbol m)
                {
                    var names = new List<string>();
                    for (INamedTypeSymbol? t = m.ContainingType; t is not null; t = t.ContainingType)
                    {
                        names.Insert(0, t.Name);
                    }

                    return names;
                }
            }


            private void Report(DiagnosticDescriptor descriptor, Location location, params object[] arguments)
            {
                if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
                {
                    invalid = true;
                    firstError ??= descriptor.Id + ": " + Diagnostic.Create(descriptor, location, arguments).GetMessage(CultureInfo.InvariantCulture);
                }

                diagnostics?.Add(Diagnostic.Create(descriptor, location, arguments));
            }
        }
    }
}
