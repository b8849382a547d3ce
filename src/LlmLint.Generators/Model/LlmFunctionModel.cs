namespace LlmLint.Generators.Model;

// Every model in this folder is an equatable record made only of strings, enums, bools, numbers and
// EquatableArray<T>. None holds an ISymbol, SyntaxNode, Location, SemanticModel or Compilation, so the incremental
// pipeline can compare them by value and cache every step.

/// <summary>One generated LLM function: everything the emitter needs to write its implementation.</summary>
/// <remarks>Holds no symbols, syntax or compilations (see the note at the top of this file).</remarks>
internal sealed record LlmFunctionModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string HintName,
    string MethodName,
    string HelperClassName,
    string Modifiers,
    string ReturnType,
    ReturnKind ReturnKind,
    string ResultType,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<TemplateSegment> Segments,
    string? SystemPrompt,
    string OutputInstruction,
    string FunctionId,
    string TemplateHash,
    string RuntimeAccess,
    string CancellationTokenExpression,
    EquatableArray<int> Tiers,
    bool IsCascade,
    CacheModel? Cache,
    string? SemanticKeyParameter,
    int MaxOutputTokens,
    string? Temperature,
    ResultModel Result,
    int PromptCapacity,
    DistillModel? Distill,
    bool Batch);

/// <summary>A type that contains the generated method, outermost first.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record ContainingTypeModel(string Keyword, string NameWithTypeParameters);

/// <summary>How the method returns its result.</summary>
internal enum ReturnKind
{
    Task,
    ValueTask,
    AsyncEnumerable,
}

/// <summary>One parameter of the generated method.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record ParameterModel(
    string Name,
    string Type,
    string Prefix,
    ValueKind RenderKind,
    ValueKind KeyKind,
    string? KeyFormat,
    bool InPrompt,
    bool IsCancellationToken);

/// <summary>
/// What a parameter's value is, for writing it into the prompt (<see cref="ParameterModel.RenderKind"/>) and into the
/// exact cache key (<see cref="ParameterModel.KeyKind"/>). <see cref="Other"/> is rendered with its <c>ToString()</c>
/// and cannot be part of a key; a sequence is rendered one item per line and cannot be part of a key either.
/// </summary>
internal enum ValueKind
{
    String,
    Char,
    NullableChar,
    Formattable,
    NullableFormattable,
    Boolean,
    NullableBoolean,
    Sequence,
    Other,
}

/// <summary>A piece of the prompt template: literal text, or a placeholder bound to a parameter.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record TemplateSegment(string? Literal, int ParameterIndex, string? Format);

/// <summary>The caching policy of a function.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record CacheModel(bool Semantic, string Threshold, long? TtlTicks);

/// <summary>The distillation policy of a function (<c>[Distill]</c>): the values set, and the parameter its student reads.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record DistillModel(string? Target, string? ShadowRate, bool AnswerLocally, string? InputParameter);

/// <summary>The structured result of a function and the types its parser reads.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record ResultModel(
    ShapeModel Shape,
    string? Schema,
    string? SchemaName,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<EnumModel> Enums);

/// <summary>The kind of a value in a result.</summary>
internal enum ShapeKind
{
    String,
    Boolean,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    Enum,
    Object,
    List,
    Text,
}

/// <summary>
/// The shape of one value in a result: its kind, its C# type, whether it may be null, and for enums, objects and
/// lists the index of the enum or object model or the element shape.
/// </summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record ShapeModel(
    ShapeKind Kind,
    string Type,
    bool IsNullable,
    bool IsNullableValueType,
    int ReferenceIndex,
    ShapeModel? Element,
    bool IsArray);

/// <summary>A class, struct or record read from a JSON object.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record ObjectModel(string Type, EquatableArray<MemberModel> Members);

/// <summary>A member of an object result.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record MemberModel(string Name, string JsonName, ShapeModel Shape, bool IsRequired, int ConstructorPosition);

/// <summary>An enum a result may hold.</summary>
/// <remarks>Holds no symbols, syntax or compilations.</remarks>
internal sealed record EnumModel(string Type, EquatableArray<string> Members);
