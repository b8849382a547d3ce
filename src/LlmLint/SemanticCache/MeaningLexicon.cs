using System.Collections.Frozen;
using System.IO;

namespace LlmLint.SemanticCache;

/// <summary>
/// Antonyms, first-sense synonyms and irregular forms derived from WordNet 3.0 by <c>eng/wordnet/build-lexicon.py</c>
/// and embedded in the assembly (<c>SemanticCache/Lexicon/meaning-lexicon.txt</c>). Inflected forms are reduced to
/// lemmas at match time with WordNet's detachment rules (bought → buy, selling → sell, cheaper → cheap).
/// </summary>
/// <remarks>Thread-safe and immutable; loaded once on first use.</remarks>
internal sealed class MeaningLexicon
{
    /// <summary>The manifest name of the embedded resource.</summary>
    internal const string ResourceName = "LlmLint.SemanticCache.meaning-lexicon.txt";

    private static readonly Lazy<MeaningLexicon> Shared = new(() => Parse(OpenResource()));

    private static readonly (string Suffix, string Ending)[] Detachments =
    [
        ("ies", "y"), ("es", "e"), ("es", string.Empty), ("s", string.Empty), ("ied", "y"), ("ed", "e"), ("ed", string.Empty),
        ("ing", "e"), ("ing", string.Empty), ("ier", "y"), ("iest", "y"), ("er", "e"), ("er", string.Empty), ("est", "e"), ("est", string.Empty),
    ];

    private readonly FrozenDictionary<string, string[]> _antonyms;
    private readonly FrozenDictionary<string, string[]> _synonyms;
    private readonly FrozenDictionary<string, string> _irregular;
    private readonly FrozenSet<string> _adjectives;

    private MeaningLexicon(Dictionary<string, string[]> antonyms, Dictionary<string, string[]> synonyms, Dictionary<string, string> irregular, HashSet<string> adjectives)
    {
        _adjectives = adjectives.ToFrozenSet(StringComparer.Ordinal);
        _antonyms = antonyms.ToFrozenDictionary(StringComparer.Ordinal);
        _synonyms = synonyms.ToFrozenDictionary(StringComparer.Ordinal);
        _irregular = irregular.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Gets the lexicon embedded in the assembly.</summary>
    public static MeaningLexicon Default => Shared.Value;

    /// <summary>Gets the number of words with at least one antonym.</summary>
    public int AntonymWords => _antonyms.Count;

    /// <summary>Parses the lexicon text format (see eng/wordnet/build-lexicon.py).</summary>
    /// <param name="reader">The text.</param>
    /// <returns>The lexicon.</returns>
    internal static MeaningLexicon Parse(TextReader reader)
    {
        var antonyms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var synonyms = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var irregular = new Dictionary<string, string>(StringComparer.Ordinal);
        var adjectives = new HashSet<string>(StringComparer.Ordinal);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split(' ');
            if (parts.Length < 2 || parts[0].Length != 1 || (parts.Length < 3 && parts[0] != "j"))
            {
                throw new InvalidDataException($"Meaning lexicon line {number}: expected '<a|s|x> <word> <word>...'.");
            }

            switch (parts[0][0])
            {
                case 'a':
                    antonyms[parts[1]] = parts[2..];
                    break;
                case 's':
                    synonyms[parts[1]] = parts[2..];
                    break;
                case 'x':
                    irregular[parts[1]] = parts[2];
                    break;
                case 'j':
                    foreach (string adjective in parts.AsSpan(1))
                    {
                        adjectives.Add(adjective);
                    }

                    break;
                default:
                    throw new InvalidDataException($"Meaning lexicon line {number}: unknown record '{parts[0]}'.");
            }
        }

        return new MeaningLexicon(antonyms, synonyms, irregular, adjectives);
    }

    /// <summary>Decides whether two words (in any inflection) are antonyms in WordNet.</summary>
    /// <param name="a">A lower-case word.</param>
    /// <param name="b">Another lower-case word.</param>
    /// <returns><see langword="true"/> when a lemma of one is an antonym of a lemma of the other.</returns>
    public bool AreAntonyms(string a, string b) => Related(_antonyms, a, b);

    /// <summary>Decides whether two words (in any inflection) share their most frequent WordNet sense.</summary>
    /// <param name="a">A lower-case word.</param>
    /// <param name="b">Another lower-case word.</param>
    /// <returns><see langword="true"/> when they are synonyms.</returns>
    public bool AreSynonyms(string a, string b) => Related(_synonyms, a, b);

    /// <summary>Decides whether the lemma is an adjective with antonyms (gradable: it has comparatives).</summary>
    /// <param name="lemma">A lemma.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    public bool IsGradable(string lemma) => _adjectives.Contains(lemma);

    /// <summary>Decides whether the lemma has antonyms in the lexicon (a gradable or opposable word).</summary>
    /// <param name="lemma">A lemma.</param>
    /// <returns><see langword="true"/> when it has.</returns>
    public bool HasAntonyms(string lemma) => _antonyms.ContainsKey(lemma);

    /// <summary>Gets one representative of a lemma and its first-sense synonyms (the ordinally smallest), so that synonyms compare equal.</summary>
    /// <param name="lemma">A lemma.</param>
    /// <returns>The representative.</returns>
    public string Canonical(string lemma)
    {
        string best = lemma;
        if (_synonyms.TryGetValue(lemma, out string[]? synonyms))
        {
            foreach (string synonym in synonyms)
            {
                if (string.CompareOrdinal(synonym, best) < 0)
                {
                    best = synonym;
                }
            }
        }

        return best;
    }

    /// <summary>Gets the lemma of a word known to the lexicon, or the word itself.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The lemma.</returns>
    public string Lemma(string word)
    {
        foreach (string lemma in Lemmas(word))
        {
            return lemma;
        }

        return word;
    }

    /// <summary>Decides whether a lemma of the word is in the lexicon.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns><see langword="true"/> when known.</returns>
    public bool Knows(string word)
    {
        foreach (string _ in Lemmas(word))
        {
            return true;
        }

        return false;
    }

    /// <summary>Enumerates the lemmas of a word that the lexicon knows: the word, its irregular base, then detached forms.</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns>The known lemmas, most likely first.</returns>
    public IEnumerable<string> Lemmas(string word)
    {
        if (IsKnown(word))
        {
            yield return word;
        }

        if (_irregular.TryGetValue(word, out string? irregular))
        {
            yield return irregular;
        }

        bool known = IsKnown(word);
        foreach ((string suffix, string ending) in Detachments)
        {
            if (word.Length > suffix.Length + 2 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                // -er/-est make comparatives of gradable adjectives only (offer is not a degree of off).
                bool degree = suffix[^1] is 'r' or 't';
                if (degree && known)
                {
                    continue; // a word in its own right (offer, later) is not read as a comparative
                }

                // A degree of a gradable adjective of four letters or more (cheaper, faster) or with a doubled final
                // consonant (bigger); a shorter base is not detached (offer is not "more off").
                string stem = word[..^suffix.Length];
                string candidate = stem + ending;
                if (IsKnown(candidate) && (!degree || (_adjectives.Contains(candidate) && candidate.Length >= 4)))
                {
                    yield return candidate;
                }

                // stopped -> stop, bigger -> big
                if (ending.Length == 0 && stem.Length > 2 && stem[^1] == stem[^2] && IsKnown(stem[..^1]) && (!degree || _adjectives.Contains(stem[..^1])))
                {
                    yield return stem[..^1];
                }
            }
        }
    }

    private static TextReader OpenResource()
    {
        Stream stream = typeof(MeaningLexicon).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing from {typeof(MeaningLexicon).Assembly.GetName().Name}.");
        return new StreamReader(stream);
    }

    private bool IsKnown(string word) => _antonyms.ContainsKey(word) || _synonyms.ContainsKey(word);

    private bool Related(FrozenDictionary<string, string[]> relation, string a, string b)
    {
        foreach (string la in Lemmas(a))
        {
            if (!relation.TryGetValue(la, out string[]? related))
            {
                continue;
            }

            foreach (string lb in Lemmas(b))
            {
                if (Array.IndexOf(related, lb) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
