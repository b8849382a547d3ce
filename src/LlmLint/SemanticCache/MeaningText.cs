using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// A whole request text as the meaning guards see it: its words in order, lower-cased, with currency symbols and
/// percent signs as words of their own and "n't" as "not". Nothing is cut: long prompts are compared in full.
/// </summary>
public sealed class MeaningText
{
    private static readonly FrozenSet<string> FunctionWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "i", "me", "my", "mine", "you", "your", "yours", "we", "our", "ours", "us", "it", "its", "he",
        "him", "his", "she", "her", "hers", "they", "them", "their", "theirs", "this", "that", "these", "those", "is",
        "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "have", "has", "had", "can", "could",
        "will", "would", "shall", "should", "may", "might", "must", "to", "of", "and", "or", "but", "so", "if", "what",
        "which", "who", "whom", "whose", "how", "why", "when", "where", "please", "there", "here", "s", "as", "at", "by",
        "for", "with", "in", "on", "any", "some", "all", "not", "no", "just", "also", "very", "really", "get", "got",
        "i'm", "it's", "what's", "i've", "i'd", "let", "like", "want", "need", "way", "tell", "know",
    ], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Auxiliaries = FrozenSet.ToFrozenSet(
    [
        "is", "are", "am", "was", "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "may",
        "might", "must", "has", "have", "had",
    ], StringComparer.Ordinal);

    private HashSet<string>? _contentStems;

    private MeaningText(string text, string[] words, bool[] capitalized)
    {
        Text = text;
        Words = words;
        Capitalized = capitalized;
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in words)
        {
            set.Add(word);
        }

        WordSet = set;
    }

    /// <summary>Gets the original text.</summary>
    public string Text { get; }

    /// <summary>Gets the words in order, lower-cased.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Gets, per word, whether it was written with a capital first letter (May the month, not may the verb).</summary>
    public IReadOnlyList<bool> Capitalized { get; }

    /// <summary>Gets the distinct words.</summary>
    public IReadOnlySet<string> WordSet { get; }

    /// <summary>Splits a text into words.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The words.</returns>
    public static MeaningText Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var capitals = new List<bool>();
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '$' or '€' or '£' or '¥' or '%')
            {
                words.Add(c.ToString());
                capitals.Add(false);
                i++;
                continue;
            }

            if (!char.IsLetterOrDigit(c))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < text.Length && (char.IsLetterOrDigit(text[i]) || ((text[i] is '\'' or '\u2019' or '.' or ',' or '-') && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]) && !(text[i] is ',' or '.' && !char.IsDigit(text[i - 1])))))
            {
                i++;
            }

            string word = text[start..i].Replace('\u2019', '\'').ToLowerInvariant();
            bool capital = char.IsUpper(text[start]);
            if (word.EndsWith("n't", StringComparison.Ordinal))
            {
                words.Add(word == "can't" ? "can" : word == "won't" ? "will" : word[..^3]);
                capitals.Add(capital);
                words.Add("not");
                capitals.Add(false);
                continue;
            }

            if (word.EndsWith("'s", StringComparison.Ordinal) && word.Length > 2)
            {
                words.Add(word[..^2]);
                capitals.Add(capital);
                words.Add("'s");
                capitals.Add(false);
                continue;
            }

            words.Add(word);
            capitals.Add(capital);
        }

        return new MeaningText(text, words.ToArray(), capitals.ToArray());
    }

    /// <summary>
    /// The least share of content words two texts must have in common, apart from the words a guard compares, for a
    /// guard to read them as a minimal pair: a difference in one slot changes the answer when the rest agrees; in two
    /// texts that are phrased differently throughout, an incidental "all" or "remember"/"forget" does not.
    /// </summary>
    public const double MinimalPairOverlap = 0.5;

    /// <summary>Gets the Jaccard overlap of the two texts' content words (light stems), ignoring the words <paramref name="ignore"/> accepts.</summary>
    /// <param name="other">The other text.</param>
    /// <param name="ignore">Words left out of the comparison (the words a guard compares), or <see langword="null"/>.</param>
    /// <returns>The overlap in [0, 1]; 1 when neither has content words left.</returns>
    public double ContentOverlap(MeaningText other, Func<string, bool>? ignore = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        IReadOnlySet<string> a = ignore is null ? ContentStems : Stems(this, ignore), b = ignore is null ? other.ContentStems : Stems(other, ignore);
        int union = a.Count;
        int shared = 0;
        foreach (string s in b)
        {
            if (a.Contains(s))
            {
                shared++;
            }
            else
            {
                union++;
            }
        }

        return union == 0 ? 1.0 : (double)shared / union;
    }

    /// <summary>Gets a value indicating whether the text opens with an auxiliary or modal verb: a yes-no question ("Can I…", "Is the…").</summary>
    public bool IsYesNoQuestion => Words.Count > 0 && Auxiliaries.Contains(Words[0]);

    /// <summary>Gets a value indicating whether the text asks a question: it ends with '?', or opens with a question word or an auxiliary.</summary>
    public bool IsQuestion => IsYesNoQuestion || Text.TrimEnd().EndsWith('?') || (Words.Count > 0 && Words[0] is "how" or "why" or "when" or "where" or "who" or "what" or "which");

    /// <summary>Gets the light stems of the content words (computed once).</summary>
    internal IReadOnlySet<string> ContentStems => Volatile.Read(ref _contentStems) ?? Interlocked.CompareExchange(ref _contentStems, Stems(this, null), null) ?? _contentStems!;

    private static HashSet<string> Stems(MeaningText text, Func<string, bool>? ignore)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (string word in text.Words)
        {
            if (IsContent(word) && (ignore is null || !ignore(word)))
            {
                stems.Add(LexicalGuard.Stem(word));
            }
        }

        return stems;
    }

    /// <summary>Decides whether a word carries content (not an article, pronoun, auxiliary or connective).</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns><see langword="true"/> for content words.</returns>
    public static bool IsContent(string word) => !FunctionWords.Contains(word) && word.Length > 1 && word != "'s";
}
