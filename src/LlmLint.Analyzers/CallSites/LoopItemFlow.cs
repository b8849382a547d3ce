namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Whether the element a <c>foreach</c> loop is at reaches a call inside it — in its arguments or receiver, directly
    /// or through locals computed from it — other than as the model to use. Such a loop runs the call once per item,
    /// whatever exits it has (a cancellation check, a circuit breaker); a loop over models that stops at the first
    /// answer is a fallback, not a loop over items.
    /// </summary>
    internal static class LoopItemFlow
    {
        private const int MaxLocalHops = 2;

        public static bool ReachesCall(IForEachLoopOperation loop, IOperation call, CancellationToken ct)
        {
            var items = new HashSet<ILocalSymbol>(loop.Locals, SymbolEqualityComparer.Default);
            return items.Count > 0 && Reaches(call, items, ct, 0);
        }

        private static bool Reaches(IOperation value, HashSet<ILocalSymbol> items, CancellationToken ct, int hops)
        {
            foreach (IOperation d in value.DescendantsAndSelf())
            {
                if (d is not ILocalReferenceOperation r || SelectsModel(r))
                {
                    continue;
                }

                if (items.Contains(r.Local))
                {
                    return true;
                }

                if (hops < MaxLocalHops && ValueResolver.SingleLocalValue(r.Local, r, ct) is IOperation assigned && Reaches(assigned, items, ct, hops + 1))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The reference is the value of a model or deployment argument or property (<c>ModelId = model</c>).</summary>
        private static bool SelectsModel(IOperation reference)
        {
            IOperation node = reference;
            for (int i = 0; i < 4 && node.Parent != null; i++, node = node.Parent)
            {
                switch (node.Parent)
                {
                    case IArgumentOperation a:
                        return a.Parameter != null && NamesModel(a.Parameter.Name);
                    case ISimpleAssignmentOperation s when s.Value == node:
                        return ValueResolver.Unwrap(s.Target) is IMemberReferenceOperation m && NamesModel(m.Member.Name);
                }
            }

            return false;
        }

        private static bool NamesModel(string name) =>
            name.IndexOf("model", StringComparison.OrdinalIgnoreCase) >= 0 || name.IndexOf("deployment", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
