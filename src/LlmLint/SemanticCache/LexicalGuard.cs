using System.Collections.Concurrent;
using System.Globalization;

namespace LlmLint.SemanticCache;

/// <summary>
/// The default <see cref="IHitVerifier"/>: a candidate whose embedding is close must also agree, lexically, on what
/// usually makes two questions different — numbers, identifiers and versions, named entities, negation, the meaning
/// guards of <see cref="LexicalGuardOptions.Guards"/> (opposites, another slot, roles, units, dates, scope, possessors,
/// degree) on the whole texts, and the key content terms (password vs router, Python vs Java). See
/// docs/semantic-cache.md for the algorithm.
/// </summary>
/// <remarks>Thread-safe. Term statistics learned through <see cref="Observe"/> are kept in a concurrent dictionary.</remarks>
public sealed partial class LexicalGuard : IHitVerifier
{
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
}
