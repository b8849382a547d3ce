using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// The same request with a slot filled differently: "reset my password" / "reset my PIN", "cancel my order" /
/// "cancel my subscription", "add the item to my cart" / "remove the item from my cart". The two texts are aligned word
/// by word (their common prefix and suffix, then the longest common subsequence of what lies between); the words they
/// share must cover at least half of the longer text, each differing span is at most <see cref="MaxSpan"/> words on
/// either side, and only one span may differ in content words (the others change function words only: "from" / "to").
/// That span is another slot when its content words on both sides are neither the same lemma nor WordNet first-sense
/// synonyms. When the texts differ in one span only, a content word inserted inside an otherwise identical request
/// counts as a filled slot too. A rephrasing changes more than one slot, or the frame itself, and is left to the
/// embedding.
/// </summary>
public sealed class FrameSubstitutionGuard : IMeaningGuard
{
    /// <summary>The longest differing span, in words, that still reads as one slot.</summary>
    public const int MaxSpan = 3;

    // The most differing spans two texts may have and still read as one frame.
    private const int MaxSpans = 3;

    // The longest middle (after the common prefix and suffix) that is aligned word by word; longer middles are rephrasings.
    private const int MaxAlignedMiddle = 16;

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
        if (spanA == 0 && spanB == 0)
        {
            return false;
        }

        if (spanA <= MaxSpan && spanB <= MaxSpan)
        {
            int frame = prefix + suffix;
            return frame >= 2 && frame * 2 >= Math.Max(a.Count, b.Count) && DiffersInSpan(a, prefix, spanA, b, prefix, spanB, insertionCounts: suffix > 0, out reason);
        }

        return spanA <= MaxAlignedMiddle && spanB <= MaxAlignedMiddle && DiffersInAlignedSpans(a, b, prefix, suffix, out reason);
    }

    // The middles are aligned by their longest common subsequence; each gap between aligned words is a span.
    private bool DiffersInAlignedSpans(IReadOnlyList<string> a, IReadOnlyList<string> b, int prefix, int suffix, out string reason)
    {
        reason = string.Empty;
        int n = a.Count - prefix - suffix, m = b.Count - prefix - suffix;
        Span<byte> table = stackalloc byte[(MaxAlignedMiddle + 1) * (MaxAlignedMiddle + 1)];
        int width = m + 1;
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                table[(i * width) + j] = a[prefix + i] == b[prefix + j]
                    ? (byte)(table[((i + 1) * width) + j + 1] + 1)
                    : Math.Max(table[((i + 1) * width) + j], table[(i * width) + j + 1]);
            }
        }

        int frame = prefix + suffix + table[0];
        if (frame < 2 || frame * 2 < Math.Max(a.Count, b.Count))
        {
            return false;
        }

        int x = 0, y = 0, spans = 0, contentSpans = 0, slotA = 0, slotB = 0, slotLengthA = 0, slotLengthB = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[prefix + x] == b[prefix + y])
            {
                x++;
                y++;
                continue;
            }

            int gapA = x, gapB = y;
            while ((x < n || y < m) && !(x < n && y < m && a[prefix + x] == b[prefix + y]))
            {
                if (y >= m || (x < n && table[((x + 1) * width) + y] >= table[(x * width) + y + 1]))
                {
                    x++;
                }
                else
                {
                    y++;
                }
            }

            if (++spans > MaxSpans || x - gapA > MaxSpan || y - gapB > MaxSpan)
            {
                return false;
            }

            if (HasContent(a, prefix + gapA, x - gapA) || HasContent(b, prefix + gapB, y - gapB))
            {
                // One slot: the other spans may change only function words ("from" / "to").
                if (contentSpans++ > 0)
                {
                    return false;
                }

                slotA = gapA;
                slotB = gapB;
                slotLengthA = x - gapA;
                slotLengthB = y - gapB;
            }
        }

        return contentSpans == 1 && slotLengthA > 0 && slotLengthB > 0
            && DiffersInSpan(a, prefix + slotA, slotLengthA, b, prefix + slotB, slotLengthB, insertionCounts: false, out reason);
    }

    // A span that changes only these besides function words is grammar around the slot ("add to" / "remove from").
    private static readonly FrozenSet<string> Prepositions = FrozenSet.ToFrozenSet(
        ["from", "into", "onto", "via", "per", "toward", "towards", "across", "through", "over", "under", "within", "about", "upon", "between", "among", "inside"], StringComparer.Ordinal);

    private static bool HasContent(IReadOnlyList<string> words, int start, int length)
    {
        for (int i = start; i < start + length; i++)
        {
            if (MeaningText.IsContent(words[i]) && !Prepositions.Contains(words[i]))
            {
                return true;
            }
        }

        return false;
    }

    private bool DiffersInSpan(IReadOnlyList<string> a, int startA, int spanA, IReadOnlyList<string> b, int startB, int spanB, bool insertionCounts, out string reason)
    {
        reason = string.Empty;
        if (spanA == 0 || spanB == 0)
        {
            // A qualifier added in the middle of an otherwise identical request ("speak to her" / "speak to her manager").
            IReadOnlyList<string> longer = spanA == 0 ? b : a;
            int start = spanA == 0 ? startB : startA;
            for (int i = start; i < start + Math.Max(spanA, spanB); i++)
            {
                if (MeaningText.IsContent(longer[i]) && insertionCounts)
                {
                    reason = $"same request with '{longer[i]}' added";
                    return true;
                }
            }

            return false;
        }

        string? onlyA = null, onlyB = null;
        for (int i = startA; i < startA + spanA; i++)
        {
            if (!MeaningText.IsContent(a[i]))
            {
                continue;
            }

            for (int j = startB; j < startB + spanB; j++)
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
