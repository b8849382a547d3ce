using System;
using System.Collections.Generic;

namespace LlmLint.SemanticCache;

/// <summary>
/// The same request with one slot filled differently: "reset my password" / "reset my PIN", "cancel my order" /
/// "cancel my subscription", "restart the database server" / "restart the web server". The two texts share their words
/// before and after a short differing span (at most <see cref="MaxSpan"/> words each side) that covers at most half of
/// the longer text, and the differing content words are neither the same lemma nor WordNet first-sense synonyms.
/// A content word inserted inside an otherwise identical request counts as a filled slot too. A rephrasing changes the
/// frame itself and is left to the embedding.
/// </summary>
public sealed class FrameSubstitutionGuard : IMeaningGuard
{
    /// <summary>The longest differing span, in words, that still reads as one slot.</summary>
    public const int MaxSpan = 3;

    private readonly MeaningLexicon _lexicon;

    /// <summary>Initializes a new instance of the <see cref="FrameSubstitutionGuard"/> class.</summary>
    public FrameSubstitutionGuard()
        : this(MeaningLexicon.Default)
    {
    }

    internal FrameSubstitutionGuard(MeaningLexicon lexicon) => _lexicon = lexicon;

    /// <inheritdoc/>
    public string Name => "same frame, other slot";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        reason = string.Empty;
        IReadOnlyList<string> a = query.Words, b = candidate.Words;
        int shorter = Math.Min(a.Count, b.Count);
        int prefix = 0;
        while (prefix < shorter && a[prefix] == b[prefix])
        {
            prefix++;
        }

        int suffix = 0;
        while (suffix < shorter - prefix && a[a.Count - 1 - suffix] == b[b.Count - 1 - suffix])
        {
            suffix++;
        }

        int spanA = a.Count - prefix - suffix, spanB = b.Count - prefix - suffix;
        int frame = prefix + suffix;
        if (spanA > MaxSpan || spanB > MaxSpan || frame < 2 || frame * 2 < Math.Max(a.Count, b.Count) || (spanA == 0 && spanB == 0))
        {
            return false;
        }

        if (spanA == 0 || spanB == 0)
        {
            // A qualifier added in the middle of an otherwise identical request ("speak to her" / "speak to her manager").
            IReadOnlyList<string> longer = spanA == 0 ? b : a;
            for (int i = prefix; i < prefix + Math.Max(spanA, spanB); i++)
            {
                if (MeaningText.IsContent(longer[i]) && suffix > 0)
                {
                    reason = $"same request with '{longer[i]}' added";
                    return true;
                }
            }

            return false;
        }

        string? onlyA = null, onlyB = null;
        for (int i = prefix; i < prefix + spanA; i++)
        {
            if (!MeaningText.IsContent(a[i]))
            {
                continue;
            }

            for (int j = prefix; j < prefix + spanB; j++)
            {
                if (!MeaningText.IsContent(b[j]))
                {
                    continue;
                }

                if (Equivalent(a[i], b[j]))
                {
                    return false;
                }

                onlyA ??= a[i];
                onlyB ??= b[j];
            }
        }

        if (onlyA is null || onlyB is null)
        {
            return false;
        }

        reason = $"same request, other slot: '{onlyA}' vs '{onlyB}'";
        return true;
    }

    private bool Equivalent(string x, string y)
    {
        if (x == y || LexicalGuard.Stem(x) == LexicalGuard.Stem(y) || LexicalGuard.AreSynonyms(x, y))
        {
            return true;
        }

        string lx = _lexicon.Lemma(x), ly = _lexicon.Lemma(y);
        return lx == ly || _lexicon.AreSynonyms(lx, ly);
    }
}
