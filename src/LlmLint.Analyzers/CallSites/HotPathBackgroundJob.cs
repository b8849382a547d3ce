namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Background, periodic and scheduled work around an operation: <c>BackgroundService.ExecuteAsync</c>, a
    /// <c>PeriodicTimer</c> loop, <c>System.Threading.Timer</c> and <c>System.Timers.Timer.Elapsed</c> callbacks (the usual
    /// shape of an <c>IHostedService</c>'s work), Hangfire recurring jobs and Quartz jobs (the last two by name, so no
    /// package reference is needed).
    /// </summary>
    internal static class HotPathBackgroundJob
    {
        /// <summary>The job <paramref name="op"/> runs in (inside <paramref name="method"/>), or null.</summary>
        public static string? Around(IOperation op, IMethodSymbol? method, KnownTypes t)
        {
            for (IOperation? p = op.Parent; p != null; p = p.Parent)
            {
                if (p is IWhileLoopOperation w && w.Condition != null && WaitsForTick(w.Condition, t))
                {
                    return "in a PeriodicTimer loop";
                }

                if (p is IAnonymousFunctionOperation)
                {
                    string? callback = CallbackUse(p, t);
                    if (callback != null)
                    {
                        return callback;
                    }
                }
            }

            return method == null ? null : OfMethod(method, t);
        }

        /// <summary>The job a whole method is, by its declaration, or null.</summary>
        public static string? OfMethod(IMethodSymbol method, KnownTypes t)
        {
            INamedTypeSymbol? type = method.ContainingType;
            if (type == null || method.MethodKind != MethodKind.Ordinary)
            {
                return null;
            }

            if (method.Name == "ExecuteAsync" && KnownTypes.IsOrInherits(type, t.BackgroundService))
            {
                return "in BackgroundService '" + type.Name + "." + method.Name + "'";
            }

            if (method.Name == "Execute" && ImplementsByName(type, "IJob", "Quartz"))
            {
                return "in the Quartz job '" + type.Name + "." + method.Name + "'";
            }

            return null;
        }

        /// <summary>
        /// What a delegate (a lambda or a method group, <paramref name="value"/>) is registered as: a timer callback or a
        /// recurring job; null otherwise.
        /// </summary>
        public static string? CallbackUse(IOperation value, KnownTypes t)
        {
            IOperation? p = HotPathDetection.DelegateConsumer(value);
            if (p is IEventAssignmentOperation e && e.EventReference is IEventReferenceOperation er
                && er.Event.Name == "Elapsed" && KnownTypes.IsOrInherits(er.Event.ContainingType, t.TimersTimer))
            {
                return "in a System.Timers.Timer 'Elapsed' handler";
            }

            if (p is not IArgumentOperation a)
            {
                return null;
            }

            if (a.Parent is IObjectCreationOperation oc && KnownTypes.Is(oc.Type, t.ThreadingTimer))
            {
                return "in a System.Threading.Timer callback";
            }

            if (a.Parent is IInvocationOperation host && host.TargetMethod.Name == "AddOrUpdate"
                && (host.TargetMethod.ContainingType.Name == "RecurringJob" || ImplementsByName(host.TargetMethod.ContainingType, "IRecurringJobManager", "Hangfire")
                    || host.TargetMethod.ContainingType.Name == "RecurringJobManagerExtensions"))
            {
                return "in the Hangfire recurring job '" + host.TargetMethod.ContainingType.Name + ".AddOrUpdate'";
            }

            return null;
        }

        private static bool WaitsForTick(IOperation condition, KnownTypes t)
        {
            foreach (IOperation d in condition.DescendantsAndSelf())
            {
                if (d is IInvocationOperation inv && inv.TargetMethod.Name == "WaitForNextTickAsync"
                    && (KnownTypes.Is(inv.TargetMethod.ContainingType, t.PeriodicTimer) || inv.TargetMethod.ContainingType.Name == "PeriodicTimer"))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool ImplementsByName(INamedTypeSymbol? type, string interfaceName, string rootNamespace)
        {
            if (type == null)
            {
                return false;
            }

            if (type.TypeKind == TypeKind.Interface && type.Name == interfaceName && InNamespace(type, rootNamespace))
            {
                return true;
            }

            foreach (INamedTypeSymbol i in type.AllInterfaces)
            {
                if (i.Name == interfaceName && InNamespace(i, rootNamespace))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool InNamespace(INamedTypeSymbol type, string root)
        {
            INamespaceSymbol? ns = type.ContainingNamespace;
            while (ns != null && !ns.IsGlobalNamespace && ns.ContainingNamespace is { IsGlobalNamespace: false })
            {
                ns = ns.ContainingNamespace;
            }

            return ns != null && ns.Name == root;
        }
    }
}
