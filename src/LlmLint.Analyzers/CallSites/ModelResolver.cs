namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Resolves the model a call site uses: from a value (literal, constant, traced local/field) or from a model
    /// registered on a Semantic Kernel builder in the same method.
    /// </summary>
    internal static partial class ModelResolver
    {
        /// <summary>The model named by property <paramref name="name"/> of an options object, or unknown.</summary>
        public static ModelReference ModelFrom(Dictionary<string, IOperation> props, string name, ModelIdSource source, CancellationToken ct) =>
            props.TryGetValue(name, out IOperation? v) ? ModelFromValue(v, source, ct) : ModelReference.Unknown;

        /// <summary>The model named by <paramref name="value"/>: a constant string, an SDK constant, or a value traced to configuration; otherwise unresolved with its provenance when known.</summary>
        public static ModelReference ModelFromValue(IOperation value, ModelIdSource source, CancellationToken ct)
        {
            FoldedString? f = ValueResolver.FoldString(value, ct);
            if (f == null || !f.IsConstant || f.Text.Length == 0)
            {
                return f != null && f.IsConstant ? ModelReference.Unknown : Provenance.ModelProvenanceResolver.Resolve(value, source, ct);
            }

            Location? literal = f.SingleLiteral && f.LargestLiteral != null && f.LargestLiteral.IsInSource ? f.LargestLiteral : null;
            return new ModelReference(f.Text, source, literal, f.Field);
        }

        /// <summary>The single model registered on a Semantic Kernel builder in the method of <paramref name="invocation"/> (else the compilation's kernel registrations), or unknown when several differ.</summary>
        public static ModelReference KernelRegistrationModel(IInvocationOperation invocation, CancellationToken ct)
        {
            ModelReference? found = null;
            foreach (IOperation d in ValueResolver.Root(invocation).Descendants())
            {
                if (d is IInvocationOperation reg && Provenance.ServiceRegistrationIndex.IsKernelChatRegistration(reg.TargetMethod))
                {
                    ModelReference m = KernelServiceModel(reg, ct);
                    if (m.Id == null)
                    {
                        return m;
                    }

                    if (found != null && !string.Equals(found.Id, m.Id, StringComparison.Ordinal))
                    {
                        return ModelReference.Unknown;
                    }

                    found = m;
                }
            }

            return found ?? (invocation.SemanticModel is SemanticModel model ? RegisteredKernelModel(KnownTypes.From(model.Compilation), ct) : ModelReference.Unknown);
        }
    }
}
