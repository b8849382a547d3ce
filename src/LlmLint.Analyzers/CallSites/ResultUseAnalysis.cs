namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// How the answer of a call is consumed within the same body: parsed into an enum or bool, switched or compared on
    /// fixed strings, deserialized into a type. These uses are structural evidence for <see cref="TaskKindInference"/>.
    /// </summary>
    internal static class ResultUseAnalysis
    {
        /// <summary>How the result of <paramref name="invocation"/> is consumed, within the same body.</summary>
        public static ImmutableArray<ResultUse> Of(IInvocationOperation invocation, KnownTypes t, CancellationToken ct)
        {
            var uses = ImmutableArray.CreateBuilder<ResultUse>();
            ExamineValue(invocation, uses, t, ct, 0);
            return uses.ToImmutable();
        }

        private static void ExamineValue(IOperation value, ImmutableArray<ResultUse>.Builder uses, KnownTypes t, CancellationToken ct, int depth)
        {
            if (depth > 3)
            {
                return;
            }

            IOperation node = value;
            while (node.Parent != null)
            {
                IOperation p = node.Parent;
                if (p is IAwaitOperation || p is IConversionOperation || p is IParenthesizedOperation
                    || (p is IPropertyReferenceOperation pr && pr.Instance == node)
                    || (p is IArrayElementReferenceOperation ae && ae.ArrayReference == node)
                    || (p is IInvocationOperation ii && ii.Instance == node && IsPassThrough(ii))
                    || (p is IInvocationOperation ext && ext.Instance == null && ext.TargetMethod.IsExtensionMethod && ext.Arguments.Length > 0 && ext.Arguments[0].Value == node && IsPassThrough(ext))
                    || (p is IArgumentOperation arg0 && arg0.Parent is IInvocationOperation ext2 && ext2.TargetMethod.IsExtensionMethod && ext2.Arguments[0] == arg0 && IsPassThrough(ext2)))
                {
                    node = p;
                    continue;
                }

                break;
            }

            IOperation? parent = node.Parent;
            if (parent is IArgumentOperation arg && arg.Parent is IInvocationOperation call)
            {
                if (IsTextCleanupHelper(call, node))
                {
                    // A helper of the project that cleans the answer up (strips code fences, trims) returns the same answer.
                    ExamineValue(call, uses, t, ct, depth + 1);
                    return;
                }

                Classify(call, uses, t);
                return;
            }

            if (parent is IInvocationOperation inst && inst.Instance == node)
            {
                string n = inst.TargetMethod.Name;
                if (n.StartsWith("TryPick", StringComparison.Ordinal) && OutLocal(inst) is ILocalSymbol picked)
                {
                    // Anthropic content blocks: block.TryPickText(out var text) hands the answer on through the out local.
                    ExamineLocal(picked, parent, uses, t, ct, depth);
                    return;
                }

                if ((n == "Equals" || n == "StartsWith" || n == "EndsWith") && inst.Arguments.Length > 0 && ValueResolver.Unwrap(inst.Arguments[0].Value)?.ConstantValue.Value is string label
                    && IsLabel(label))
                {
                    uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                }

                return;
            }

            if (parent is ISwitchOperation sw && sw.Value == node)
            {
                int cases = 0;
                foreach (ISwitchCaseOperation c in sw.Cases)
                {
                    foreach (ICaseClauseOperation clause in c.Clauses)
                    {
                        if (clause is ISingleValueCaseClauseOperation sv && sv.Value.ConstantValue.HasValue
                            || clause is IPatternCaseClauseOperation pc && pc.Pattern is IConstantPatternOperation)
                        {
                            cases++;
                        }
                    }
                }

                if (cases >= 2)
                {
                    uses.Add(new ResultUse(ResultUseKind.SwitchOnText, null, "the answer is switched on " + cases + " fixed values"));
                }

                return;
            }

            if (parent is ISwitchExpressionOperation se && se.Value == node)
            {
                int cases = 0;
                foreach (ISwitchExpressionArmOperation a in se.Arms)
                {
                    if (a.Pattern is IConstantPatternOperation)
                    {
                        cases++;
                    }
                }

                if (cases >= 2)
                {
                    uses.Add(new ResultUse(ResultUseKind.SwitchOnText, null, "the answer is switched on " + cases + " fixed values"));
                }

                return;
            }

            if (parent is IBinaryOperation bin && (bin.OperatorKind == BinaryOperatorKind.Equals || bin.OperatorKind == BinaryOperatorKind.NotEquals)
                && node.Type?.SpecialType == SpecialType.System_String)
            {
                IOperation other = bin.LeftOperand == node ? bin.RightOperand : bin.LeftOperand;
                if (ValueResolver.Unwrap(other)?.ConstantValue.Value is string)
                {
                    uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                }

                return;
            }

            if (parent is IIsPatternOperation isp && isp.Value == node && isp.Pattern is IConstantPatternOperation or IBinaryPatternOperation)
            {
                uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is matched against fixed strings"));
                return;
            }

            ILocalSymbol? local = null;
            if (parent is IVariableInitializerOperation vi && vi.Parent is IVariableDeclaratorOperation vd)
            {
                local = vd.Symbol;
            }
            else if (parent is ISimpleAssignmentOperation sa && sa.Value == node && ValueResolver.Unwrap(sa.Target) is ILocalReferenceOperation lr)
            {
                local = lr.Local;
            }

            if (local != null)
            {
                ExamineLocal(local, parent!, uses, t, ct, depth);
            }
        }

        /// <summary>Follows the answer into every read of the local that holds it, in the body around <paramref name="at"/>.</summary>
        private static void ExamineLocal(ILocalSymbol local, IOperation at, ImmutableArray<ResultUse>.Builder uses, KnownTypes t, CancellationToken ct, int depth)
        {
            foreach (IOperation d in ValueResolver.Root(at).Descendants())
            {
                ct.ThrowIfCancellationRequested();
                if (d is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local) && !(r.Parent is ISimpleAssignmentOperation a && a.Target == r)
                    && !(r.Parent is IDeclarationExpressionOperation) && !(r.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out }))
                {
                    ExamineValue(r, uses, t, ct, depth + 1);
                }
            }
        }

        /// <summary>The local an <c>out</c> argument of <paramref name="call"/> writes (<c>out var x</c> or <c>out x</c>), else null.</summary>
        private static ILocalSymbol? OutLocal(IInvocationOperation call)
        {
            foreach (IArgumentOperation a in call.Arguments)
            {
                if (a.Parameter?.RefKind == RefKind.Out)
                {
                    IOperation v = a.Value is IDeclarationExpressionOperation decl ? decl.Expression : a.Value;
                    return v is ILocalReferenceOperation lr ? lr.Local : null;
                }
            }

            return null;
        }

        /// <summary>
        /// A constant the answer is compared with that names a label ("yes", "Billing"), not a format marker the code
        /// sniffs for before parsing (<c>"["</c>, <c>"{"</c>, <c>"```json"</c>): such checks say nothing about the task.
        /// </summary>
        private static bool IsLabel(string text)
        {
            string t = text.Trim();
            if (t.StartsWith("```", StringComparison.Ordinal) || t.StartsWith("{", StringComparison.Ordinal) || t.StartsWith("[", StringComparison.Ordinal) || t.StartsWith("<", StringComparison.Ordinal))
            {
                return false;
            }

            foreach (char c in t)
            {
                if (char.IsLetterOrDigit(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A method declared in the project that takes the answer as its only string argument and returns a string
        /// (<c>CleanJsonResponse(text)</c>, <c>StripCodeFences(text)</c>): its result is the answer, cleaned up.
        /// </summary>
        private static bool IsTextCleanupHelper(IInvocationOperation call, IOperation answer)
        {
            IMethodSymbol m = call.TargetMethod;
            if (m.ReturnType.SpecialType != SpecialType.System_String || answer.Type?.SpecialType != SpecialType.System_String
                || m.DeclaringSyntaxReferences.IsEmpty)
            {
                return false;
            }

            int strings = 0;
            foreach (IParameterSymbol p in m.Parameters)
            {
                if (p.Type.SpecialType == SpecialType.System_String)
                {
                    strings++;
                }
            }

            return strings == 1;
        }

        private static bool IsPassThrough(IInvocationOperation call)
        {
            string n = call.TargetMethod.Name;
            return n == "Trim" || n == "ToLowerInvariant" || n == "ToUpperInvariant" || n == "ToLower" || n == "ToUpper" || n == "ToString"
                || n == "TrimEnd" || n == "TrimStart" || n == "First" || n == "Single" || n == "FirstOrDefault" || n == "GetValueOrDefault"
                || n == "GetValue";
        }

        private static void Classify(IInvocationOperation call, ImmutableArray<ResultUse>.Builder uses, KnownTypes t)
        {
            IMethodSymbol m = call.TargetMethod;
            SpecialType owner = m.ContainingType?.SpecialType ?? SpecialType.None;
            if (owner == SpecialType.System_Enum && (m.Name == "Parse" || m.Name == "TryParse"))
            {
                ITypeSymbol? target = m.IsGenericMethod && m.TypeArguments.Length > 0 ? m.TypeArguments[0] : null;
                if (target == null)
                {
                    foreach (IArgumentOperation a in call.Arguments)
                    {
                        if (ValueResolver.Unwrap(a.Value) is ITypeOfOperation to)
                        {
                            target = to.TypeOperand;
                        }
                    }
                }

                uses.Add(new ResultUse(ResultUseKind.EnumParse, target, "the answer is parsed with Enum." + m.Name + (target != null ? " into '" + target.Name + "'" : string.Empty)));
                return;
            }

            if (owner == SpecialType.System_Boolean && (m.Name == "Parse" || m.Name == "TryParse"))
            {
                uses.Add(new ResultUse(ResultUseKind.BoolParse, m.ContainingType, "the answer is parsed with bool." + m.Name));
                return;
            }

            if (m.Name.StartsWith("Deserialize", StringComparison.Ordinal) && KnownTypes.Is(m.ContainingType, t.JsonSerializer) && m.IsGenericMethod && m.TypeArguments.Length == 1)
            {
                uses.Add(new ResultUse(ResultUseKind.JsonDeserialize, m.TypeArguments[0], "the answer is deserialized into '" + m.TypeArguments[0].Name + "'"));
                return;
            }

            if (owner == SpecialType.System_String && (m.Name == "Equals" || m.Name == "Compare"))
            {
                foreach (IArgumentOperation a in call.Arguments)
                {
                    if (ValueResolver.Unwrap(a.Value)?.ConstantValue.Value is string)
                    {
                        uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                        return;
                    }
                }
            }
        }
    }
}
