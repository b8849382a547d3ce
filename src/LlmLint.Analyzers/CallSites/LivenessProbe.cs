namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// A call made to learn whether the model answers at all (a connection or key check, a warm-up): within the same body,
    /// its answer is never read — the result is discarded, or only its presence is tested (a count or length compared
    /// with a constant, a null check, <c>Any()</c>). A cached answer would make such a check report success without
    /// reaching the service, so it is no candidate for caching however often it runs.
    /// </summary>
    internal static class LivenessProbe
    {
        public static bool Is(IInvocationOperation invocation, CancellationToken ct)
        {
            int uses = 0;
            return OnlyPresenceTested(invocation, ref uses, ct, 0) && uses > 0;
        }

        /// <summary>Whether every use of <paramref name="value"/> only tests presence; counts the uses seen.</summary>
        private static bool OnlyPresenceTested(IOperation value, ref int uses, CancellationToken ct, int depth)
        {
            if (depth > 3)
            {
                return false;
            }

            IOperation node = value;
            bool measured = false;
            while (node.Parent is IAwaitOperation || node.Parent is IConversionOperation || node.Parent is IParenthesizedOperation
                || (node.Parent is IPropertyReferenceOperation pr && pr.Instance == node))
            {
                if (node.Parent is IPropertyReferenceOperation p && (p.Property.Name == "Count" || p.Property.Name == "Length"))
                {
                    measured = true;
                }

                node = node.Parent;
            }

            IOperation? parent = node.Parent;
            switch (parent)
            {
                case IExpressionStatementOperation:
                    uses++;
                    return true;
                case IBinaryOperation bin when IsConstant(bin.LeftOperand == node ? bin.RightOperand : bin.LeftOperand) && (measured || IsNull(bin.LeftOperand == node ? bin.RightOperand : bin.LeftOperand)):
                    uses++;
                    return true;
                case IIsPatternOperation isp when isp.Value == node && (IsNullPattern(isp.Pattern) || (isp.Pattern is INegatedPatternOperation np && IsNullPattern(np.Pattern)) || (measured && isp.Pattern is IRelationalPatternOperation)):
                    uses++;
                    return true;
                case IArgumentOperation arg when arg.Parent is IInvocationOperation any && any.TargetMethod.Name == "Any" && any.Arguments.Length == 1:
                    uses++;
                    return true;
            }

            ILocalSymbol? local = parent is IVariableInitializerOperation vi && vi.Parent is IVariableDeclaratorOperation vd ? vd.Symbol
                : parent is ISimpleAssignmentOperation sa && sa.Value == node && ValueResolver.Unwrap(sa.Target) is ILocalReferenceOperation lr ? lr.Local
                : null;
            if (local == null)
            {
                return false;
            }

            foreach (IOperation d in ValueResolver.Root(parent!).Descendants())
            {
                ct.ThrowIfCancellationRequested();
                if (d is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local) && !(r.Parent is ISimpleAssignmentOperation a && a.Target == r)
                    && !OnlyPresenceTested(r, ref uses, ct, depth + 1))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsNullPattern(IPatternOperation pattern) => pattern is IConstantPatternOperation cp && IsNull(cp.Value);

        private static bool IsConstant(IOperation operand) => ValueResolver.Unwrap(operand)?.ConstantValue.HasValue == true;

        private static bool IsNull(IOperation operand) => ValueResolver.Unwrap(operand) is IOperation o && o.ConstantValue.HasValue && o.ConstantValue.Value == null;
    }
}
