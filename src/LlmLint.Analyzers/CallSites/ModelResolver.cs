using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

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

        /// <summary>The single model registered on a Semantic Kernel builder in the method of <paramref name="invocation"/>, or unknown when none or several differ.</summary>
        public static ModelReference KernelRegistrationModel(IInvocationOperation invocation, CancellationToken ct)
        {
            ModelReference? found = null;
            foreach (IOperation d in ValueResolver.Root(invocation).Descendants())
            {
                if (d is IInvocationOperation reg
                    && (reg.TargetMethod.Name == "AddOpenAIChatCompletion" || reg.TargetMethod.Name == "AddAzureOpenAIChatCompletion" || reg.TargetMethod.Name == "AddOpenAIChatClient")
                    && reg.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true)
                {
                    IOperation? value = InvocationArguments.ArgByName(reg, "modelId") ?? InvocationArguments.ArgByName(reg, "deploymentName");
                    ModelReference m = value != null ? ModelFromValue(value, ModelIdSource.KernelRegistration, ct) : ModelReference.Unknown;
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

            return found ?? ModelReference.Unknown;
        }
    }
}
