using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>
/// Direction and roles: the same words with who-does-what-to-whom changed. Two content words that trade places
/// ("Alice paid Bob" / "Bob paid Alice"; "from savings to checking" / "from checking to savings"), unless they are only
/// joined by "and"/"or"; or, in two texts that both name a source and a destination (from … to/into), a place that
/// changed sides.
/// </summary>
public sealed class RoleOrderGuard : IMeaningGuard
{
    private static readonly FrozenSet<string> Directions = FrozenSet.ToFrozenSet(["from", "to", "into", "onto", "towards", "toward"], StringComparer.Ordinal);

    /// <inheritdoc/>
    public string Name => "direction and roles";

    /// <inheritdoc/>
    public bool TryFindDifference(MeaningText query, MeaningText candidate, out string reason)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(candidate);
        if (Transposed(query.Words, candidate.Words) is { } swap)
        {
            reason = $"roles swapped: '{swap.First}' and '{swap.Second}' trade places";
            return true;
        }

        // Without a direction word on both sides neither check below can fire: skip their allocations.
        if (!SharesDirection(query, candidate))
        {
            reason = string.Empty;
            return false;
        }

        // The same things in other roles: both texts name the same things, and a direction word is followed by another
        // one ("merge main into the feature branch" / "merge the feature branch into main"; "from region B to region A").
        if (SameThings(query, candidate))
        {
            foreach (string direction in Directions)
            {
                string? pa = ThingAfter(query, direction), pb = ThingAfter(candidate, direction);
                // Punctuation is not in the words, so a phrase may run on into the next clause ("from region A, copy"):
                // one phrase starting with the other names the same thing.
                if (pa is not null && pb is not null && !(pa + " ").StartsWith(pb + " ", StringComparison.Ordinal) && !(pb + " ").StartsWith(pa + " ", StringComparison.Ordinal))
                {
                    reason = $"roles differ: '{direction} {pa}' vs '{direction} {pb}'";
                    return true;
                }
            }
        }

        // A path moved: both texts name a source and a destination, and one place changed sides.
        Dictionary<string, string> da = Objects(query), db = Objects(candidate);
        if (!(da.ContainsValue("from") && da.ContainsValue("to") && db.ContainsValue("from") && db.ContainsValue("to")))
        {
            reason = string.Empty;
            return false;
        }

        foreach ((string obj, string preposition) in da)
        {
            if (db.TryGetValue(obj, out string? other) && other != preposition && (preposition is "from" || other is "from"))
            {
                reason = $"direction differs: '{preposition} {obj}' vs '{other} {obj}'";
                return true;
            }
        }

        reason = string.Empty;
        return false;
    }

    private static bool SharesDirection(MeaningText a, MeaningText b)
    {
        foreach (string direction in Directions)
        {
            if (a.WordSet.Contains(direction) && b.WordSet.Contains(direction))
            {
                return true;
            }
        }

        return false;
    }

    private static (string First, string Second)? Transposed(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        if (a.Count != b.Count)
        {
            return null;
        }

        int first = -1, second = -1;
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] == b[i])
            {
                continue;
            }

            if (first < 0)
            {
                first = i;
            }
            else if (second < 0)
            {
                second = i;
            }
            else
            {
                return null; // more than one swap: a rephrasing, or another difference left to the other guards
            }
        }

        if (second < 0 || a[first] != b[second] || a[second] != b[first] || !MeaningText.IsContent(a[first]) || !MeaningText.IsContent(a[second]))
        {
            return null;
        }

        for (int k = first + 1; k < second; k++)
        {
            if (a[k] is "and" or "or" or "," or "&")
            {
                return null; // coordination is symmetric: "tea or coffee" asks what "coffee or tea" asks
            }
        }

        return (a[first], a[second]);
    }

    /// <summary>A content word, or a capital letter naming something ("region B", "plan A").</summary>
    private static bool IsThing(MeaningText text, int i)
        => MeaningText.IsContent(text.Words[i]) || (text.Words[i].Length == 1 && char.IsAsciiLetter(text.Words[i][0]) && text.Capitalized[i] && i > 0);

    private static bool SameThings(MeaningText a, MeaningText b)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        int things = 0;
        for (int i = 0; i < a.Words.Count; i++)
        {
            if (IsThing(a, i))
            {
                counts[a.Words[i]] = counts.GetValueOrDefault(a.Words[i]) + 1;
                things++;
            }
        }

        for (int i = 0; i < b.Words.Count; i++)
        {
            if (!IsThing(b, i))
            {
                continue;
            }

            if (!counts.TryGetValue(b.Words[i], out int n) || n == 0)
            {
                return false;
            }

            counts[b.Words[i]] = n - 1;
            things--;
        }

        return things == 0;
    }

    /// <summary>The thing named after the first <paramref name="direction"/> word: up to three content words or labels.</summary>
    private static string? ThingAfter(MeaningText text, string direction)
    {
        IReadOnlyList<string> w = text.Words;
        int at = -1;
        for (int i = 0; i < w.Count; i++)
        {
            if (w[i] == direction)
            {
                at = i;
                break;
            }
        }

        if (at < 0)
        {
            return null;
        }

        string? thing = null;
        int taken = 0;
        for (int j = at + 1; j < w.Count && taken < 3; j++)
        {
            if (Directions.Contains(w[j]) || w[j] is "and" or "or" or "," or "." or "?" or "!" or ";" or ":")
            {
                break;
            }

            if (IsThing(text, j))
            {
                thing = thing is null ? w[j] : thing + " " + w[j];
                taken++;
            }
        }

        return thing;
    }

    private static Dictionary<string, string> Objects(MeaningText text)
    {
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        IReadOnlyList<string> w = text.Words;
        for (int i = 0; i < w.Count - 1; i++)
        {
            if (!Directions.Contains(w[i]))
            {
                continue;
            }

            for (int j = i + 1; j < Math.Min(w.Count, i + 4); j++)
            {
                if (MeaningText.IsContent(w[j]) && !Directions.Contains(w[j]))
                {
                    objects.TryAdd(w[j], w[i] is "onto" or "into" or "towards" or "toward" ? "to" : w[i]);
                    break;
                }
            }
        }

        return objects;
    }
}
