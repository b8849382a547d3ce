namespace LlmLint.SemanticCache;

/// <summary>Quantifiers and positions: all, some, none, any, both, most, only; first, last, latest, oldest.</summary>
public sealed class ScopeGuard : WordListGuard
{
    /// <summary>Initializes a new instance of the <see cref="ScopeGuard"/> class.</summary>
    public ScopeGuard()
        : base("all every each entire whole everyone everybody everything always|some part several partly partially partial sometimes certain|"
            + "none nobody nothing neither|any either anyone anybody anything|both|most majority mostly|few fewer minority|"
            + "only solely exclusively|first initial earliest|last final latest newest|oldest")
    {
    }

    /// <inheritdoc/>
    public override string Name => "quantifiers and scope";
}
