namespace LlmLint;

/// <summary>The answer of an LLM function could not be parsed into its result type or failed validation.</summary>
public sealed class LlmResultValidationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LlmResultValidationException"/> class.</summary>
    /// <param name="functionId">The function identity.</param>
    /// <param name="tier">The tier that gave the answer.</param>
    /// <param name="rawAnswer">The answer text as received.</param>
    /// <param name="reason">Why the answer was rejected.</param>
    public LlmResultValidationException(string functionId, Tier tier, string rawAnswer, string? reason)
        : base($"The answer of '{functionId}' from tier {tier} is not valid: {reason ?? "it could not be parsed"}. Raw answer: {Truncate(rawAnswer)}")
    {
        FunctionId = functionId;
        Tier = tier;
        RawAnswer = rawAnswer;
        Reason = reason;
    }

    /// <summary>Gets the function identity.</summary>
    public string FunctionId { get; }

    /// <summary>Gets the tier that gave the answer.</summary>
    public Tier Tier { get; }

    /// <summary>Gets the answer text as received.</summary>
    public string RawAnswer { get; }

    /// <summary>Gets why the answer was rejected.</summary>
    public string? Reason { get; }

    private static string Truncate(string text) => text is null ? "<null>" : text.Length <= 500 ? text : text.Substring(0, 500) + "…";
}
