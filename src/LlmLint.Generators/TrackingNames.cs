namespace LlmLint.Generators;

/// <summary>The tracking names of the generator's incremental steps, asserted by the caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>The attributed methods parsed into a model or a fallback body (null for methods neither can serve).</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid models only.</summary>
    public const string Functions = nameof(Functions);

    /// <summary>The fallback bodies of methods with an LLM9xxx error.</summary>
    public const string Fallbacks = nameof(Fallbacks);
}
