using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;

namespace LlmLint.SemanticCache;

/// <summary>
/// The default <see cref="IHitVerifier"/>: a candidate whose embedding is close must also agree, lexically, on what
/// usually makes two questions different — numbers, identifiers and versions, named entities, negation, the meaning
/// guards of <see cref="LexicalGuardOptions.Guards"/> (opposites, another slot, roles, units, dates, scope, possessors,
/// degree) on the whole texts, and the key content terms (password vs router, Python vs Java). See
/// docs/semantic-cache.md for the algorithm.
/// </summary>
/// <remarks>Thread-safe. Term statistics learned through <see cref="Observe"/> are kept in a concurrent dictionary.</remarks>
public sealed class LexicalGuard : IHitVerifier
{
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
        "did", "done", "doing", "have", "has", "had", "having", "i", "me", "my", "mine", "myself", "you", "your",
        "yours", "we", "our", "us", "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
        "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "can", "could",
        "would", "should", "will", "shall", "may", "might", "must", "please", "thanks", "thank", "hi", "hello", "hey",
        "just", "also", "still", "yet", "any", "some", "all", "each", "every", "very", "really", "too", "more", "most",
        "much", "many", "such", "than", "out", "up", "down", "over", "again", "ago", "now", "get", "got", "getting",
        "want", "need", "like", "know", "tell", "let", "way", "something", "anything", "thing", "things", "one's",
        "yes", "ok", "okay", "well", "else", "even", "only", "own", "same", "other", "another", "via", "per", "able",
        "is", "s", "im", "i'm", "ive", "i've", "id", "i'd", "it's", "that's", "there's", "what's", "via", "whether",
        "while", "during", "after", "before", "because", "since", "until", "which", "both", "either", "etc", "e.g",
        "given", "use", "used", "using", "make", "made", "provide", "provides", "provided", "include", "includes",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "without", "cannot", "nor", "none", "nothing", "nobody", "neither", "nowhere",
    };

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
        ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17",
        ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40",
        ["fifty"] = "50", ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80", ["ninety"] = "90",
        ["third"] = "3rd", ["fourth"] = "4th", ["fifth"] = "5th", ["twice"] = "2x", ["triple"] = "3x",
    };

    private static readonly HashSet<string> Gazetteer = new(StringComparer.Ordinal)
    {
        "python", "java", "javascript", "typescript", "c#", "c++", "f#", "rust", "golang", "kotlin", "swift", "ruby",
        "php", "perl", "scala", "haskell", "elixir", "erlang", "clojure", "lua", "dart", "julia", "matlab", "fortran",
        "cobol", "bash", "powershell", "sql", "mysql", "postgres", "postgresql", "sqlite", "mongodb", "redis",
        "cassandra", "elasticsearch", "kafka", "docker", "kubernetes", "linux", "windows", "macos", "ubuntu", "debian",
        "android", "ios", "iphone", "ipad", "aws", "azure", "gcp", "react", "angular", "vue", "svelte", "django",
        "flask", "rails", "spring", "dotnet", ".net", "node", "nodejs", "deno", "excel", "word", "outlook", "chrome",
        "firefox", "safari", "edge", "pytorch", "tensorflow", "jax", "keras", "numpy", "pandas", "openai", "anthropic",
        "google", "apple", "microsoft", "amazon", "meta", "netflix", "visa", "mastercard", "amex", "paypal", "stripe",
        "usd", "eur", "gbp", "jpy", "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "bitcoin", "crypto",
        "uk", "us", "usa", "eu", "london", "paris", "berlin", "tokyo", "git", "github", "gitlab",
    };

    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms(
        "buy purchas order",
        "refund reimburs",
        "cancel revok terminat abort",
        "arriv come receiv deliver show",
        "fee charg cost price",
        "wrong incorrect mistak erroneous",
        "error issu problem bug",
        "help assist support",
        "big larg huge",
        "small littl tiny",
        "fast quick rapid speedy",
        "start begin commenc",
        "end finish complet conclud",
        "creat make build generat devis",
        "delet remov eras",
        "show display",
        "explain describ",
        "platform repositori hub",
        "state-of-the-art cutting-edg advanc",
        "modifi chang alter updat edit",
        "find locat",
        "allow permit enabl let",
        "need requir",
        "stor sav keep",
        "data dataset",
        "contain includ comprise hold",
        "learn taught teach",
        "setup configur configuration",
        "option choic",
        "purpos aim goal",
        "mobil phone cell",
        "money fund cash",
        "account profil",
        "lost misplac",
        "stolen thiev theft",
        "pend wait processing",
        "declin reject refus deni",
        "verifi confirm validat",
        "exchang conver");

    /// <summary>The name of the check that numbers (digits and number words) match.</summary>
    public const string NumbersCheck = "numbers";

    /// <summary>The name of the check that identifiers, versions, codes and named entities match.</summary>
    public const string IdentifiersCheck = "identifiers and names";

    /// <summary>The name of the negation check.</summary>
    public const string NegationCheck = "negation";

    /// <summary>The name of the key-term swap check (minimal pairs: one salient term replaced, below the override similarity).</summary>
    public const string KeyTermsCheck = "key terms";

    /// <summary>The name of the shared-terms check (too little IDF-weighted overlap of content terms, below the override similarity).</summary>
    public const string SharedTermsCheck = "shared key terms";

    /// <summary>
    /// The name of the check of long prompts that share their context and differ in their request: after a shared prefix of
    /// at least <see cref="LexicalGuardOptions.SharedContextChars"/> characters, every content word of each request must be
    /// matched (same stem or synonym) on the other side.
    /// </summary>
    public const string SharedContextCheck = "shared context, other request";

    private readonly LexicalGuardOptions _options;
    private readonly ConcurrentDictionary<string, int> _documentFrequency = new(StringComparer.Ordinal);
    private int _documents;

    /// <summary>Initializes a new instance of the <see cref="LexicalGuard"/> class.</summary>
    /// <param name="options">The tuning, or <see langword="null"/> for the defaults.</param>
    public LexicalGuard(LexicalGuardOptions? options = null) => _options = options ?? new LexicalGuardOptions();

    /// <summary>Gets the names of every check this guard runs, built-in checks first (for ablation).</summary>
    public IReadOnlyList<string> CheckNames
    {
        get
        {
            var names = new List<string> { NumbersCheck, IdentifiersCheck, NegationCheck };
            foreach (IMeaningGuard guard in _options.Guards)
            {
                names.Add(guard.Name);
            }

            names.Add(SharedContextCheck);
            names.Add(KeyTermsCheck);
            names.Add(SharedTermsCheck);
            return names;
        }
    }

    /// <summary>Gets the number of key texts observed for IDF weights.</summary>
    public int ObservedDocuments => Volatile.Read(ref _documents);

    /// <inheritdoc/>
    public void Observe(string keyText)
    {
        ArgumentNullException.ThrowIfNull(keyText);
        var analysis = Analysis.Of(keyText);
        foreach (string term in analysis.Terms)
        {
            _documentFrequency.AddOrUpdate(term, 1, static (_, n) => n + 1);
        }

        Interlocked.Increment(ref _documents);
    }

    /// <inheritdoc/>
    public HitVerification Verify(string query, string candidate, float similarity)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        TextAnalysis qa = TextAnalysis.Of(query), ca = TextAnalysis.Of(candidate);
        Analysis a = qa.Lexical;
        Analysis b = ca.Lexical;

        ISet<string> off = _options.DisabledChecks;

        // 1. Numbers (digit runs and number words) must match.
        if (!off.Contains(NumbersCheck) && !SameNumbers(a, b, out string? numberReason))
        {
            return Reject(numberReason!);
        }

        // 2. Identifiers, versions, codes and named entities on one side must appear on the other.
        if (!off.Contains(IdentifiersCheck) && MissingDistinctive(a, b) is { } onlyInQuery)
        {
            return Reject($"'{onlyInQuery}' appears only in the query");
        }

        if (!off.Contains(IdentifiersCheck) && MissingDistinctive(b, a) is { } onlyInCandidate)
        {
            return Reject($"'{onlyInCandidate}' appears only in the cached question");
        }

        // 3. Key content terms (stopwords removed, light stemming, synonyms folded).
        double shared = 0, union = 0;
        int onlyACount = 0, onlyBCount = 0;
        string? onlyA = null, onlyB = null;
        double onlyAWeight = 0, onlyBWeight = 0;
        foreach (string term in a.Terms)
        {
            double w = Weight(term);
            union += w;
            if (b.Terms.Contains(term) || HasSynonymIn(a, term, b))
            {
                shared += w;
            }
            else
            {
                onlyACount++;
                if (w > onlyAWeight)
                {
                    onlyA = term;
                    onlyAWeight = w;
                }
            }
        }

        foreach (string term in b.Terms)
        {
            if (!a.Terms.Contains(term) && !HasSynonymIn(b, term, a))
            {
                double w = Weight(term);
                union += w;
                onlyBCount++;
                if (w > onlyBWeight)
                {
                    onlyB = term;
                    onlyBWeight = w;
                }
            }
        }

        double overlap = union == 0 ? 1.0 : shared / union;

        // 4. Negation: opposite polarity vetoes when the texts otherwise say the same thing.
        if (!off.Contains(NegationCheck) && a.Negated != b.Negated && overlap >= _options.NegationOverlap)
        {
            return Reject(a.Negated ? "the query is negated and the cached question is not" : "the cached question is negated and the query is not");
        }

        // 5. Meaning guards on the whole texts: opposites, another slot, roles, units, dates, scope, possessors, degree.
        if (_options.Guards.Count > 0)
        {
            MeaningText mq = qa.Meaning, mc = ca.Meaning;
            foreach (IMeaningGuard guard in _options.Guards)
            {
                if (!off.Contains(guard.Name) && guard.TryFindDifference(mq, mc, out string guardReason))
                {
                    return Reject(guardReason);
                }
            }
        }

        // 6. A long shared context (a case history, a runbook) followed by different requests: the embedding is dominated
        // by the context, so the requests after it are compared word by word, at any similarity.
        if (!off.Contains(SharedContextCheck) && DifferentRequestAfterSharedContext(query, candidate, _options.SharedContextChars) is { } requestReason)
        {
            return Reject(requestReason);
        }

        if (similarity < _options.OverrideSimilarity)
        {
            // A minimal pair: the same frame with one salient term replaced by one or two others (password/router,
            // card payment/transfer). A rephrasing changes several words on both sides and is left to the embedding.
            // The share of the (IDF-weighted) content terms of both texts that only one of them has: 1 − overlap.
            double differing = 1 - overlap;
            if (!off.Contains(KeyTermsCheck) && Math.Min(onlyACount, onlyBCount) == 1 && Math.Max(onlyACount, onlyBCount) <= _options.MaxSwappedTerms && differing >= _options.MinSwapFraction)
            {
                return Reject(string.Create(CultureInfo.InvariantCulture, $"key terms differ: '{onlyA}' vs '{onlyB}' (overlap {overlap:0.00})"));
            }

            if (!off.Contains(SharedTermsCheck) && overlap < _options.MinOverlap)
            {
                return Reject(string.Create(CultureInfo.InvariantCulture, $"too few shared key terms (overlap {overlap:0.00}; '{onlyA ?? onlyB}' unmatched)"));
            }
        }

        return new HitVerification(GuardVerdict.Accepted, string.Create(CultureInfo.InvariantCulture, $"lexically consistent (overlap {overlap:0.00})"));
    }

    /// <summary>Decides whether two words fold to the same entry of the built-in synonym groups (buy/purchase, fee/charge).</summary>
    internal static bool AreSynonyms(string x, string y)
        => Synonyms.TryGetValue(Stem(x), out string? cx) && Synonyms.TryGetValue(Stem(y), out string? cy) && cx == cy;

    internal static IReadOnlyCollection<string> ContentTerms(string text) => Analysis.Of(text).Terms;

    private static HitVerification Reject(string reason) => new(GuardVerdict.Rejected, reason);

    /// <summary>Decides whether a term of one text has a WordNet first-sense synonym among the terms of the other (dispatch/send, fix/repair).</summary>
    private static bool HasSynonymIn(Analysis from, string term, Analysis other)
    {
        if (!from.TermWords.TryGetValue(term, out string? word))
        {
            return false;
        }

        MeaningLexicon lexicon = MeaningLexicon.Default;
        foreach (KeyValuePair<string, string> entry in other.TermWords)
        {
            if (!from.Terms.Contains(entry.Key) && lexicon.AreSynonyms(word, entry.Value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Compares the requests of two long texts that share their beginning: the text after the shared prefix (cut back to a
    /// word boundary) must have the same content terms, up to synonyms, on both sides.
    /// </summary>
    private static string? DifferentRequestAfterSharedContext(string query, string candidate, int sharedContextChars)
    {
        int shared = SharedPrefixLength(query, candidate);
        if (shared < sharedContextChars || (shared == query.Length && shared == candidate.Length))
        {
            return null;
        }

        while (shared > 0 && !char.IsWhiteSpace(query[shared - 1]))
        {
            shared--;
        }

        Analysis a = Analysis.Of(query[shared..]), b = Analysis.Of(candidate[shared..]);
        if (a.Negated != b.Negated)
        {
            return "after the shared context, one request is negated";
        }

        string? onlyA = FirstUnmatchedTerm(a, b), onlyB = FirstUnmatchedTerm(b, a);
        return onlyA is null && onlyB is null
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"after {shared} shared characters the requests differ: '{onlyA ?? "-"}' vs '{onlyB ?? "-"}'");
    }

    private static int SharedPrefixLength(string x, string y)
    {
        int n = Math.Min(x.Length, y.Length), i = 0;
        while (i < n && char.ToLowerInvariant(x[i]) == char.ToLowerInvariant(y[i]))
        {
            i++;
        }

        return i;
    }

    private static string? FirstUnmatchedTerm(Analysis from, Analysis other)
    {
        foreach (string term in from.Terms)
        {
            if (!other.Terms.Contains(term) && !HasSynonymIn(from, term, other))
            {
                return term;
            }
        }

        return null;
    }

    private bool SameNumbers(Analysis a, Analysis b, out string? reason)
    {
        reason = null;
        if (a.Numbers.Count == 0 && b.Numbers.Count == 0)
        {
            return true;
        }

        if (!_options.StrictNumbers && (a.Numbers.Count == 0 || b.Numbers.Count == 0))
        {
            return true;
        }

        if (a.Numbers.SetEquals(b.Numbers) && SameCounts(a.NumberList, b.NumberList))
        {
            return true;
        }

        reason = $"numbers differ: {Describe(a.Numbers)} vs {Describe(b.Numbers)}";
        return false;
    }

    private static bool SameCounts(List<string> a, List<string> b)
    {
        // "two days" in a shared context and "2 days" vs "4 days" at the end: the multiset of numbers differs.
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(HashSet<string> numbers)
    {
        if (numbers.Count == 0)
        {
            return "none";
        }

        var builder = new StringBuilder();
        foreach (string n in numbers)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(n);
        }

        return builder.ToString();
    }

    private static string? MissingDistinctive(Analysis from, Analysis other)
    {
        foreach (string term in from.Distinctive)
        {
            if (!other.AllWords.Contains(term) && !other.AllWords.Contains(Stem(term)) && !IsAcronymOf(term, other.Sequence))
            {
                return term;
            }
        }

        return null;
    }

    /// <summary>Decides whether a short all-letter term (VM, VMs, SLA) spells the initials of consecutive words of the other text (virtual machine).</summary>
    internal static bool IsAcronymOf(string term, List<string> words)
    {
        ReadOnlySpan<char> letters = term.AsSpan();
        if (letters.Length > 2 && letters[^1] == 's')
        {
            letters = letters[..^1]; // VMs
        }

        if (letters.Length is < 2 or > 5)
        {
            return false;
        }

        foreach (char c in letters)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        for (int start = 0; start + letters.Length <= words.Count; start++)
        {
            int k = 0;
            while (k < letters.Length && words[start + k].Length > 1 && words[start + k][0] == letters[k])
            {
                k++;
            }

            if (k == letters.Length)
            {
                return true;
            }
        }

        return false;
    }

    private double Weight(string term)
    {
        int documents = Volatile.Read(ref _documents);
        if (!_options.UseIdf || documents < _options.MinDocumentsForIdf)
        {
            return 1.0;
        }

        _documentFrequency.TryGetValue(term, out int df);
        return Math.Log((documents + 1.0) / (df + 1.0)) + 1.0;
    }

    private static Dictionary<string, string> BuildSynonyms(params string[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string group in groups)
        {
            string[] words = group.Split(' ');
            foreach (string word in words)
            {
                map[word] = words[0];
            }
        }

        return map;
    }

    /// <summary>Light suffix stripping: plural, -ing, -ed, -ly, a final e; enough to fold inflections of the same word.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        string w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^3];
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }

        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        if (w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('s' or 'l'))
        {
            w = w[..^1]; // stopped -> stopp -> stop
        }

        return w;
    }

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
