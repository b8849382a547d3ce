using System;
using System.Collections.Frozen;
using System.Collections.Generic;

namespace LlmLint.SemanticCache;

/// <summary>
/// Opposite directional particles and prepositions in an otherwise identical request: log the user in / out, scale up /
/// down, inbound / outbound rules, above / below the limit. Prepositions are a closed class that WordNet barely covers,
/// so the pairs are listed; the guard vetoes only when every other word of the two texts is the same, in order.
/// </summary>
public sealed class ParticleGuard : IMeaningGuard
{
    private static readonly FrozenDictionary<string, string> Opposites = BuildOpposites(
        "in out", "into out", "inside outside", "up down", "upward downward", "upstairs downstairs", "on off", "onto off",
        "forward back", "forwards backwards", "forward backward", "over under", "above below", "inbound outbound",
        "incoming outgoing", "internal external", "upstream downstream", "import export", "upload download", "to from",
        "front back", "push pull", "top bottom", "inner outer", "plus minus", "ascending descending", "horizontal vertical",
        "left right", "north south", "east west", "login logout", "sign-in sign-out", "entry exit");

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
        => Opposites.TryGetValue(word, out string? opposite) && string.Equals(opposite, other, StringComparison.Ordinal);

    private static FrozenDictionary<string, string> BuildOpposites(params string[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in pairs)
        {
            int space = pair.IndexOf(' ', StringComparison.Ordinal);
            string x = pair[..space], y = pair[(space + 1)..];
            map.TryAdd(x, y);
            map.TryAdd(y, x);
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
