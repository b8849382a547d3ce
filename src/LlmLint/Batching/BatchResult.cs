using System.Text.Json;

namespace LlmLint.Batching;

/// <summary>The answer a batch API returned for one request.</summary>
/// <param name="Text">The answer text.</param>
/// <param name="ModelId">The model that answered.</param>
/// <param name="InputTokens">The input tokens billed.</param>
/// <param name="OutputTokens">The output tokens billed.</param>
/// <param name="FinishReason">The finish reason the provider reported (<c>stop</c>, <c>length</c>, …), or <see langword="null"/>.</param>
public sealed record BatchResult(string Text, string? ModelId, long InputTokens, long OutputTokens, string? FinishReason)
{
    /// <summary>Builds the chat response a caller receives: the answer, its usage, and the <see cref="LlmLintPropertyKeys.Batch"/> mark metering prices at the batch rate.</summary>
    /// <returns>The response.</returns>
    public ChatResponse ToChatResponse() =>
        new(new ChatMessage(ChatRole.Assistant, Text))
        {
            ModelId = ModelId,
            FinishReason = FinishReason is { Length: > 0 } reason ? new ChatFinishReason(reason) : null,
            Usage = new UsageDetails { InputTokenCount = InputTokens, OutputTokenCount = OutputTokens, TotalTokenCount = InputTokens + OutputTokens },
            AdditionalProperties = new AdditionalPropertiesDictionary { [LlmLintPropertyKeys.Batch] = true },
        };

    /// <summary>Serializes the result for the queue.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, BatchJson.Default.BatchResult);

    /// <summary>Reads a result the queue stored.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The result, or <see langword="null"/> when the text is not one.</returns>
    public static BatchResult? FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, BatchJson.Default.BatchResult);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
