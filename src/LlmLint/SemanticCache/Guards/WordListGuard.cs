using System.Collections.Frozen;

namespace LlmLint.SemanticCache;

/// <summary>A <see cref="WordClassGuard"/> whose class is a fixed list of word groups, each word mapped to its group's first word.</summary>
public abstract class WordListGuard : WordClassGuard
{
    private readonly FrozenDictionary<string, string> _members;

    /// <summary>Initializes a new instance of the <see cref="WordListGuard"/> class.</summary>
    /// <param name="groups">The groups, separated by '|', each a space-separated list whose first word is the normal form.</param>
    protected WordListGuard(string groups) => _members = Groups(groups ?? throw new ArgumentNullException(nameof(groups)));

    /// <inheritdoc/>
    protected override bool IsMember(string word) => _members.ContainsKey(word);

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(members);
        foreach (string word in text.Words)
        {
            if (_members.TryGetValue(word, out string? member))
            {
                members.Add(member);
            }
        }
    }
}
