namespace LlmLint.Distillation;

/// <summary>How a local answer shows on a <see cref="ChatResponse"/>.</summary>
public static class DistillationResponses
{
    /// <summary>Response: the <see cref="LocalAnswer"/> when the student answered.</summary>
    public const string LocalAnswerKey = "llmlint.distill.local";

    /// <summary>The model id of a local answer.</summary>
    public const string StudentModelId = "llmlint-student";

    /// <summary>Gets the local answer a response carries.</summary>
    /// <param name="response">The response.</param>
    /// <returns>The local answer, or <see langword="null"/> when the teacher answered.</returns>
    public static LocalAnswer? GetLocalAnswer(this ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.AdditionalProperties?.TryGetValue(LocalAnswerKey, out object? value) == true ? value as LocalAnswer : null;
    }

    /// <summary>Gets a value indicating whether a cache served the response (an exact hit, or a semantic hit for another wording): it is not a new teacher answer to capture.</summary>
    internal static bool IsFromCache(ChatResponse response) =>
        response.IsCacheHit() || response.AdditionalProperties?.ContainsKey(SemanticCache.SemanticCacheOptions.SimilarityProperty) == true;

    /// <summary>The response of a local answer: its label, cost 0, accepted, already metered (no token usage to price).</summary>
    internal static ChatResponse Local(LocalAnswer answer) => new(new ChatMessage(ChatRole.Assistant, answer.Label))
    {
        ModelId = StudentModelId,
        FinishReason = ChatFinishReason.Stop,
        AdditionalProperties = new AdditionalPropertiesDictionary
        {
            [LocalAnswerKey] = answer,
            [LlmLintPropertyKeys.CostUsd] = answer.CostUsd,
            [LlmLintPropertyKeys.Accepted] = true,
            [LlmLintPropertyKeys.Metered] = true,
        },
    };
}
