using System.Text;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// Model ids behind SDK constants that are not strings. Anthropic 13.x declares its models as members of the enum
    /// <c>Anthropic.Models.Messages.Model</c> (converted implicitly to <c>ApiEnum&lt;string, Model&gt;</c>); the wire id
    /// is the member name in kebab case (<c>ClaudeOpus4_8</c> → <c>claude-opus-4-8</c>,
    /// <c>ClaudeOpus4_5_20251101</c> → <c>claude-opus-4-5-20251101</c>), true of every member of 13.15.
    /// </summary>
    internal static class SdkModelConstants
    {
        /// <summary>The model id of an SDK model constant, and how the code spells it (<c>Model.ClaudeOpus4_8</c>).</summary>
        public static bool TryGetId(IOperation? op, KnownTypes t, out string id, out string spelled)
        {
            id = string.Empty;
            spelled = string.Empty;
            if (op is IFieldReferenceOperation f && f.Field.IsConst && f.Field.ContainingType?.TypeKind == TypeKind.Enum
                && (KnownTypes.Is(f.Field.ContainingType, t.AnthropicModel) || KnownTypes.Is(f.Field.ContainingType, t.AnthropicBetaModel)))
            {
                id = KebabCase(f.Field.Name);
                spelled = f.Field.ContainingType.Name + "." + f.Field.Name;
                return id.Length > 0;
            }

            // A member this SDK version does not declare (code written against another version: Anthropic 12 declared
            // ClaudeSonnet4_5_20250929, which 13 dropped) still names its model by the same convention.
            if (op is IInvalidOperation && op.Syntax is MemberAccessExpressionSyntax ma && op.SemanticModel is SemanticModel model)
            {
                SymbolInfo receiver = model.GetSymbolInfo(ma.Expression);
                ISymbol? type = receiver.Symbol ?? (receiver.CandidateSymbols.Length == 1 ? receiver.CandidateSymbols[0] : null);
                if (type is INamedTypeSymbol named && (KnownTypes.Is(named, t.AnthropicModel) || KnownTypes.Is(named, t.AnthropicBetaModel)))
                {
                    id = KebabCase(ma.Name.Identifier.ValueText);
                    spelled = named.Name + "." + ma.Name.Identifier.ValueText;
                    return id.Length > 0;
                }
            }

            return false;
        }

        /// <summary><c>ClaudeSonnet4_6</c> → <c>claude-sonnet-4-6</c>: a dash before each upper-case letter or digit run that follows a letter, underscores become dashes.</summary>
        internal static string KebabCase(string name)
        {
            var sb = new StringBuilder(name.Length + 8);
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c == '_')
                {
                    sb.Append('-');
                    continue;
                }

                if (i > 0 && char.IsLower(name[i - 1]) && (char.IsUpper(c) || char.IsDigit(c)))
                {
                    sb.Append('-');
                }

                sb.Append(char.ToLowerInvariant(c));
            }

            return sb.ToString();
        }
    }
}
