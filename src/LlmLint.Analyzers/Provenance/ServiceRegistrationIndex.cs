using System.Linq;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// The chat clients and kernel chat services the compilation registers for dependency injection:
    /// <c>services.AddChatClient(client | sp =&gt; client)</c>, <c>AddKeyedChatClient("key", …)</c>, and Semantic Kernel's
    /// <c>AddOpenAIChatCompletion</c> / <c>AddAzureOpenAIChatCompletion</c> / <c>AddOpenAIChatClient</c> on a service
    /// collection or a kernel builder; also <c>AddSingleton&lt;IChatClient&gt;(…)</c> and the other lifetimes (keyed or not).
    /// Built once per compilation on first use.
    /// </summary>
    internal sealed class ServiceRegistrationIndex
    {
        public static readonly ServiceRegistrationIndex None = new ServiceRegistrationIndex(new List<(object?, IOperation)>(), new List<IInvocationOperation>());

        private ServiceRegistrationIndex(List<(object? Key, IOperation Client)> chatClients, List<IInvocationOperation> kernelServices)
        {
            ChatClients = chatClients;
            KernelServices = kernelServices;
        }

        /// <summary>Each <c>AddChatClient</c>/<c>AddKeyedChatClient</c>: its key (null when unkeyed) and the client it registers (the factory's returned value).</summary>
        public IReadOnlyList<(object? Key, IOperation Client)> ChatClients { get; }

        /// <summary>Each Semantic Kernel chat service registration, anywhere in the compilation.</summary>
        public IReadOnlyList<IInvocationOperation> KernelServices { get; }

        public static bool IsKernelChatRegistration(IMethodSymbol m) =>
            (m.Name == "AddOpenAIChatCompletion" || m.Name == "AddAzureOpenAIChatCompletion" || m.Name == "AddOpenAIChatClient" || m.Name == "AddAzureOpenAIChatClient")
            && m.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true;

        public static ServiceRegistrationIndex Build(KnownTypes t, CancellationToken ct)
        {
            var chatClients = new List<(object?, IOperation)>();
            var kernel = new List<IInvocationOperation>();
            foreach (IInvocationOperation inv in CompilationInvocations.Named(t.Compilation, s_candidateNames, ct))
            {
                if (IsKernelChatRegistration(inv.TargetMethod))
                {
                    kernel.Add(inv);
                }
                else if ((inv.TargetMethod.Name == "AddChatClient" || inv.TargetMethod.Name == "AddKeyedChatClient" || RegistersChatClientService(inv.TargetMethod, t))
                    && ClientArgument(inv, t) is IOperation client)
                {
                    object? key = null;
                    if (inv.TargetMethod.Name.StartsWith("AddKeyed", StringComparison.Ordinal))
                    {
                        IOperation? k = ValueResolver.Unwrap(InvocationArguments.ArgByName(inv, "serviceKey"));
                        if (k == null || !k.ConstantValue.HasValue || k.ConstantValue.Value == null)
                        {
                            continue;
                        }

                        key = k.ConstantValue.Value;
                    }

                    chatClients.Add((key, client));
                }
            }

            return new ServiceRegistrationIndex(chatClients, kernel);
        }

        /// <summary>The registered client: the <c>IChatClient</c> argument, or the value an <c>sp =&gt; …</c> factory returns.</summary>
        private static IOperation? ClientArgument(IInvocationOperation inv, KnownTypes t)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter == null || a.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                if (KnownTypes.IsOrInherits(a.Parameter.Type, t.IChatClient))
                {
                    return a.Value;
                }

                if (ValueResolver.Unwrap(a.Value) is IDelegateCreationOperation d && d.Target is IAnonymousFunctionOperation lambda)
                {
                    IOperation? returned = null;
                    foreach (IOperation o in lambda.Body.Descendants())
                    {
                        if (o is IReturnOperation r && r.ReturnedValue != null)
                        {
                            if (returned != null)
                            {
                                return null;
                            }

                            returned = r.ReturnedValue;
                        }
                    }

                    return returned;
                }
            }

            return null;
        }

        /// <summary>Service lifetimes through which an <c>IChatClient</c> can be registered directly.</summary>
        private static readonly string[] s_lifetimeRegistrations =
        {
            "AddSingleton", "AddScoped", "AddTransient", "AddKeyedSingleton", "AddKeyedScoped", "AddKeyedTransient",
        };

        /// <summary><c>services.AddSingleton&lt;IChatClient&gt;(sp =&gt; …)</c> and the other lifetimes, keyed or not, with the service type inferred or written.</summary>
        private static bool RegistersChatClientService(IMethodSymbol m, KnownTypes t) =>
            Array.IndexOf(s_lifetimeRegistrations, m.Name) >= 0 && m.IsGenericMethod && m.TypeArguments.Length >= 1
            && SymbolEqualityComparer.Default.Equals(m.TypeArguments[0], t.IChatClient);

        private static readonly string[] s_candidateNames = s_lifetimeRegistrations.Concat(new[]
        {
            "AddChatClient", "AddKeyedChatClient", "AddOpenAIChatCompletion", "AddAzureOpenAIChatCompletion", "AddOpenAIChatClient", "AddAzureOpenAIChatClient",
        }).ToArray();
    }
}
