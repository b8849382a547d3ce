namespace LlmLint.Generators.Diagnostics;

/// <summary>The catalog of LLM9xxx descriptors; every descriptor is built through <see cref="Create"/>.</summary>
internal static class Descriptors
{
    private const string HelpLinkBase = "https://github.com/llmlint/llmlint/blob/main/docs/rules/";
    private const string Usage = "Usage";

    public static readonly DiagnosticDescriptor MethodOrTypeNotPartial = Create(
        DiagnosticIds.MethodOrTypeNotPartial,
        "Declare the LLM function and its containing types partial",
        "'{0}' must be partial so LlmLint can generate the LLM function '{1}'",
        DiagnosticSeverity.Error,
        "A [Prompt] method is implemented by the source generator, which adds the method body in another part of the type. The method must be a partial method without a body, and it and every type that contains it must be declared partial.");

    public static readonly DiagnosticDescriptor PlaceholderWithoutParameter = Create(
        DiagnosticIds.PlaceholderWithoutParameter,
        "Bind every template placeholder to a parameter",
        "The placeholder '{{{0}}}' in the prompt of '{1}' matches no parameter",
        DiagnosticSeverity.Error,
        "Placeholders in a [Prompt] template are bound to the method's parameters by name at compile time. A placeholder that names no parameter cannot be rendered. Write literal braces as '{{' and '}}'.");

    public static readonly DiagnosticDescriptor ParameterNotInTemplate = Create(
        DiagnosticIds.ParameterNotInTemplate,
        "Use every parameter in the prompt template",
        "The parameter '{0}' of '{1}' is not used in the prompt template",
        DiagnosticSeverity.Warning,
        "A parameter of a [Prompt] method that the template never mentions does not reach the model and is not part of the cache key. Use it in the template, remove it, or mark it [NotInPrompt] when that is intended. CancellationToken parameters are exempt.");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        DiagnosticIds.UnsupportedReturnType,
        "Return a supported LLM function result type",
        "LlmLint cannot generate '{0}': {1}",
        DiagnosticSeverity.Error,
        "A [Prompt] method returns Task<T> or ValueTask<T> where T is an enum, bool, string, int, long, float, double, decimal, a list of those, or a class, struct or record made of them, or IAsyncEnumerable<string> for streamed text. Its parameters may not be ref, out or in, and it may not be generic.");

    public static readonly DiagnosticDescriptor NoRuntimeMember = Create(
        DiagnosticIds.NoRuntimeMember,
        "Give the containing type an ILlmRuntime member",
        "'{0}' has no field, property or primary-constructor parameter of type ILlmRuntime for the LLM function '{1}'",
        DiagnosticSeverity.Error,
        "The generated implementation of a [Prompt] method calls the LlmLint runtime through a field, property or primary-constructor parameter of type ILlmRuntime declared on the containing type or a base type (static for a static method).");

    public static readonly DiagnosticDescriptor ParameterNotKeyable = Create(
        DiagnosticIds.ParameterNotKeyable,
        "Key a cached LLM function only by simple values",
        "The parameter '{0}' of the cached function '{1}' has the type '{2}', which cannot be part of a cache key",
        DiagnosticSeverity.Error,
        "The exact cache key of a [Cache] method is built from the normalised values of its prompt parameters. Only strings, chars, bools, numbers, enums, Guid, DateTime, DateTimeOffset, DateOnly, TimeOnly, TimeSpan and their nullable forms have a stable invariant text form. Pass such a value, or remove [Cache].");

    public static readonly DiagnosticDescriptor AmbiguousSemanticKey = Create(
        DiagnosticIds.AmbiguousSemanticKey,
        "Give a semantic cache exactly one free-text parameter",
        "The semantic cache of '{0}' needs exactly one string parameter in the prompt, but it has {1}",
        DiagnosticSeverity.Error,
        "A semantic cache compares the method's single free-text (string) argument with earlier ones by meaning. With several string parameters the compared text would be ambiguous, and with none there is nothing to compare. Use an exact cache (Semantic = false), or pass one free-text parameter.");

    public static readonly DiagnosticDescriptor ConflictingAttributes = Create(
        DiagnosticIds.ConflictingAttributes,
        "Do not combine conflicting LLM function attributes",
        "The attributes of '{0}' conflict: {1}",
        DiagnosticSeverity.Error,
        "[Route] and [Cascade] both choose the tier and cannot be combined. A cascade needs at least two tiers in ascending order. A streamed (IAsyncEnumerable<string>) result cannot be cached or cascaded, because it is neither validated nor stored.");

    public static readonly DiagnosticDescriptor InvalidAttributeValue = Create(
        DiagnosticIds.InvalidAttributeValue,
        "Give LLM function attributes valid values",
        "The attribute value of '{0}' is not valid: {1}",
        DiagnosticSeverity.Error,
        "The prompt template must not be empty, MaxOutputTokens must not be negative, a cache Threshold lies between 0 and 1, and a cache Ttl is a positive TimeSpan in invariant form such as \"1.00:00:00\".");

    public static DiagnosticDescriptor[] All => new[]
    {
        MethodOrTypeNotPartial, PlaceholderWithoutParameter, ParameterNotInTemplate, UnsupportedReturnType,
        NoRuntimeMember, ParameterNotKeyable, AmbiguousSemanticKey, ConflictingAttributes, InvalidAttributeValue,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description) =>
        new(id, title, message, Usage, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
}
