#nullable enable

using System;

namespace LlmLint.Catalog
{
    /// <summary>
    /// Fast, allocation-free estimate of how many tokens a text costs with OpenAI's
    /// <c>cl100k_base</c> encoding (and, closely, <c>o200k_base</c>). Used for prompt-size
    /// and cost estimates where running a real tokenizer is not possible (analyzers, generator).
    /// </summary>
    /// <remarks>
    /// <para>Method. BPE tokenizers first split text into pre-tokens with a regular expression and
    /// then encode each pre-token separately, so a token count is the sum over pre-tokens. This
    /// class implements the cl100k pre-tokenizer split exactly, by hand (no <c>Regex</c>):</para>
    /// <code>
    /// (?i:'s|'t|'re|'ve|'m|'ll|'d) | [^\r\n\p{L}\p{N}]?\p{L}+ | \p{N}{1,3}
    ///   | ?[^\s\p{L}\p{N}]+[\r\n]* | \s*[\r\n]+ | \s+(?!\S) | \s+
    /// </code>
    /// <para>and estimates the number of BPE pieces of each pre-token:</para>
    /// <list type="bullet">
    /// <item>contractions, digit groups (1–3 digits) and whitespace runs: 1 token;</item>
    /// <item>letter runs are split into camel-case segments ("GetManifestResourceStream" →
    /// Get|Manifest|Resource|Stream, "XMLParser" → XML|Parser); a lower/capitalised segment costs 1
    /// token up to 10 letters when it is a word after a space (up to 8 letters otherwise), plus
    /// 1/6 token per extra letter; an all-caps segment costs 1 up to 4 letters plus 1/4 per extra
    /// letter; a non-space lead character (".Add", "(value") adds 0.3; each non-ASCII letter costs 1;</item>
    /// <item>punctuation runs cost 1 for up to 2 characters plus 0.3 per further character; runs of one
    /// repeated character ("-----", "====") cost 1 plus 1/16 per extra character; each non-ASCII
    /// symbol (emoji) adds 1; trailing newlines are free.</item>
    /// </list>
    /// <para>The constants were fitted against exact cl100k_base counts of English prose (licence
    /// texts), Markdown documentation with code blocks, and C# source; on those and on held-out
    /// Markdown the estimate is within ±6% of the real count (see Catalog/README.md).</para>
    /// </remarks>
    internal static class TokenEstimator
    {
        // Costs are accumulated in thousandths of a token to stay in integer arithmetic.
        private const int One = 1000;
        private const int LeadPenalty = 300;          // non-space char glued before a word
        private const int WordAfterSpaceFree = 10;    // letters covered by one token: " something"
        private const int WordFree = 8;               // letters covered by one token otherwise
        private const int WordExtraPerLetter = 167;   // ~1/6 token per further letter
        private const int UpperFree = 4;              // letters of an all-caps segment covered by one token
        private const int UpperExtraPerLetter = 250;  // 1/4 token per further capital
        private const int PunctFree = 2;              // punctuation chars covered by one token
        private const int PunctExtraPerChar = 300;
        private const int RepeatExtraPerChar = 62;    // ~1/16 token per char of "-----" style runs
        private const int NonAsciiPerChar = One;

        /// <summary>Estimated token count of <paramref name="text"/>; 0 for null or empty.</summary>
        public static int Estimate(string? text) => text == null ? 0 : Estimate(text, 0, text.Length);

        /// <summary>Estimated token count of <c>text.Substring(start, length)</c>, without allocating.</summary>
        public static int Estimate(string text, int start, int length)
        {
            if (text == null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (start < 0 || length < 0 || start > text.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(start), "The range is outside the string.");
            }

            if (length == 0)
            {
                return 0;
            }

            int end = start + length;
            long milli = 0;
            int i = start;
            while (i < end)
            {
                char c = text[i];

                // 1. Contractions: 's 't 're 've 'm 'll 'd (case-insensitive).
                if (c == '\'' && i + 1 < end)
                {
                    int len = ContractionLength(text, i + 1, end);
                    if (len > 0)
                    {
                        milli += One;
                        i += 1 + len;
                        continue;
                    }
                }

                // 2. [^\r\n\p{L}\p{N}]?\p{L}+
                if (IsLetter(c))
                {
                    int j = ScanLetters(text, i, end);
                    milli += WordCost(text, i, j, lead: '\0');
                    i = j;
                    continue;
                }

                if (c != '\r' && c != '\n' && !IsNumber(c) && i + 1 < end && IsLetter(text[i + 1]))
                {
                    int j = ScanLetters(text, i + 1, end);
                    milli += WordCost(text, i + 1, j, lead: c);
                    i = j;
                    continue;
                }

                // 3. \p{N}{1,3}
                if (IsNumber(c))
                {
                    int j = i + 1;
                    while (j < end && j < i + 3 && IsNumber(text[j]))
                    {
                        j++;
                    }

                    milli += One;
                    i = j;
                    continue;
                }

                // 4. " ?[^\s\p{L}\p{N}]+[\r\n]*"
                int p = c == ' ' && i + 1 < end && IsPunct(text[i + 1]) ? i + 1 : i;
                if (IsPunct(text[p]))
                {
                    int j = p;
                    while (j < end && IsPunct(text[j]))
                    {
                        j++;
                    }

                    milli += PunctCost(text, p, j);
                    while (j < end && (text[j] == '\r' || text[j] == '\n'))
                    {
                        j++;
                    }

                    i = j;
                    continue;
                }

                // 5-7. Whitespace: "\s*[\r\n]+", "\s+(?!\S)", "\s+". Each piece is one token.
                int runEnd = i;
                int lastNewline = -1;
                while (runEnd < end && IsWhiteSpace(text[runEnd]))
                {
                    if (text[runEnd] == '\r' || text[runEnd] == '\n')
                    {
                        lastNewline = runEnd;
                    }

                    runEnd++;
                }

                if (runEnd == i)
                {
                    // Unreachable for well-formed input; guard against an infinite loop.
                    milli += One;
                    i++;
                    continue;
                }

                milli += One;
                if (lastNewline >= 0)
                {
                    i = lastNewline + 1;
                }
                else if (runEnd == end || runEnd - i == 1)
                {
                    i = runEnd;
                }
                else
                {
                    // Leave the last whitespace char to lead the following word or punctuation.
                    i = runEnd - 1;
                }
            }

            long tokens = (milli + (One / 2)) / One;
            if (tokens < 1)
            {
                tokens = 1;
            }

            return tokens > int.MaxValue ? int.MaxValue : (int)tokens;
        }

        private static int ContractionLength(string s, int i, int end)
        {
            char a = char.ToLowerInvariant(s[i]);
            if (a == 's' || a == 't' || a == 'm' || a == 'd')
            {
                return 1;
            }

            if (i + 1 < end)
            {
                char b = char.ToLowerInvariant(s[i + 1]);
                if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
                {
                    return 2;
                }
            }

            return 0;
        }

        private static int ScanLetters(string s, int i, int end)
        {
            while (i < end && IsLetter(s[i]))
            {
                i++;
            }

            return i;
        }

        // ASCII fast paths; the same classification as System.Char for every char.
        private static bool IsLetter(char c) => c < 128 ? (uint)((c | 0x20) - 'a') <= 'z' - 'a' : char.IsLetter(c);

        private static bool IsNumber(char c) => c < 128 ? (uint)(c - '0') <= 9 : char.IsNumber(c);

        private static bool IsWhiteSpace(char c) => c < 128 ? c == ' ' || (c >= '\t' && c <= '\r') : char.IsWhiteSpace(c);

        private static bool IsUpper(char c) => c < 128 ? c >= 'A' && c <= 'Z' : char.IsUpper(c);

        private static bool IsLower(char c) => c < 128 ? c >= 'a' && c <= 'z' : char.IsLower(c);

        private static bool IsPunct(char c) => !IsWhiteSpace(c) && !IsLetter(c) && !IsNumber(c);

        /// <summary>Cost of the letter run [start, end) with an optional lead char ('\0' = none).</summary>
        private static long WordCost(string s, int start, int end, char lead)
        {
            long cost = lead != '\0' && lead != ' ' ? LeadPenalty : 0;
            bool first = true;
            int i = start;
            while (i < end)
            {
                int j = i + 1;
                bool allCaps = false;
                if (IsUpper(s[i]))
                {
                    while (j < end && IsUpper(s[j]))
                    {
                        j++;
                    }

                    if (j - i > 1)
                    {
                        allCaps = true;
                        if (j < end && IsLower(s[j]))
                        {
                            j--; // "XMLParser": the last capital starts the next segment
                        }
                    }
                    else
                    {
                        while (j < end && !IsUpper(s[j]))
                        {
                            j++;
                        }
                    }
                }
                else
                {
                    while (j < end && !IsUpper(s[j]))
                    {
                        j++;
                    }
                }

                int ascii = 0;
                for (int k = i; k < j; k++)
                {
                    if (s[k] < 128)
                    {
                        ascii++;
                    }
                    else
                    {
                        cost += NonAsciiPerChar;
                    }
                }

                if (ascii > 0)
                {
                    cost += One;
                    if (allCaps)
                    {
                        if (ascii > UpperFree)
                        {
                            cost += (ascii - UpperFree) * (long)UpperExtraPerLetter;
                        }
                    }
                    else
                    {
                        int free = first && lead == ' ' ? WordAfterSpaceFree : WordFree;
                        if (ascii > free)
                        {
                            cost += (ascii - free) * (long)WordExtraPerLetter;
                        }
                    }
                }

                first = false;
                i = j;
            }

            return cost;
        }

        /// <summary>Cost of the punctuation run [start, end) (without its optional leading space and trailing newlines).</summary>
        private static long PunctCost(string s, int start, int end)
        {
            int length = end - start;
            long nonAscii = 0;
            bool repeated = true;
            for (int k = start; k < end; k++)
            {
                if (s[k] >= 128)
                {
                    nonAscii += NonAsciiPerChar;
                }

                if (s[k] != s[start])
                {
                    repeated = false;
                }
            }

            if (repeated)
            {
                return One + ((length - 1) * (long)RepeatExtraPerChar) + nonAscii;
            }

            return One + (length > PunctFree ? (length - PunctFree) * (long)PunctExtraPerChar : 0) + nonAscii;
        }
    }
}
