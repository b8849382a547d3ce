using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// Opposite directional particles and prepositions in an otherwise identical request: log the user in / out, scale up /
/// down, inbound / outbound rules, above / below the limit, and what is included or left out: prices with / before tax,
/// including / excluding delivery. Prepositions are a closed class that WordNet barely covers, so the pairs are listed
/// (a word may have several opposites); the guard vetoes only when every other word of the two texts is the same, in order.
/// </summary>
public sealed class ParticleGuard : IMeaningGuard
{
    private static readonly FrozenDictionary<string, FrozenSet<string>> Opposites = BuildOpposites(
        "in out", "into out", "inside outside", "up down", "upward downward", "upstairs downstairs", "on off", "onto off",
        "forward back", "forwards backwards", "forward backward", "over under", "above below", "inbound outbound",
        "incoming outgoing", "internal external", "upstream downstream", "import export", "upload download", "to from",
        "front back", "push pull", "top bottom", "inner outer", "plus minus", "ascending descending", "horizontal vertical",
        "left right", "north south", "east west", "login logout", "sign-in sign-out", "entry exit", "with without",
        "with before", "with excluding", "with minus", "including excluding", "including without", "including before",
        "inclusive exclusive", "incl excl", "plus without", "plus excluding", "gross net");

    /// <inheritdoc/>
    public string Name => "opposite particles";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        reason = string.Empty;
        IReadOnlyList<string> a = query.Words, b = candidate.Words;
        if (a.Count != b.Count)
        {
            return false;
        }

        int differing = -1;
        for (int i = 0; i < a.Count; i++)
        {
            if (string.Equals(a[i], b[i], StringComparison.Ordinal))
            {
                continue;
            }

            if (differing >= 0)
            {
                return false; // two or more words differ: left to the other guards
            }

            differing = i;
        }

        if (differing < 0 || !(IsOppositeOf(a[differing], b[differing]) || IsOppositeOf(b[differing], a[differing])))
        {
            return false;
        }

        reason = $"opposite directions: '{a[differing]}' vs '{b[differing]}'";
        return true;
    }

    private static bool IsOppositeOf(string word, string other)
        => Opposites.TryGetValue(word, out FrozenSet<string>? opposites) && opposites.Contains(other);

    private static FrozenDictionary<string, FrozenSet<string>> BuildOpposites(params string[] pairs)
    {
        var map = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int space = pair.IndexOf(' ', StringComparison.Ordinal);
            string x = pair[..space], y = pair[(space + 1)..];
            Add(x, y);
            Add(y, x);
        }

        var frozen = new Dictionary<string, FrozenSet<string>>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, HashSet<string>> entry in map)
        {
            frozen[entry.Key] = entry.Value.ToFrozenSet(StringComparer.Ordinal);
        }

        return frozen.ToFrozenDictionary(StringComparer.Ordinal);

        void Add(string word, string opposite)
        {
            if (!map.TryGetValue(word, out HashSet<string>? set))
            {
                map[word] = set = new HashSet<string>(StringComparer.Ordinal);
            }

            set.Add(opposite);
        }
    }
}
