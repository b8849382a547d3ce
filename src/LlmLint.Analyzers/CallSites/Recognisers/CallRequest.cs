namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>What a recogniser reads from one call, before it becomes an <see cref="LlmCallSite"/>.</summary>
    internal sealed class CallRequest
    {
        private readonly List<IOperation> _optionObjects = new List<IOperation>();

        /// <summary>Properties set on the options/settings/parameters objects of the call, by property name.</summary>
        public Dictionary<string, IOperation> Options { get; } = new Dictionary<string, IOperation>(StringComparer.Ordinal);

        /// <summary>The options/settings objects themselves (for what is done to them after they are made).</summary>
        public IReadOnlyList<IOperation> OptionObjects => _optionObjects;

        /// <summary>An options object is passed whose content is not visible (a parameter, a field, a factory).</summary>
        public bool OptionsOpaque { get; private set; }

        public ModelReference Model { get; set; } = ModelReference.Unknown;

        /// <summary>The cache the client pipeline puts in front of the call, when the client is traced.</summary>
        public CacheInfo ClientCache { get; set; } = CacheInfo.NotCached;

        public PromptCollector Prompt { get; } = new PromptCollector();

        /// <summary>T of a typed (structured output) call.</summary>
        public ITypeSymbol? TypedResult { get; set; }

        /// <summary>What shows that tools are offered to the model, besides the options (e.g. the client pipeline).</summary>
        public string? ToolEvidence { get; set; }

        /// <summary>Adds the properties of an options/settings object passed to the call.</summary>
        public void AddOptions(IOperation? options, CancellationToken ct)
        {
            if (options == null)
            {
                return;
            }

            OptionsOpaque |= IsOpaque(options, ct);
            _optionObjects.Add(options);
            foreach (KeyValuePair<string, IOperation> kv in ValueResolver.ObjectProperties(options, ct))
            {
                Options[kv.Key] = kv.Value;
            }
        }

        /// <summary>
        /// True when an options/settings argument is given but its content cannot be seen (a parameter, a field, a
        /// factory call): properties may be set elsewhere.
        /// </summary>
        private static bool IsOpaque(IOperation options, CancellationToken ct)
        {
            IOperation? value = ValueResolver.Unwrap(options);
            if (value == null || value is IDefaultValueOperation || (value.ConstantValue.HasValue && value.ConstantValue.Value == null))
            {
                return false;
            }

            return !(ValueResolver.Trace(options, ct) is IObjectCreationOperation);
        }
    }
}
