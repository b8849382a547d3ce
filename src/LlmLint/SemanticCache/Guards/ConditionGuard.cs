namespace LlmLint.SemanticCache;

/// <summary>
/// Conditions: "if" is not "unless", "only if" is not "even if". "Should I retry the request if it times out?" asks the
/// opposite of "Should I retry the request unless it times out?".
/// </summary>
public sealed class ConditionGuard : WordClassGuard
{
    /// <inheritdoc/>
    public override string Name => "conditions";

    /// <inheritdoc/>
    protected override bool IsMember(string word) => word is "if" or "unless" or "even" or "only" or "provided" or "except";

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(members);
        IReadOnlyList<string> w = text.Words;
        for (int i = 0; i < w.Count; i++)
        {
            string previous = i > 0 ? w[i - 1] : string.Empty;
            if (w[i] == "if")
            {
                members.Add(previous is "even" ? "even if" : previous is "only" ? "only if" : "if");
            }
            else if (w[i] is "unless" || (w[i] == "except" && i + 1 < w.Count && w[i + 1] is "when" or "if"))
            {
                members.Add("unless");
            }
        }
    }
}
