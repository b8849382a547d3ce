using System;
using System.Collections.Frozen;
using System.Collections.Generic;

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
