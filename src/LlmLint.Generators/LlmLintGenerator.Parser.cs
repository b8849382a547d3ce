using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using LlmLint.Generators.Diagnostics;
using LlmLint.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    /// <summary>
    /// Turns one <c>[Prompt]</c> method into an equatable <see cref="LlmFunctionModel"/>. The same analysis serves the
    /// generator (which drops the diagnostics and skips invalid methods) and the companion analyzer (which reports them).
    /// </summary>
    internal static class Parser
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

        private sealed class State
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
                AttributeData? prompt = null, route = null, cache = null, cascade = null, distill = null;
                foreach (AttributeData attribute in method.GetAttributes())
                {
                    switch (attribute.AttributeClass?.ToDisplayString())
                    {
                        case KnownTypeNames.PromptAttribute: prompt = attribute; break;
                        case KnownTypeNames.RouteAttribute: route = attribute; break;
                        case KnownTypeNames.CacheAttribute: cache = attribute; break;
                        case KnownTypeNames.CascadeAttribute: cascade = attribute; break;
                        case KnownTypeNames.DistillAttribute: distill = attribute; break;
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
                    (KeyKind keyKind, string? keyFormat) = GetKeyKind(parameter.Type);
                    parameters.Add(new ParameterModel(
                        name,
                        parameter.Type.ToDisplayString(TypeFormat),
                        prefix,
                        GetRenderKind(parameter.Type),
                        isToken ? KeyKind.None : keyKind,
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
                        if (parameters[i].InPrompt && parameters[i].KeyKind == KeyKind.Unsupported)
                        {
                            Report(Descriptors.ParameterNotKeyable, method.Parameters[i].Locations.FirstOrDefault() ?? methodLocation, method.Parameters[i].Name, method.Name, method.Parameters[i].Type.ToDisplayString());
                        }
                    }

                    if (semantic)
                    {
                        int count = 0;
                        foreach (ParameterModel parameter in parameters)
                        {
                            if (parameter.InPrompt && parameter.KeyKind == KeyKind.String)
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
                    distillModel);

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

            private DistillModel AnalyzeDistill(AttributeData distill, ReturnKind returnKind, List<ParameterModel> parameters, Location methodLocation, CancellationToken cancellationToken)
            {
                Location location = distill.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                double target = 0, shadowRate = 0;
                bool answerLocally = true;
                foreach (KeyValuePair<string, TypedConstant> named in distill.NamedArguments)
                {
                    switch (named.Key)
                    {
                        case "Target" when named.Value.Value is double d: target = d; break;
                        case "ShadowRate" when named.Value.Value is double d: shadowRate = d; break;
                        case "AnswerLocally" when named.Value.Value is bool b: answerLocally = b; break;
                    }
                }

                if (returnKind == ReturnKind.AsyncEnumerable)
                {
                    Report(Descriptors.ConflictingAttributes, location, method.Name, "a streamed result is not validated, so it cannot be distilled");
                }

                if (double.IsNaN(target) || target < 0 || target >= 1)
                {
                    Report(Descriptors.InvalidAttributeValue, location, method.Name, "the distill Target must lie between 0 and 1 (exclusive; 0 uses the runtime default)");
                }

                if (double.IsNaN(shadowRate) || shadowRate < 0 || shadowRate > 1)
                {
                    Report(Descriptors.InvalidAttributeValue, location, method.Name, "the distill ShadowRate must lie between 0 and 1 (0 uses the runtime default)");
                }

                // The student reads the single free-text argument when there is one, else the rendered prompt.
                string? input = null;
                int texts = 0;
                foreach (ParameterModel parameter in parameters)
                {
                    if (parameter.InPrompt && parameter.KeyKind == KeyKind.String)
                    {
                        texts++;
                        input = parameter.Name;
                    }
                }

                return new DistillModel(
                    target > 0 ? FormatDouble(target) : null,
                    shadowRate > 0 ? FormatDouble(shadowRate) : null,
                    answerLocally,
                    texts == 1 ? input : null);
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

            private List<TemplateSegment> ParseTemplate(string template, IMethodSymbol method, List<ParameterModel> parameters, Location location, out bool[] used)
            {
                used = new bool[parameters.Count];
                var segments = new List<TemplateSegment>();
                var literal = new StringBuilder();
                int i = 0;
                while (i < template.Length)
                {
                    char c = template[i];
                    if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
                    {
                        literal.Append('{');
                        i += 2;
                        continue;
                    }

                    if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
                    {
                        literal.Append('}');
                        i += 2;
                        continue;
                    }

                    if (c == '{')
                    {
                        int close = template.IndexOf('}', i + 1);
                        string inner = close < 0 ? string.Empty : template.Substring(i + 1, close - i - 1);
                        int colon = inner.IndexOf(':');
                        string name = (colon < 0 ? inner : inner.Substring(0, colon)).Trim();
                        string? format = colon < 0 ? null : inner.Substring(colon + 1);
                        if (close > 0 && IsIdentifier(name))
                        {
                            int index = parameters.FindIndex(p => p.Name == name || p.Name == "@" + name);
                            if (index < 0 || parameters[index].IsCancellationToken)
                            {
                                Report(Descriptors.PlaceholderWithoutParameter, location, name, method.Name);
                            }
                            else
                            {
                                if (literal.Length > 0)
                                {
                                    segments.Add(new TemplateSegment(literal.ToString(), -1, null));
                                    literal.Clear();
                                }

                                used[index] = true;
                                segments.Add(new TemplateSegment(null, index, string.IsNullOrEmpty(format) ? null : format));
                            }

                            i = close + 1;
                            continue;
                        }
                    }

                    literal.Append(c);
                    i++;
                }

                if (literal.Length > 0)
                {
                    segments.Add(new TemplateSegment(literal.ToString(), -1, null));
                }

                // A [NotInPrompt] parameter that the template does use is rendered, as the template asks.
                for (int p = 0; p < parameters.Count; p++)
                {
                    if (used[p] && !parameters[p].InPrompt && !parameters[p].IsCancellationToken)
                    {
                        parameters[p] = parameters[p] with { InPrompt = true };
                    }
                }

                return segments;
            }

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

            private void WriteSchema(StringBuilder writer, ShapeModel shape)
            {
                string Type(string json) => shape.IsNullable ? "[\"" + json + "\",\"null\"]" : "\"" + json + "\"";
                switch (shape.Kind)
                {
                    case ShapeKind.String: writer.Append("{\"type\":").Append(Type("string")).Append('}'); break;
                    case ShapeKind.Boolean: writer.Append("{\"type\":").Append(Type("boolean")).Append('}'); break;
                    case ShapeKind.Int32:
                    case ShapeKind.Int64: writer.Append("{\"type\":").Append(Type("integer")).Append('}'); break;
                    case ShapeKind.Single:
                    case ShapeKind.Double:
                    case ShapeKind.Decimal: writer.Append("{\"type\":").Append(Type("number")).Append('}'); break;
                    case ShapeKind.Enum:
                        writer.Append("{\"type\":").Append(Type("string")).Append(",\"enum\":[");
                        EnumModel model = enums[shape.ReferenceIndex];
                        for (int i = 0; i < model.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(model.Members[i]));
                        }

                        writer.Append(shape.IsNullable ? ",null]}" : "]}");
                        break;
                    case ShapeKind.List:
                        writer.Append("{\"type\":").Append(Type("array")).Append(",\"items\":");
                        WriteSchema(writer, shape.Element!);
                        writer.Append('}');
                        break;
                    case ShapeKind.Object:
                        if (shape.IsNullable)
                        {
                            writer.Append("{\"anyOf\":[");
                        }

                        ObjectModel obj = objects[shape.ReferenceIndex]!;
                        writer.Append("{\"type\":\"object\",\"properties\":{");
                        for (int i = 0; i < obj.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(obj.Members[i].JsonName)).Append(':');
                            WriteSchema(writer, obj.Members[i].Shape);
                        }

                        writer.Append("},\"required\":[");
                        for (int i = 0; i < obj.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(obj.Members[i].JsonName));
                        }

                        writer.Append("],\"additionalProperties\":false}");
                        if (shape.IsNullable)
                        {
                            writer.Append(",{\"type\":\"null\"}]}");
                        }

                        break;
                }
            }

            private string OutputInstruction(ResultModel result) => result.Shape.Kind switch
            {
                ShapeKind.Enum => "\n\nAnswer with exactly one of: " + string.Join(", ", enums[result.Shape.ReferenceIndex].Members) + ".",
                ShapeKind.Boolean => "\n\nAnswer with true or false.",
                ShapeKind.Int32 or ShapeKind.Int64 => "\n\nAnswer with a whole number only.",
                ShapeKind.Single or ShapeKind.Double or ShapeKind.Decimal => "\n\nAnswer with a number only.",
                _ => string.Empty,
            };

            private int ChooseMaxOutputTokens(ResultModel result) => result.Shape.Kind switch
            {
                ShapeKind.Enum => Math.Max(16, (enums[result.Shape.ReferenceIndex].Members.Max(m => m.Length) / 2) + 8),
                ShapeKind.Boolean or ShapeKind.Int32 or ShapeKind.Int64 or ShapeKind.Single or ShapeKind.Double or ShapeKind.Decimal => 16,
                _ => 0,
            };

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

            private static ParameterRenderKind GetRenderKind(ITypeSymbol type)
            {
                switch (type.SpecialType)
                {
                    case SpecialType.System_String: return ParameterRenderKind.String;
                    case SpecialType.System_Boolean: return ParameterRenderKind.Boolean;
                    case SpecialType.System_Char: return ParameterRenderKind.Char;
                }

                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                {
                    ITypeSymbol underlying = nullable.TypeArguments[0];
                    if (underlying.SpecialType == SpecialType.System_Boolean)
                    {
                        return ParameterRenderKind.NullableBoolean;
                    }

                    return IsFormattable(underlying) ? ParameterRenderKind.NullableFormattable : ParameterRenderKind.Other;
                }

                if (IsFormattable(type))
                {
                    return ParameterRenderKind.Formattable;
                }

                if (type is IArrayTypeSymbol || type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                    || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                {
                    return ParameterRenderKind.Sequence;
                }

                return ParameterRenderKind.Other;
            }

            private static bool IsFormattable(ITypeSymbol type) =>
                type.TypeKind == TypeKind.Enum || type.AllInterfaces.Any(i => i.ToDisplayString(NonNullableTypeFormat) == "global::System.IFormattable");

            private static (KeyKind Kind, string? Format) GetKeyKind(ITypeSymbol type)
            {
                bool nullable = false;
                if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } n)
                {
                    type = n.TypeArguments[0];
                    nullable = true;
                }

                switch (type.SpecialType)
                {
                    case SpecialType.System_String: return (KeyKind.String, null);
                    case SpecialType.System_Boolean: return (nullable ? KeyKind.NullableBoolean : KeyKind.Boolean, null);
                    case SpecialType.System_Char: return (nullable ? KeyKind.NullableChar : KeyKind.Char, null);
                    case SpecialType.System_SByte:
                    case SpecialType.System_Byte:
                    case SpecialType.System_Int16:
                    case SpecialType.System_UInt16:
                    case SpecialType.System_Int32:
                    case SpecialType.System_UInt32:
                    case SpecialType.System_Int64:
                    case SpecialType.System_UInt64:
                    case SpecialType.System_Decimal:
                        return (nullable ? KeyKind.NullableFormattable : KeyKind.Formattable, null);
                    case SpecialType.System_Single:
                    case SpecialType.System_Double:
                        return (nullable ? KeyKind.NullableFormattable : KeyKind.Formattable, "R");
                    case SpecialType.System_DateTime:
                        return (nullable ? KeyKind.NullableFormattable : KeyKind.Formattable, "O");
                }

                if (type.TypeKind == TypeKind.Enum)
                {
                    return (nullable ? KeyKind.NullableFormattable : KeyKind.Formattable, "G");
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
                return format is null ? (KeyKind.Unsupported, null) : (nullable ? KeyKind.NullableFormattable : KeyKind.Formattable, format);
            }
        }

        internal static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
                ? "@" + name
                : name;

        private static bool IsIdentifier(string name)
        {
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_' || name[0] == '@'))
            {
                return false;
            }

            for (int i = 1; i < name.Length; i++)
            {
                if (!(char.IsLetterOrDigit(name[i]) || name[i] == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        internal static string CamelCase(string name) =>
            name.Length > 0 && char.IsUpper(name[0]) ? char.ToLowerInvariant(name[0]) + name.Substring(1) : name;

        internal static string FormatDouble(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
        }

        internal static string JsonString(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        internal static string Sanitize(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>FNV-1a (64-bit) of the UTF-16 code units of <paramref name="text"/>, as 16 lowercase hex digits.</summary>
        internal static string Fnv1a64(string text)
        {
            const ulong offset = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            ulong hash = offset;
            foreach (char c in text)
            {
                hash ^= (byte)c;
                hash *= prime;
                hash ^= (byte)(c >> 8);
                hash *= prime;
            }

            return hash.ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
