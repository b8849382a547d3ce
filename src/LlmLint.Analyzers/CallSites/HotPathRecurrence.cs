namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// The evidence that the same input to an LLM call plausibly recurs (LLM2003): a loop over items around it or around a
    /// call to its method, a background, periodic or scheduled job, a prompt with no variable part, or a prompt whose every
    /// variable part takes few values. A single call on a request path with free input (one user's document) is not
    /// evidence.
    /// </summary>
    internal static class HotPathRecurrence
    {
        /// <param name="structuralTask">
        /// Whether the call's own shape shows it classifies or extracts (a typed or parsed small answer); only then are the
        /// callers' callers searched, since a loop two calls away says less about the call's input than one next to it.
        /// </param>
        public static ImmutableArray<HotPathEvidence> Find(LlmCallSite site, KnownTypes t, bool structuralTask, CancellationToken ct)
        {
            var found = ImmutableArray.CreateBuilder<HotPathEvidence>();
            IInvocationOperation call = site.Invocation;
            string? loop = HotPathDetection.LoopAround(call, t, out IOperation? loopOp);
            if (loop != null && !IsRetryLoop(loopOp, call, ct))
            {
                found.Add(new HotPathEvidence(HotPathEvidenceKind.Loop, loop, isStrong: true));
            }

            string? job = HotPathBackgroundJob.Around(call, site.ContainingMethod, t);
            if (job != null)
            {
                found.Add(new HotPathEvidence(HotPathEvidenceKind.BackgroundJob, job, isStrong: true));
            }

            bool repeatable = site.ContainingMethod != null && !IsEntryPoint(site.ContainingMethod);
            if (repeatable && HotPathInputCardinality.IsConstant(site.Prompt))
            {
                found.Add(new HotPathEvidence(HotPathEvidenceKind.ConstantPrompt, "with the same input every time (the prompt has no variable part)", isStrong: true));
            }
            else if (repeatable && HotPathInputCardinality.LowCardinalityHoles(site.Prompt, call, ct) is List<string> holes)
            {
                found.Add(new HotPathEvidence(HotPathEvidenceKind.LowCardinality,
                    "with few distinct inputs (every variable part of the prompt is an enum, a bool or a value from a small set: '" + string.Join("', '", holes) + "')",
                    isStrong: false));
            }

            if (found.Count == 0 && site.ContainingMethod != null && HotPathCallers.Find(site.ContainingMethod, structuralTask ? HotPathCallers.MaxLevels : 1, t, ct) is HotPathEvidence callers)
            {
                found.Add(callers);
            }

            return found.ToImmutable();
        }

        /// <summary>
        /// A loop that does not run the call once per item: a retry or poll-until loop (the call in a <c>try</c> whose block
        /// returns or breaks after it, or a <c>for</c>/<c>while</c>/<c>do</c> loop whose body leaves the loop with
        /// <c>return</c> or <c>break</c> after the call), or an interactive loop that reads its input from the console (each
        /// input is typed anew). An exit before the call (<c>if (cancelled) break;</c>) is a guard of a loop over items, not
        /// the success exit of a retry; and a <c>foreach</c> whose element reaches the call (<see cref="LoopItemFlow"/>) runs
        /// it once per item whatever exits it has.
        /// </summary>
        public static bool IsRetryLoop(IOperation? loop, IOperation call, CancellationToken ct)
        {
            if (loop is not ILoopOperation l || (l is IForEachLoopOperation each && LoopItemFlow.ReachesCall(each, call, ct)))
            {
                return false;
            }

            int after = call.Syntax.Span.End;
            if (l.LoopKind != LoopKind.ForEach && LeavesEarly(l.Body, after))
            {
                return true;
            }

            for (IOperation? p = call.Parent; p != null && p != loop; p = p.Parent)
            {
                if (p is ITryOperation tr && tr.Catches.Length > 0 && LeavesEarly(tr.Body, after))
                {
                    return true;
                }
            }

            return ReadsConsole(l);
        }

        /// <summary>A <c>return</c> or <c>break</c> in <paramref name="body"/> that ends after position <paramref name="after"/> (comes after the call or returns its value) and is not inside a nested loop or lambda.</summary>
        private static bool LeavesEarly(IOperation body, int after)
        {
            var pending = new Stack<IOperation>();
            pending.Push(body);
            while (pending.Count > 0)
            {
                foreach (IOperation child in pending.Pop().ChildOperations)
                {
                    if ((child is IReturnOperation { Kind: OperationKind.Return } || (child is IBranchOperation b && b.BranchKind == BranchKind.Break))
                        && child.Syntax.Span.End > after)
                    {
                        return true;
                    }

                    if (!(child is ILoopOperation || child is IAnonymousFunctionOperation || child is ILocalFunctionOperation || child is ISwitchOperation))
                    {
                        pending.Push(child);
                    }
                }
            }

            return false;
        }

        private static bool ReadsConsole(ILoopOperation loop)
        {
            foreach (IOperation d in loop.Descendants())
            {
                if (d is IInvocationOperation inv && (inv.TargetMethod.Name == "ReadLine" || inv.TargetMethod.Name == "ReadLineAsync" || inv.TargetMethod.Name == "ReadKey"
                    || inv.TargetMethod.Name == "Ask" || inv.TargetMethod.Name == "Prompt")
                    && (inv.TargetMethod.ContainingType.Name == "Console" || inv.TargetMethod.ContainingType.Name == "AnsiConsole" || IsStandardInput(inv)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>Console.In.ReadLine()</c> and readers of standard input.</summary>
        private static bool IsStandardInput(IInvocationOperation inv) =>
            inv.Instance is IPropertyReferenceOperation pr && pr.Property.Name == "In" && pr.Property.ContainingType.Name == "Console";

        /// <summary>A program's entry point runs once per process: a constant prompt there is not a repeated input.</summary>
        private static bool IsEntryPoint(IMethodSymbol method) =>
            method.IsStatic && (method.Name == "Main" || method.Name == "<Main>$");
    }
}
