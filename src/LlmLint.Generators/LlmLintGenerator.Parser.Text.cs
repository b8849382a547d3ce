using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    /// <summary>Text helpers of the parser and emitters: identifiers, JSON strings, numbers, hashes.</summary>
    internal static partial class Parser
    {
        internal static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
                ? "@" + name
                : name;

        private static bool IsIdentifier(string name)
        {
            if (name.Length == 0 || !(char.IsLetter(name[0]) || name[0] == '_' || name[0] == '@'))
            {
                return false;
            }

            for (int i = 1; i < name.Length; i++)
            {
                if (!(char.IsLetterOrDigit(name[i]) || name[i] == '_'))
                {
                    return false;
                }
            }

            return true;
        }

        internal static string CamelCase(string name) =>
            name.Length > 0 && char.IsUpper(name[0]) ? char.ToLowerInvariant(name[0]) + name.Substring(1) : name;

        internal static string FormatDouble(double value)
        {
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
        }

        internal static string JsonString(string value)
        {
            var builder = new StringBuilder(value.Length + 2).Append('"');
            foreach (char c in value)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ')
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }

        internal static string Sanitize(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (char c in text)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '_' || c == '-' ? c : '_');
            }

            return builder.ToString();
        }

        /// <summary>FNV-1a (64-bit) of the UTF-16 code units of <paramref name="text"/>, as 16 lowercase hex digits.</summary>
        internal static string Fnv1a64(string text)
        {
            const ulong offset = 14695981039346656037UL;
            const ulong prime = 1099511628211UL;
            ulong hash = offset;
            foreach (char c in text)
            {
                hash ^= (byte)c;
                hash *= prime;
                hash ^= (byte)(c >> 8);
                hash *= prime;
            }

            return hash.ToString("x16", CultureInfo.InvariantCulture);
        }
    }
}
