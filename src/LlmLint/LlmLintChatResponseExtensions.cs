namespace LlmLint;

/// <summary>Reads the response properties LlmLint's stages write (<see cref="LlmLintPropertyKeys"/>) from a <see cref="ChatResponse"/>.</summary>
public static class LlmLintChatResponseExtensions
{
    /// <summary>Gets the cascade decisions recorded on a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The decisions, or an empty list.</returns>
    public static IReadOnlyList<Cascade.CascadeDecision> GetCascadeDecisions(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CascadeDecisions, out object? v) == true && v is IReadOnlyList<Cascade.CascadeDecision> list
            ? list
            : Array.Empty<Cascade.CascadeDecision>();
    }

    /// <summary>Gets a value indicating whether the exact cache served a response.</summary>
    /// <param name="response">The response.</param>
    /// <returns><see langword="true"/> for a cache hit.</returns>
    public static bool IsCacheHit(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.CacheHit, out object? v) == true && v is true;
    }
}
