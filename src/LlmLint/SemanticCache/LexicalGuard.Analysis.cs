using System.Runtime.CompilerServices;

namespace LlmLint.SemanticCache;

/// <summary>What the guard reads from a text once: its words, terms, numbers and identifiers.</summary>
public sealed partial class LexicalGuard
{
    /// <summary>
    /// Both analyses of one text, computed once per string instance and kept while the string lives: a stored key text is
    /// analysed when it is first a candidate, not on every lookup, and a query once for all its candidates.
    /// </summary>
    private sealed class TextAnalysis
    {
        private static readonly ConditionalWeakTable<string, TextAnalysis> Cache = new();

        private readonly string _text;
        private MeaningText? _meaning;

        private TextAnalysis(string text)
        {
            _text = text;
            Lexical = Analysis.Of(text);
        }

        public Analysis Lexical { get; }

        /// <summary>Gets the meaning guards' view of the text (computed on first use; a race computes equal values).</summary>
        public MeaningText Meaning => Volatile.Read(ref _meaning) ?? Interlocked.CompareExchange(ref _meaning, MeaningText.Of(_text), null) ?? _meaning!;

        public static TextAnalysis Of(string text) => Cache.GetValue(text, static t => new TextAnalysis(t));
    }

    private sealed class Analysis
    {
        public HashSet<string> Numbers { get; } = new(StringComparer.Ordinal);

        public List<string> NumberList { get; } = new();

        public HashSet<string> Distinctive { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Terms { get; } = new(StringComparer.Ordinal);

        public HashSet<string> AllWords { get; } = new(StringComparer.Ordinal);

        /// <summary>Gets the lower-case words in order (for acronyms).</summary>
        public List<string> Sequence { get; } = new();

        /// <summary>Gets the first word seen for each content term (for WordNet synonyms).</summary>
        public Dictionary<string, string> TermWords { get; } = new(StringComparer.Ordinal);

        public bool Negated { get; private set; }

        public static Analysis Of(string text)
        {
            var analysis = new Analysis();
            int negations = 0;
            bool sentenceStart = true;
            bool inCode = false;
            int i = 0;
            while (i < text.Length)
            {
                char c = text[i];
                if (!char.IsLetterOrDigit(c) && c != '_')
                {
                    if (c == '`')
                    {
                        inCode = !inCode; // `code` spans name identifiers
                    }
                    else if (c is '.' or '!' or '?' or ':' or ';' or '\n')
                    {
                        sentenceStart = true;
                    }

                    i++;
                    continue;
                }

                int start = i;
                while (i < text.Length)
                {
                    char d = text[i];
                    if (char.IsLetterOrDigit(d) || d == '_')
                    {
                        i++;
                    }
                    else if ((d is '.' or '-' or '\'' or '\u2019') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && i > start
                        && !(d == '.' && char.IsUpper(text[i + 1])))
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }

                // C#, F#, C++
                if (i < text.Length && text[i] == '#' && i - start <= 2)
                {
                    i++;
                }
                else if (i + 1 < text.Length && text[i] == '+' && text[i + 1] == '+' && i - start <= 2)
                {
                    i += 2;
                }

                string token = text[start..i].Replace('\u2019', '\'');
                if (inCode)
                {
                    analysis.Distinctive.Add(token.ToLowerInvariant());
                }

                analysis.AddToken(token, sentenceStart, ref negations);
                sentenceStart = false;
            }

            analysis.Negated = (negations & 1) == 1;
            analysis.NumberList.Sort(StringComparer.Ordinal); // sorted once: an analysis is shared between calls and threads
            return analysis;
        }

        private void AddToken(string token, bool sentenceStart, ref int negations)
        {
            string lower = token.ToLowerInvariant();
            Sequence.Add(lower);
            if (lower.EndsWith("n't", StringComparison.Ordinal))
            {
                negations++;
                AllWords.Add(lower);
                return;
            }

            if (sentenceStart && lower is "no" or "yes")
            {
                return; // an answer particle ("No, you can ..."), not a negation of the statement
            }

            if (Negations.Contains(lower))
            {
                negations++;
                AllWords.Add(lower);
                return;
            }

            bool hasDigit = false, hasLetter = false, hasUpper = false, hasLower = false, innerUpper = false;
            for (int k = 0; k < token.Length; k++)
            {
                char ch = token[k];
                hasDigit |= char.IsDigit(ch);
                hasLetter |= char.IsLetter(ch);
                if (char.IsUpper(ch))
                {
                    hasUpper = true;
                    innerUpper |= k > 0 && hasLower;
                }
                else if (char.IsLower(ch))
                {
                    hasLower = true;
                }
            }

            AllWords.Add(lower);
            if (hasDigit)
            {
                if (!hasLetter || IsOrdinalOrUnit(lower))
                {
                    Numbers.Add(NormalizeNumber(lower));
                    NumberList.Add(NormalizeNumber(lower));
                }
                else
                {
                    Distinctive.Add(lower); // codes and versions: INV-123, python3, v2
                }

                return;
            }

            if (NumberWords.TryGetValue(lower, out string? number))
            {
                Numbers.Add(number);
                NumberList.Add(number);
                return;
            }

            // Hyphenated words count as their parts too.
            if (lower.Contains('-', StringComparison.Ordinal) && !hasDigit)
            {
                foreach (string part in lower.Split('-'))
                {
                    AllWords.Add(part);
                    AllWords.Add(Stem(part));
                }
            }

            bool allCaps = hasUpper && !hasLower && token.Length >= 2;
            bool identifier = token.Contains('_', StringComparison.Ordinal) || innerUpper || allCaps;
            bool entity = !sentenceStart && hasUpper && char.IsUpper(token[0]) && lower != "i" && !Stopwords.Contains(lower);
            if (identifier || entity || Gazetteer.Contains(lower))
            {
                Distinctive.Add(lower);
            }

            if (Stopwords.Contains(lower) || lower.Length < 2)
            {
                return;
            }

            string stem = Stem(lower);

            // Irregular forms fold to their base (went/go, bought/buy); regular inflections are left to Stem.
            string lemma = MeaningLexicon.Default.Lemma(lower);
            if (!string.Equals(lemma, lower, StringComparison.Ordinal) && !lower.StartsWith(Stem(lemma), StringComparison.Ordinal))
            {
                stem = Stem(lemma);
            }

            AllWords.Add(stem);
            string term = Synonyms.TryGetValue(stem, out string? canonical) ? canonical : stem;
            Terms.Add(term);
            TermWords.TryAdd(term, lower);
        }

        private static bool IsOrdinalOrUnit(string lower)
        {
            // 1st, 2nd, 3rd, 10th, 5k, 10x, 2gb are numbers with a unit; the unit stays part of the value.
            int k = 0;
            while (k < lower.Length && (char.IsDigit(lower[k]) || lower[k] is '.' or ','))
            {
                k++;
            }

            return k > 0 && k < lower.Length && lower.Length - k <= 3;
        }

        private static string NormalizeNumber(string lower)
        {
            string n = lower.Replace(",", string.Empty, StringComparison.Ordinal);
            if (n.Contains('.', StringComparison.Ordinal) && !n.EndsWith('.'))
            {
                return n;
            }

            return n.TrimEnd('.');
        }
    }
}
