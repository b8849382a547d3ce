using System.IO;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// The model each tier runs on, as the app registers it in the same compilation:
    /// <c>AddLlmLint(llm =&gt; llm.AddTier(Tier.Small, client, "gpt-4o-mini"))</c>. A registration whose model is a literal,
    /// a constant, configuration or anything else <see cref="ModelProvenanceResolver"/> resolves prices the tier's
    /// <c>[Prompt]</c> functions; a tier registered with two different models, or with a model only known at run time,
    /// is not resolved (its provenance says why).
    /// </summary>
    internal sealed class TierRegistrationIndex
    {
        private static readonly string[] Names = { "AddTier" };
        private readonly Dictionary<int, TierRegistration> _byTier;

        private TierRegistrationIndex(Dictionary<int, TierRegistration> byTier) => _byTier = byTier;

        /// <summary>The registration of a tier (0 Small … 3 Frontier), or null when the compilation registers none.</summary>
        public TierRegistration? Find(int tier) => _byTier.TryGetValue(tier, out TierRegistration registration) ? registration : null;

        public static TierRegistrationIndex Build(Compilation compilation, CancellationToken ct)
        {
            var byTier = new Dictionary<int, TierRegistration>();
            INamedTypeSymbol? builder = compilation.GetTypeByMetadataName("LlmLint.DependencyInjection.LlmLintBuilder");
            if (builder == null)
            {
                return new TierRegistrationIndex(byTier);
            }

            foreach (IInvocationOperation call in CompilationInvocations.Named(compilation, Names, ct))
            {
                if (!SymbolEqualityComparer.Default.Equals(call.TargetMethod.ContainingType, builder)
                    || !(ValueResolver.Unwrap(InvocationArguments.ArgByName(call, "tier")) is IOperation tierValue)
                    || !tierValue.ConstantValue.HasValue || !(tierValue.ConstantValue.Value is int tier))
                {
                    continue;
                }

                string where = Where(call);
                IOperation? modelValue = InvocationArguments.ArgByName(call, "modelId");
                ModelReference model = modelValue == null ? ModelReference.Unresolved("no model id") : ModelProvenanceResolver.Resolve(modelValue, ModelIdSource.Client, ct);
                var found = new TierRegistration(model.Id, model.Id != null
                    ? "AddTier registration at " + where + (model.Provenance != null ? " (" + model.Provenance + ")" : string.Empty)
                    : "AddTier registration at " + where + ": " + (model.Provenance ?? "a model known only at run time"));
                byTier[tier] = byTier.TryGetValue(tier, out TierRegistration earlier) ? Merge(earlier, found) : found;
            }

            return new TierRegistrationIndex(byTier);
        }

        private static TierRegistration Merge(TierRegistration earlier, TierRegistration later)
        {
            if (earlier.ModelId != null && string.Equals(earlier.ModelId, later.ModelId, StringComparison.OrdinalIgnoreCase))
            {
                return earlier;
            }

            // Two registrations that disagree (or one unresolved): the analyzers cannot tell which one a function runs on.
            return new TierRegistration(null, "AddTier registrations disagree: " + earlier.Provenance + "; " + later.Provenance);
        }

        private static string Where(IInvocationOperation call)
        {
            FileLinePositionSpan span = call.Syntax.GetLocation().GetLineSpan();
            return Path.GetFileName(span.Path) + ":" + (span.StartLinePosition.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A tier's model as registered (null when not resolved) and where it comes from.</summary>
    internal readonly struct TierRegistration
    {
        public TierRegistration(string? modelId, string provenance)
        {
            ModelId = modelId;
            Provenance = provenance;
        }

        public string? ModelId { get; }

        public string Provenance { get; }
    }
}
