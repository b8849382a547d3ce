namespace LlmLint;

/// <summary>Caches the answers of a generated LLM function.</summary>
/// <remarks>
/// The exact key is the method identity, a hash of the template, the tier and the normalised argument values, so
/// changing the template invalidates earlier entries. With <see cref="Semantic"/> set, a miss on the exact key also
/// searches for a paraphrase of the method's single free-text argument above <see cref="Threshold"/>.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class CacheAttribute : Attribute
{
    /// <summary>Gets or sets a value indicating whether paraphrases of the free-text argument may hit.</summary>
    public bool Semantic { get; set; }

    /// <summary>Gets or sets the cosine-similarity threshold for a semantic hit (0 to 1); 0 uses the runtime default.</summary>
    public double Threshold { get; set; }

    /// <summary>Gets or sets the time to live as a <see cref="TimeSpan"/> string (<c>"1.00:00:00"</c>); null uses the runtime default.</summary>
    public string? Ttl { get; set; }
}
