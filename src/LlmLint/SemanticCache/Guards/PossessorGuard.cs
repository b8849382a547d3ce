using System.Collections.Frozen;
using System.Collections.Generic;

namespace LlmLint.SemanticCache;

/// <summary>Whose thing is asked about: my orders are not their orders, my records are not my daughter's records.</summary>
public sealed class PossessorGuard : WordClassGuard
{
    private static readonly FrozenDictionary<string, string> Possessors = Groups("my mine|our ours|your yours|his|her hers|their theirs|'s");

    /// <inheritdoc/>
    public override string Name => "possessors";

    /// <inheritdoc/>
    protected override bool IsMember(string word) => Possessors.ContainsKey(word);

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        foreach (string word in text.Words)
        {
            if (Possessors.TryGetValue(word, out string? possessor))
            {
                members.Add(possessor);
            }
        }
    }
}
