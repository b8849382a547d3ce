namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// How many distinct inputs a prompt can take: none vary (every message is constant text), or every variable part is
    /// of low cardinality — an enum, a bool, or a <c>switch</c> expression or conditional whose arms are all constants
    /// (directly or through a local). Strings, numbers, dates and values of unknown origin are high cardinality.
    /// </summary>
    internal static class HotPathInputCardinality
    {
        /// <summary>True when the whole prompt is visible and has no variable part.</summary>
        public static bool IsConstant(PromptInfo prompt)
        {
            if (!IsVisible(prompt))
            {
                return false;
            }

            foreach (PromptSegment s in prompt.Segments)
            {
                if (!s.IsConstant || IsTemplate(s))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The variable parts of the prompt when it is visible and every one of them takes few values; null when some
        /// variable part can take many values (or the prompt is not fully visible, or has no variable part). The parts are
        /// the holes of the interpolated strings and the operands of the string concatenations in the call's arguments,
        /// followed through locals; each must be accounted for, or the answer is null.
        /// </summary>
        public static List<string>? LowCardinalityHoles(PromptInfo prompt, IInvocationOperation call, CancellationToken ct)
        {
            if (!IsVisible(prompt))
            {
                return null;
            }

            int holes = 0;
            foreach (PromptSegment s in prompt.Segments)
            {
                if (IsTemplate(s))
                {
                    return null;
                }

                holes += s.HoleCount;
            }

            var names = new List<string>();
            foreach (IArgumentOperation a in call.Arguments)
            {
                foreach (IOperation d in a.Value.DescendantsAndSelf())
                {
                    if (IsStringComposition(d) && !(d.Parent is IBinaryOperation parent && IsStringComposition(parent)) && !JudgeText(d, names, ct, 0))
                    {
                        return null;
                    }
                }
            }

            return holes > 0 && names.Count >= holes ? names : null;
        }

        private static bool IsStringComposition(IOperation op) =>
            op is IInterpolatedStringOperation || (op is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } b && b.Type?.SpecialType == SpecialType.System_String);

        /// <summary>Judges the variable parts of a piece of prompt text; false when one of them takes many values.</summary>
        private static bool JudgeText(IOperation text, List<string> names, CancellationToken ct, int depth)
        {
            IOperation? v = ValueResolver.Unwrap(text);
            if (v == null || v.ConstantValue.HasValue)
            {
                return true;
            }

            switch (v)
            {
                case IInterpolatedStringOperation s:
                    foreach (IInterpolatedStringContentOperation part in s.Parts)
                    {
                        if (part is IInterpolationOperation hole && !JudgeHole(hole.Expression, names, ct, depth))
                        {
                            return false;
                        }
                    }

                    return true;
                case IBinaryOperation b when IsStringComposition(b):
                    return JudgeText(b.LeftOperand, names, ct, depth) && JudgeText(b.RightOperand, names, ct, depth);
                default:
                    return JudgeHole(v, names, ct, depth);
            }
        }

        private static bool JudgeHole(IOperation expression, List<string> names, CancellationToken ct, int depth)
        {
            IOperation? e = ValueResolver.Unwrap(expression);
            while (e is IInvocationOperation inv && inv.Instance != null && IsPassThrough(inv.TargetMethod.Name))
            {
                e = ValueResolver.Unwrap(inv.Instance);
            }

            if (e == null)
            {
                return false;
            }

            if (e.ConstantValue.HasValue)
            {
                return true;
            }

            if (IsLowType(e.Type) || HasConstantArms(e))
            {
                names.Add(NameOf(e));
                return true;
            }

            if (e is ILocalReferenceOperation local && depth < 3 && ValueResolver.SingleLocalValue(local.Local, e, ct) is IOperation value)
            {
                if (HasConstantArms(value))
                {
                    names.Add(local.Local.Name);
                    return true;
                }

                if (IsStringComposition(ValueResolver.Unwrap(value)!))
                {
                    return JudgeText(value, names, ct, depth + 1);
                }
            }

            return false;
        }

        private static bool IsLowType(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type != null && (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean);
        }

        private static bool IsPassThrough(string name) =>
            name == "ToString" || name == "ToLower" || name == "ToLowerInvariant" || name == "ToUpper" || name == "ToUpperInvariant" || name == "Trim";

        private static string NameOf(IOperation e) => e switch
        {
            IParameterReferenceOperation p => p.Parameter.Name,
            ILocalReferenceOperation l => l.Local.Name,
            IFieldReferenceOperation f => f.Field.Name,
            IPropertyReferenceOperation p => p.Property.Name,
            _ => e.Syntax.ToString().Length > 30 ? e.Syntax.ToString().Substring(0, 27) + "..." : e.Syntax.ToString(),
        };

        private static bool HasConstantArms(IOperation value)
        {
            switch (ValueResolver.Unwrap(value))
            {
                case ISwitchExpressionOperation sw:
                    foreach (ISwitchExpressionArmOperation arm in sw.Arms)
                    {
                        if (!(ValueResolver.Unwrap(arm.Value)?.ConstantValue.HasValue ?? false))
                        {
                            return false;
                        }
                    }

                    return sw.Arms.Length > 0;
                case IConditionalOperation c when c.WhenFalse != null:
                    return (ValueResolver.Unwrap(c.WhenTrue)?.ConstantValue.HasValue ?? false) && (ValueResolver.Unwrap(c.WhenFalse)?.ConstantValue.HasValue ?? false);
                default:
                    return false;
            }
        }

        private static bool IsVisible(PromptInfo prompt) =>
            !prompt.HasUnknownMessages && prompt.Segments.Length > 0 && prompt.Segments.Length >= prompt.MessageCount;

        /// <summary>A prompt template (Semantic Kernel <c>{{$input}}</c>, Handlebars) is filled from values not visible here.</summary>
        private static bool IsTemplate(PromptSegment s) => s.Text.IndexOf("{{", StringComparison.Ordinal) >= 0;
    }
}
