namespace LlmLint.Analyzers.CallSites
{
    /// <summary>The SDK a call site belongs to.</summary>
    internal enum LlmSdk
    {
        MicrosoftExtensionsAI,
        OpenAI,
        Anthropic,
        SemanticKernel,
    }

    /// <summary>Where the model id of a call site was found.</summary>
    internal enum ModelIdSource
    {
        /// <summary>Not resolvable from the code (configuration, DI, parameters, ...).</summary>
        Unknown,
        /// <summary>Per call: <c>ChatOptions.ModelId</c>, <c>MessageCreateParams.Model</c>, <c>PromptExecutionSettings.ModelId</c>, a model argument.</summary>
        CallOptions,
        /// <summary>Bound when the client was built: <c>new ChatClient(model, ...)</c>, <c>GetChatClient(model)</c>, <c>AsIChatClient(defaultModelId)</c>.</summary>
        Client,
        /// <summary>Registered on a Semantic Kernel builder in the same method (<c>AddOpenAIChatCompletion(modelId)</c>).</summary>
        KernelRegistration,
        /// <summary>Read from an <c>appsettings*.json</c> value (directly, through an options class or its default).</summary>
        Configuration,
        /// <summary>Named by the user in <c>.editorconfig</c> for a configuration key or an environment variable.</summary>
        EditorConfig,
    }

    /// <summary>The model id of a call site, and where it is written.</summary>
    internal sealed class ModelReference
    {
        public static readonly ModelReference Unknown = new ModelReference(null, ModelIdSource.Unknown, null, null);

        public ModelReference(string? id, ModelIdSource source, Location? literalLocation, IFieldSymbol? field)
            : this(id, source, literalLocation, field, null)
        {
        }

        public ModelReference(string? id, ModelIdSource source, Location? literalLocation, IFieldSymbol? field, string? provenance)
        {
            Id = id;
            Source = source;
            LiteralLocation = literalLocation;
            Field = field;
            Provenance = provenance;
        }

        /// <summary>An unresolved model whose origin is known (a configuration key, a parameter, an environment variable).</summary>
        public static ModelReference Unresolved(string provenance) => new ModelReference(null, ModelIdSource.Unknown, null, null, provenance);

        /// <summary>The model id, or null when it cannot be resolved. Never guessed.</summary>
        public string? Id { get; }

        public ModelIdSource Source { get; }

        /// <summary>The string literal (in source) that spells the id, when there is exactly one.</summary>
        public Location? LiteralLocation { get; }

        /// <summary>The const or static readonly field holding the id, when the id comes from one.</summary>
        public IFieldSymbol? Field { get; }

        /// <summary>
        /// Where the model comes from when that is more than a literal at the call ("configuration key 'AI:ChatModel':
        /// empty in appsettings.json", "parameter 'model' of 'Summarize'"); null when nothing more is known.
        /// </summary>
        public string? Provenance { get; }
    }

    /// <summary>The role a prompt segment plays.</summary>
    internal enum PromptRole
    {
        Unknown,
        System,
        User,
        Assistant,
        Template,
    }

    /// <summary>One piece of prompt text that reaches the call: a literal, an interpolated string, a const, a concatenation.</summary>
    internal sealed class PromptSegment
    {
        private readonly FoldedString _value;

        public PromptSegment(FoldedString value, PromptRole role)
        {
            _value = value;
            Role = role;
        }

        public PromptRole Role { get; }

        /// <summary>The constant-folded text; holes that are not constant appear as <c>{name}</c>.</summary>
        public string Text => _value.Text;

        /// <summary>True when the whole text is known at compile time.</summary>
        public bool IsConstant => _value.IsConstant;

        /// <summary>The largest string literal (or raw string / interpolated string) that contributes to <see cref="Text"/>.</summary>
        public Location? LargestLiteral => _value.LargestLiteral;

        /// <summary>The folded text of <see cref="LargestLiteral"/> (for an interpolated string, with its holes).</summary>
        public string LargestLiteralText => _value.LargestLiteralText;

        /// <summary>Parameters, locals, fields and properties whose values fill holes of the text.</summary>
        public ImmutableArray<ISymbol> HoleSymbols => _value.HoleSymbols;

        public int HoleCount => _value.HoleCount;
    }

    /// <summary>Everything known about the prompt of a call.</summary>
    internal sealed class PromptInfo
    {
        public PromptInfo(ImmutableArray<PromptSegment> segments, int messageCount, bool hasUnknownMessages)
        {
            Segments = segments;
            MessageCount = messageCount;
            HasUnknownMessages = hasUnknownMessages;
        }

        public ImmutableArray<PromptSegment> Segments { get; }

        /// <summary>Messages seen in the call (a single prompt string counts as one).</summary>
        public int MessageCount { get; }

        /// <summary>True when some messages come from a collection the extractor cannot see into (a history, a parameter).</summary>
        public bool HasUnknownMessages { get; }

        /// <summary>One request without an open-ended history: at most a system and a user message, all visible.</summary>
        public bool IsSingleTurn => !HasUnknownMessages && MessageCount <= 2;
    }

    /// <summary>The requested shape of the answer.</summary>
    internal sealed class OutputShape
    {
        public static readonly OutputShape None = new OutputShape(null, false, null, null, null, null, false, null);

        public OutputShape(ITypeSymbol? typedResult, bool wantsJson, ITypeSymbol? schemaType, int? schemaFieldCount, int? maxOutputTokens, double? temperature, bool hasTools, string? schemaLiteral, bool hasOutputLimit = false, bool optionsOpaque = false, string? toolEvidence = null)
        {
            ToolEvidence = toolEvidence ?? (hasTools ? "tools are offered to the model" : null);
            HasOutputLimit = hasOutputLimit || maxOutputTokens != null;
            OptionsOpaque = optionsOpaque;
            TypedResult = typedResult;
            WantsJson = wantsJson;
            SchemaType = schemaType;
            SchemaFieldCount = schemaFieldCount;
            MaxOutputTokens = maxOutputTokens;
            Temperature = temperature;
            HasTools = hasTools;
            SchemaLiteral = schemaLiteral;
        }

        /// <summary>T of a typed call (<c>GetResponseAsync&lt;T&gt;</c>, <c>InvokePromptAsync&lt;T&gt;</c>).</summary>
        public ITypeSymbol? TypedResult { get; }

        /// <summary>A JSON response format was requested.</summary>
        public bool WantsJson { get; }

        /// <summary>The type a JSON schema format was built from (<c>ChatResponseFormat.ForJsonSchema&lt;T&gt;()</c>).</summary>
        public ITypeSymbol? SchemaType { get; }

        /// <summary>Top-level properties of a literal JSON schema, when one is given.</summary>
        public int? SchemaFieldCount { get; }

        public string? SchemaLiteral { get; }

        /// <summary>The output token budget, when a constant.</summary>
        public int? MaxOutputTokens { get; }

        /// <summary>An output-token limit is set (constant or not).</summary>
        public bool HasOutputLimit { get; }

        /// <summary>An options/settings object is passed whose content is not visible (a parameter, a field, a factory).</summary>
        public bool OptionsOpaque { get; }

        /// <summary>The temperature, when a constant.</summary>
        public double? Temperature { get; }

        /// <summary>Tools or functions are offered to the model, or tool results are sent back to it: an agent call.</summary>
        public bool HasTools { get; }

        /// <summary>What showed the tool use (see <see cref="ToolUseDetection"/>), or null.</summary>
        public string? ToolEvidence { get; }
    }

    /// <summary>How the answer text is consumed.</summary>
    internal enum ResultUseKind
    {
        EnumParse,
        BoolParse,
        SwitchOnText,
        CompareText,
        JsonDeserialize,
    }

    internal sealed class ResultUse
    {
        public ResultUse(ResultUseKind kind, ITypeSymbol? targetType, string description)
        {
            Kind = kind;
            TargetType = targetType;
            Description = description;
        }

        public ResultUseKind Kind { get; }

        /// <summary>The enum or deserialized type, when there is one.</summary>
        public ITypeSymbol? TargetType { get; }

        public string Description { get; }
    }

    /// <summary>Whether the call is served through a cache.</summary>
    internal sealed class CacheInfo
    {
        public static readonly CacheInfo NotCached = new CacheInfo(false, null, null);

        public CacheInfo(bool isCached, string? evidence, Location? builderBuildCall)
        {
            IsCached = isCached;
            Evidence = evidence;
            BuilderBuildCall = builderBuildCall;
        }

        public bool IsCached { get; }

        /// <summary>What showed the cache (e.g. <c>UseDistributedCache()</c>, <c>IMemoryCache in the method</c>).</summary>
        public string? Evidence { get; }

        /// <summary>
        /// The <c>...Build()</c> invocation of a Microsoft.Extensions.AI <c>ChatClientBuilder</c> the client comes from, in
        /// this project, when the client is not cached (where LLM2003's fix inserts <c>.UseDistributedCache()</c>).
        /// </summary>
        public Location? BuilderBuildCall { get; }
    }

    /// <summary>Where the call runs.</summary>
    internal sealed class HotPathInfo
    {
        public HotPathInfo(bool inLoop, string? loopDescription, bool onRequestPath, string? requestPathDescription, bool inEndpoint = false)
        {
            InLoop = inLoop;
            LoopDescription = loopDescription;
            OnRequestPath = onRequestPath;
            RequestPathDescription = requestPathDescription;
            InEndpoint = inEndpoint;
        }

        public bool InLoop { get; }
        public string? LoopDescription { get; }
        public bool OnRequestPath { get; }
        public string? RequestPathDescription { get; }

        /// <summary>The call is in a controller action or a minimal API handler (not only in a public async method): a caller waits for it.</summary>
        public bool InEndpoint { get; }
        public bool IsHot => InLoop || OnRequestPath;
    }

    /// <summary>
    /// One chat/completion call to a supported LLM SDK, with everything the code says about it. Built by
    /// <see cref="CallSiteExtractor"/>; consumed by the LLM2xxx rules and the CLI. Holds operations and symbols of one
    /// compilation: never keep it beyond that compilation's analysis.
    /// </summary>
    internal sealed class LlmCallSite
    {
        public LlmCallSite(
            IInvocationOperation invocation,
            Location location,
            LlmSdk sdk,
            string methodName,
            bool isStreaming,
            ModelReference model,
            PromptInfo prompt,
            OutputShape output,
            ImmutableArray<ResultUse> resultUses,
            CacheInfo cache,
            HotPathInfo hotPath,
            IMethodSymbol? containingMethod)
        {
            Invocation = invocation;
            Location = location;
            Sdk = sdk;
            MethodName = methodName;
            IsStreaming = isStreaming;
            Model = model;
            Prompt = prompt;
            Output = output;
            ResultUses = resultUses;
            Cache = cache;
            HotPath = hotPath;
            ContainingMethod = containingMethod;
        }

        public IInvocationOperation Invocation { get; }

        /// <summary>The narrowest location of the call: the invoked method's name.</summary>
        public Location Location { get; }

        public LlmSdk Sdk { get; }

        /// <summary>The invoked method, e.g. <c>GetResponseAsync</c>, <c>CompleteChatAsync</c>, <c>Create</c>, <c>InvokePromptAsync</c>.</summary>
        public string MethodName { get; }

        public bool IsStreaming { get; }

        public ModelReference Model { get; }

        public PromptInfo Prompt { get; }

        public OutputShape Output { get; }

        public ImmutableArray<ResultUse> ResultUses { get; }

        public CacheInfo Cache { get; }

        public HotPathInfo HotPath { get; }

        /// <summary>The user method (not lambda) that contains the call.</summary>
        public IMethodSymbol? ContainingMethod { get; }
    }
}
