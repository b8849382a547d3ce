using LlmLint.Analyzers.Provenance;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Models of injected clients: an <c>IChatClient</c> parameter (with <c>[FromKeyedServices("key")]</c> when keyed)
    /// takes the model of the client the compilation registers with <c>AddChatClient</c> / <c>AddKeyedChatClient</c>;
    /// a kernel built elsewhere takes the model of the compilation's Semantic Kernel chat registrations.
    /// </summary>
    internal static partial class ModelResolver
    {
        /// <summary>The model of the chat client injected into <paramref name="parameter"/>, or unresolved with the reason.</summary>
        public static ModelReference InjectedClientModel(IParameterSymbol parameter, KnownTypes t, CancellationToken ct, int depth)
        {
            object? key = ServiceKey(parameter);
            string label = "injected IChatClient" + (key != null ? " keyed '" + key + "'" : string.Empty);
            var models = new List<ModelReference>();
            foreach ((object? registeredKey, IOperation client) in t.ModelSources.Registrations(ct).ChatClients)
            {
                if (Equals(registeredKey, key))
                {
                    models.Add(ResolveClient(client, t, ct, depth + 1).Model);
                }
            }

            return Agreed(models, label, key != null ? "AddKeyedChatClient(\"" + key + "\")" : "AddChatClient");
        }

        /// <summary>The single model of the compilation's Semantic Kernel chat registrations (for a kernel injected or built elsewhere).</summary>
        public static ModelReference RegisteredKernelModel(KnownTypes t, CancellationToken ct)
        {
            var models = new List<ModelReference>();
            foreach (IInvocationOperation registration in t.ModelSources.Registrations(ct).KernelServices)
            {
                models.Add(KernelServiceModel(registration, ct));
            }

            return models.Count == 0 ? ModelReference.Unknown : Agreed(models, "kernel chat service", "a kernel registration");
        }

        private static ModelReference KernelServiceModel(IInvocationOperation registration, CancellationToken ct)
        {
            IOperation? value = InvocationArguments.ArgByName(registration, "modelId") ?? InvocationArguments.ArgByName(registration, "deploymentName");
            return value != null ? ModelFromValue(value, ModelIdSource.KernelRegistration, ct) : ModelReference.Unknown;
        }

        /// <summary>One model when every registration names the same one; otherwise unresolved, saying why.</summary>
        private static ModelReference Agreed(List<ModelReference> models, string label, string registration)
        {
            if (models.Count == 0)
            {
                return ModelReference.Unresolved(label + ": no " + registration + " in this project");
            }

            ModelReference first = models[0];
            foreach (ModelReference m in models)
            {
                if (m.Id == null)
                {
                    return ModelReference.Unresolved(label + ": " + registration + (m.Provenance != null ? " with " + m.Provenance : " with a model the code does not show"));
                }

                if (!string.Equals(m.Id, first.Id, StringComparison.Ordinal))
                {
                    return ModelReference.Unresolved(label + ": " + models.Count + " registrations with different models");
                }
            }

            string provenance = "registered by " + registration + (first.Provenance != null ? ", " + first.Provenance : string.Empty);
            return new ModelReference(first.Id, first.Source, first.LiteralLocation, first.Field, provenance);
        }

        private static object? ServiceKey(IParameterSymbol parameter)
        {
            foreach (AttributeData a in parameter.GetAttributes())
            {
                if (a.AttributeClass?.Name == "FromKeyedServicesAttribute" && a.ConstructorArguments.Length == 1)
                {
                    return a.ConstructorArguments[0].Value;
                }
            }

            return null;
        }
    }
}
