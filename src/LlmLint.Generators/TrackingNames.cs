namespace LlmLint.Generators;

/// <summary>The tracking names of the generator's incremental steps, asserted by the caching tests.</summary>
internal static class TrackingNames
{
    /// <summary>The attributed methods parsed into models (null for methods the companion analyzer reports).</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid models only.</summary>
    public const string Functions = nameof(Functions);
}
