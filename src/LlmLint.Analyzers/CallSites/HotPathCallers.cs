using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Recurrence seen one level up: a method that makes an LLM call and is itself called (or passed as a delegate) once
    /// per item of a collection, or from a background, periodic or scheduled job, somewhere in the same compilation.
    /// A caller that guards the call with a cache lookup does not count. Results are memoised per method and compilation.
    /// </summary>
    internal static class HotPathCallers
    {
        /// <summary>At most this many references to one method are bound before the search stops.</summary>
        private const int MaxReferences = 64;

        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>> s_memo =
            new ConditionalWeakTable<Compilation, ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>>();

        /// <summary>Evidence that the callers of <paramref name="method"/> run it repeatedly, or null.</summary>
        public static HotPathEvidence? Find(IMethodSymbol method, KnownTypes t, CancellationToken ct)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return null;
            }

            ConcurrentDictionary<IMethodSymbol, HotPathEvidence?> memo = s_memo.GetValue(t.Compilation, static _ => new ConcurrentDictionary<IMethodSymbol, HotPathEvidence?>(SymbolEqualityComparer.Default));
            if (memo.TryGetValue(method, out HotPathEvidence? known))
            {
                return known;
            }

            HotPathEvidence? found = Search(method, t, ct);
            memo.TryAdd(method, found);
            return found;
        }

        private static HotPathEvidence? Search(IMethodSymbol method, KnownTypes t, CancellationToken ct)
        {
            string name = method.Name;
            string callee = (method.ContainingType?.Name + ".") + name;
            int bound = 0;
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

                    HotPathEvidence? evidence = Judge(model, reference, callee, t, ct);
                    if (evidence != null)
                    {
                        return evidence;
                    }
                }
            }

            return null;
        }

        private static HotPathEvidence? Judge(SemanticModel model, SimpleNameSyntax reference, string callee, KnownTypes t, CancellationToken ct)
        {
            SyntaxNode target = reference.Parent is MemberAccessExpressionSyntax ma && ma.Name == reference ? ma : reference;
            IOperation? op = target.Parent is InvocationExpressionSyntax inv && inv.Expression == target ? model.GetOperation(inv, ct) : model.GetOperation(target, ct);
            if (op == null || CacheGuardDetection.GuardOf(op, t) != null)
            {
                return null;
            }

            IMethodSymbol? caller = HotPathDetection.ContainingUserMethod(op);
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

            m = (m.ReducedFrom ?? m).OriginalDefinition;
            IMethodSymbol target = method.OriginalDefinition;
            if (SymbolEqualityComparer.Default.Equals(m, target))
            {
                return true;
            }

            if (m.ContainingType?.TypeKind == TypeKind.Interface && target.ContainingType != null)
            {
                return SymbolEqualityComparer.Default.Equals(target.ContainingType.FindImplementationForInterfaceMember(m)?.OriginalDefinition, target);
            }

            for (IMethodSymbol? o = target.OverriddenMethod; o != null; o = o.OverriddenMethod)
            {
                if (SymbolEqualityComparer.Default.Equals(o.OriginalDefinition, m))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
