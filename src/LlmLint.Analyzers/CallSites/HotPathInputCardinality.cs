using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// How many distinct inputs a prompt can take: none vary (every message is constant text), or every variable part is
    /// of low cardinality — an enum, a bool, or a local whose single value is a <c>switch</c> expression or a conditional
    /// whose arms are all constants. Strings, numbers, dates and values of unknown origin are high cardinality.
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
        /// The names of the variable parts when the prompt is visible and every one of them takes few values; null when
        /// some variable part can take many values (or the prompt is not fully visible, or is constant).
        /// </summary>
        public static List<string>? LowCardinalityHoles(PromptInfo prompt, IOperation from, CancellationToken ct)
        {
            if (!IsVisible(prompt))
            {
                return null;
            }

            var names = new List<string>();
            int holes = 0;
            foreach (PromptSegment s in prompt.Segments)
            {
                if (IsTemplate(s))
                {
                    return null;
                }

                holes += s.HoleCount;
                foreach (ISymbol h in s.HoleSymbols)
                {
                    switch (Cardinality(h, from, ct))
                    {
                        case Kind.Low:
                            names.Add(h.Name);
                            break;
                        case Kind.High:
                            return null;
                    }
                }
            }

            // Each variable part must be accounted for by a low-cardinality value; composite receivers
            // (ticket in ticket.Priority) are neutral but cannot stand for a part on their own.
            return holes > 0 && names.Count >= holes ? names : null;
        }

        private enum Kind
        {
            Low,
            High,
            Neutral,
        }

        private static Kind Cardinality(ISymbol symbol, IOperation from, CancellationToken ct)
        {
            ITypeSymbol? type = symbol switch
            {
                IParameterSymbol p => p.Type,
                ILocalSymbol l => l.Type,
                IFieldSymbol f => f.Type,
                IPropertySymbol p => p.Type,
                _ => null,
            };
            if (type == null)
            {
                return Kind.High;
            }

            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            if (type.TypeKind == TypeKind.Enum || type.SpecialType == SpecialType.System_Boolean)
            {
                return Kind.Low;
            }

            if (symbol is ILocalSymbol local && ValueResolver.SingleLocalValue(local, from, ct) is IOperation value && HasConstantArms(value))
            {
                return Kind.Low;
            }

            // Composite values (a ticket whose Priority is the hole) are neutral; text, numbers, dates and the like vary.
            bool composite = type.SpecialType == SpecialType.None && type.TypeKind != TypeKind.Array && type.TypeKind != TypeKind.TypeParameter
                && type.TypeKind != TypeKind.Error && !(type.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) ?? false);
            return composite ? Kind.Neutral : Kind.High;
        }

        private static bool HasConstantArms(IOperation value)
        {
            switch (ValueResolver.Unwrap(value))
            {
                case ISwitchExpressionOperation sw:
                    foreach (ISwitchExpressionArmOperation arm in sw.Arms)
                    {
                        if (!ValueResolver.Unwrap(arm.Value)!.ConstantValue.HasValue)
                        {
                            return false;
                        }
                    }

                    return sw.Arms.Length > 0;
                case IConditionalOperation c when c.WhenFalse != null:
                    return ValueResolver.Unwrap(c.WhenTrue)!.ConstantValue.HasValue && ValueResolver.Unwrap(c.WhenFalse)!.ConstantValue.HasValue;
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
