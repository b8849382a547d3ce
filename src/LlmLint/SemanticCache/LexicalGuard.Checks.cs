using System.Globalization;
using System.Text;

namespace LlmLint.SemanticCache;

/// <summary>The checks a candidate hit must pass: numbers, identifiers, negation, distinctive and shared key terms, a shared context.</summary>
public sealed partial class LexicalGuard
{
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
}
