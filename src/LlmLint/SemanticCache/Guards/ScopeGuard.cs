using System.Collections.Frozen;
using System.Collections.Generic;

namespace LlmLint.SemanticCache;

/// <summary>Quantifiers and positions: all, some, none, any, both, most, only; first, last, latest, oldest.</summary>
public sealed class ScopeGuard : WordClassGuard
{
    private static readonly FrozenDictionary<string, string> Quantifiers = Groups(
        "all every each entire whole everyone everybody everything always|some part several partly partially partial sometimes certain|"
        + "none nobody nothing neither|any either anyone anybody anything|both|most majority mostly|few fewer minority|"
        + "only solely exclusively|first initial earliest|last final latest newest|oldest");

    /// <inheritdoc/>
    public override string Name => "quantifiers and scope";

    /// <inheritdoc/>
    protected override bool IsMember(string word) => Quantifiers.ContainsKey(word);

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        foreach (string word in text.Words)
        {
            if (Quantifiers.TryGetValue(word, out string? quantifier))
            {
                members.Add(quantifier);
            }
        }
    }
}
