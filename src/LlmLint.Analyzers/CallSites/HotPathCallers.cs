using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Recurrence seen up to two levels up: a method that makes an LLM call and is itself called (or passed as a delegate)
    /// once per item of a collection, or from a background, periodic or scheduled job, somewhere in the same compilation —
    /// or is called by a method that is (<c>foreach (var f in files) await processor.ProcessAsync(f)</c>, and
    /// <c>ProcessAsync</c> calls the service that makes the call). A caller that guards the call with a cache lookup does
    /// not count, and its own callers are not searched. Results are memoised per method, level and compilation.
    /// </summary>
    internal static class HotPathCallers
    {
        /// <summary>At most this many references to one method are bound before the search stops.</summary>
        private const int MaxReferences = 64;

        /// <summary>How many levels of callers are searched at most: the callers, and their callers.</summary>
        public const int MaxLevels = 2;

        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>[]> s_memo =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>[]>();

        /// <summary>Evidence that the callers of <paramref name="method"/> (up to <paramref name="levels"/> levels up) run it repeatedly, or null.</summary>
        public static HotPathEvidence? Find(IMethodSymbol method, int levels, KnownTypes t, CancellationToken ct)
        {
            if (levels < 1 || levels > MaxLevels || method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return null;
            }

            ConcurrentDictionary<IMethodSymbol, HotPathEvidence?> memo = s_memo.GetValue(t.Compilation, static _ => NewMemo())[levels - 1];
            if (memo.TryGetValue(method, out HotPathEvidence? known))
            {
                return known;
            }

            HotPathEvidence? found = Search(method, levels, t, ct);
            memo.TryAdd(method, found);
            return found;
        }

        private static ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>[] NewMemo()
        {
            var memo = new ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>[MaxLevels];
            for (int i = 0; i < memo.Length; i++)
            {
                memo[i] = new ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>(SymbolEqualityComparer.Default);
            }

            return memo;
        }

        /// <summary>Direct evidence at any reference first; then, with a level left, the callers' own callers.</summary>
        private static HotPathEvidence? Search(IMethodSymbol method, int levels, KnownTypes t, CancellationToken ct)
        {
            string name = method.Name;
            string callee = (method.ContainingType?.Name + ".") + name;
            int bound = 0;
            List<IMethodSymbol>? callers = null;
            foreach (SyntaxTree tree in t.Compilation.SyntaxTrees)
            {
                SemanticModel? model = null;
                foreach (SimpleNameSyntax reference in NameOccurrences.In(tree, name, ct))
                {
                    if (++bound > MaxReferences)
                    {
                        return null;
                    }

#pragma warning disable RS1030 // The callers of a method live in other trees; one model per tree, bound only at references to it.
                    model ??= t.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
                    if (!Refers(model.GetSymbolInfo(reference, ct).Symbol, method))
                    {
                        continue;
                    }

                    HotPathEvidence? evidence = Judge(model, reference, callee, t, ct, out IMethodSymbol? unguardedCaller);
                    if (evidence != null)
                    {
                        return evidence;
                    }

                    if (levels > 1 && unguardedCaller != null && !SymbolEqualityComparer.Default.Equals(unguardedCaller, method))
                    {
                        (callers ??= new List<IMethodSymbol>()).Add(unguardedCaller);
                    }
                }
            }

            if (callers != null)
            {
                foreach (IMethodSymbol caller in callers)
                {
                    if (Find(caller, levels - 1, t, ct) is HotPathEvidence above)
                    {
                        return new HotPathEvidence(above.Kind, above.Description + ", which calls '" + callee + "'", above.IsStrong);
                    }
                }
            }

            return null;
        }

        private static HotPathEvidence? Judge(SemanticModel model, SimpleNameSyntax reference, string callee, KnownTypes t, CancellationToken ct, out IMethodSymbol? unguardedCaller)
        {
            unguardedCaller = null;
            SyntaxNode target = reference.Parent is MemberAccessExpressionSyntax ma && ma.Name == reference ? ma : reference;
            IOperation? op = target.Parent is InvocationExpressionSyntax inv && inv.Expression == target ? model.GetOperation(inv, ct) : model.GetOperation(target, ct);
            if (op == null || CacheGuardDetection.GuardOf(op, t) != null)
            {
                return null;
            }

            IMethodSymbol? caller = HotPathDetection.ContainingUserMethod(op);
            if (caller?.ContainingType != null && caller.ContainingType.Name.IndexOf("Cache", StringComparison.Ordinal) >= 0)
            {
                // A method of a cache layer (ExtractionCacheService.GetOrExtractAsync) is where the answer is kept.
                return null;
            }

            unguardedCaller = caller;
            string callerName = caller == null ? "top-level code" : caller.ContainingType?.Name + "." + caller.Name;
            string? loop = HotPathDetection.LoopAround(op, t, out IOperation? loopOp);
            if (loop == null && op is IMethodReferenceOperation)
            {
                HotPathDetection.PerItemHost(op, t, out loop);
            }

            if (loop != null && !HotPathRecurrence.IsRetryLoop(loopOp, op, ct))
            {
                return new HotPathEvidence(HotPathEvidenceKind.CallerLoop, "once per item ('" + callerName + "' calls '" + callee + "' " + loop + ")", isStrong: true);
            }

            string? job = op is IMethodReferenceOperation ? HotPathBackgroundJob.CallbackUse(op, t) : HotPathBackgroundJob.Around(op, caller, t);
            return job == null ? null : new HotPathEvidence(HotPathEvidenceKind.BackgroundJob, job + " (through '" + callee + "')", isStrong: true);
        }

        private static bool Refers(ISymbol? symbol, IMethodSymbol method)
        {
            if (symbol is not IMethodSymbol m)
            {
                return false;
            }

            // Through an interface or a base method the reference must name the same construction: a generic base
            // (Manager<T>.AddAsync) called for another T does not reach this override.
            IMethodSymbol constructed = (m.ReducedFrom ?? m).ConstructedFrom;
            IMethodSymbol target = method.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(constructed.OriginalDefinition, target))
            {
                return true;
            }

            if (constructed.ContainingType?.TypeKind == TypeKind.Interface && target.ContainingType != null)
            {
                return SymbolEqualityComparer.Default.Equals(target.ContainingType.FindImplementationForInterfaceMember(constructed)?.OriginalDefinition, target);
            }

            for (IMethodSymbol? o = target.OverriddenMethod; o != null; o = o.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(o.ConstructedFrom, constructed))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
