namespace LlmLint;

/// <summary>
/// Answers a generated LLM function with the first tier whose answer passes validation, trying the tiers in order
/// (FrugalGPT-style cascade): a cheap tier first, a stronger one only when the cheap answer fails.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CascadeAttribute : Attribute
{
    /// <summary>Initializes a new instance of the <see cref="CascadeAttribute"/> class.</summary>
    /// <param name="tiers">The tiers to try, cheapest first.</param>
    public CascadeAttribute(params Tier[] tiers) => Tiers = tiers ?? Array.Empty<Tier>();

    /// <summary>Gets the tiers to try, cheapest first.</summary>
    public Tier[] Tiers { get; }
}
