using System.Collections.Frozen;
using System.Text;

namespace LlmLint.SemanticCache;

/// <summary>
/// A guard over one closed class of words (units, dates, quantifiers…): each text's class members are collected in a
/// normal form, and two texts that both name members of the class but not the same ones differ in meaning. A text that
/// names none is not compared (a paraphrase may leave the qualifier implicit).
/// </summary>
public abstract class WordClassGuard : IMeaningGuard
{
    [ThreadStatic]
    private static SortedSet<string>? s_query;

    [ThreadStatic]
    private static SortedSet<string>? s_candidate;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        // Reused per thread: a guard runs on every candidate hit and must not allocate on the common path.
        SortedSet<string> a = s_query ??= new SortedSet<string>(StringComparer.Ordinal);
        SortedSet<string> b = s_candidate ??= new SortedSet<string>(StringComparer.Ordinal);
        a.Clear();
        b.Clear();
        Collect(query, a);
        Collect(candidate, b);
        // Each side must name a member the other lacks ("all" vs "some"; not "all" vs "all, some"), and the rest must agree.
        if (a.Count == 0 || b.Count == 0 || a.IsSubsetOf(b) || b.IsSubsetOf(a)
            || query.ContentOverlap(candidate, IsMember) < RequiredOverlapBetween(a, b))
        {
            reason = string.Empty;
            return false;
        }

        reason = $"{Name} differ: {Join(a)} vs {Join(b)}";
        return true;
    }

    /// <summary>
    /// Gets the least content-word overlap of the two texts, apart from the class members, at which a difference in the
    /// class vetoes. Default <see cref="MeaningText.MinimalPairOverlap"/>; 1 for classes of function words (a question
    /// word, a modal, a tense), which veto only when every content word is shared.
    /// </summary>
    protected virtual double RequiredOverlap => MeaningText.MinimalPairOverlap;

    /// <summary>Gets the least content-word overlap at which these two sets of members veto; <see cref="RequiredOverlap"/> unless a class knows better.</summary>
    /// <param name="query">The query's members.</param>
    /// <param name="candidate">The candidate's members.</param>
    /// <returns>The overlap in [0, 1].</returns>
    protected virtual double RequiredOverlapBetween(IReadOnlySet<string> query, IReadOnlySet<string> candidate) => RequiredOverlap;

    /// <summary>Decides whether a word is a member of the class (left out when the rest of the texts are compared).</summary>
    /// <param name="word">A lower-case word.</param>
    /// <returns><see langword="true"/> for members.</returns>
    protected abstract bool IsMember(string word);

    /// <summary>Adds the normal forms of the class members found in a text.</summary>
    /// <param name="text">The text.</param>
    /// <param name="members">The set to add to.</param>
    protected abstract void Collect(MeaningText text, ISet<string> members);

    /// <summary>Decides whether the word at an index follows a number ("5 kg", "3 pm").</summary>
    /// <param name="text">The text.</param>
    /// <param name="index">The word's index.</param>
    /// <returns><see langword="true"/> when the previous word starts with a digit.</returns>
    protected static bool AfterNumber(MeaningText text, int index)
        => index > 0 && text.Words[index - 1].Length > 0 && char.IsDigit(text.Words[index - 1][0]);

    /// <summary>Builds a word → normal form map from groups separated by '|', each a list of words whose first is the normal form.</summary>
    /// <param name="groups">The groups, for example <c>"kg kilo kilogram|lb pound"</c>.</param>
    /// <returns>The map.</returns>
    protected static FrozenDictionary<string, string> Groups(string groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string group in groups.Split('|'))
        {
            string[] words = group.Split(' ');
            foreach (string word in words)
            {
                map[word] = words[0];
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Join(SortedSet<string> set)
    {
        var b = new StringBuilder();
        foreach (string s in set)
        {
            b.Append(b.Length == 0 ? string.Empty : ",").Append(s);
        }

        return b.ToString();
    }
}
