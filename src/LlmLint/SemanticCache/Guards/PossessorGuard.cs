namespace LlmLint.SemanticCache;

/// <summary>Whose thing is asked about: my orders are not their orders, my records are not my daughter's records.</summary>
public sealed class PossessorGuard : WordListGuard
{
    /// <summary>Initializes a new instance of the <see cref="PossessorGuard"/> class.</summary>
    public PossessorGuard()
        : base("my mine|our ours|your yours|his|her hers|their theirs|'s")
    {
    }

    /// <inheritdoc/>
    public override string Name => "possessors";
}
