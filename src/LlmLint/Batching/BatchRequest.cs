using System.Text.Json;

namespace LlmLint.Batching;

/// <summary>
/// One chat request as a batch API takes it: text messages, the model and the sampling settings that change the answer.
/// It is what the durable queue stores (as JSON), so a request survives a process restart.
/// </summary>
/// <param name="ModelId">The model, or <see langword="null"/> for the provider's default.</param>
/// <param name="Messages">The messages: role and text.</param>
/// <param name="MaxOutputTokens">The output limit, or <see langword="null"/>.</param>
/// <param name="Temperature">The temperature, or <see langword="null"/>.</param>
/// <param name="JsonSchema">For a JSON answer: the schema's JSON text, empty for any JSON object; <see langword="null"/> for text.</param>
/// <param name="JsonSchemaName">The schema's name, or <see langword="null"/>.</param>
public sealed record BatchRequest(string? ModelId, IReadOnlyList<BatchMessage> Messages, int? MaxOutputTokens = null, float? Temperature = null, string? JsonSchema = null, string? JsonSchemaName = null)
{
    /// <summary>Builds a batch request from a chat request.</summary>
    /// <param name="messages">The messages; text only.</param>
    /// <param name="options">The options; tools are refused.</param>
    /// <returns>The request.</returns>
    /// <exception cref="NotSupportedException">A message holds something other than text, or the request carries tools.</exception>
    public static BatchRequest From(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.Tools is { Count: > 0 })
        {
            throw new NotSupportedException("A batched request cannot carry tools: tool calls need a reply within the conversation. Send it through a client without UseBatching().");
        }

        var list = new List<BatchMessage>();
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is not TextContent)
                {
                    throw new NotSupportedException($"A batched request holds text only; a {message.Role} message carries {content.GetType().Name}.");
                }
            }

            list.Add(new BatchMessage(message.Role.Value, message.Text));
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("A batched request needs at least one message.", nameof(messages));
        }

        ChatResponseFormatJson? json = options?.ResponseFormat as ChatResponseFormatJson;
        return new BatchRequest(options?.ModelId, list, options?.MaxOutputTokens, options?.Temperature, json is null ? null : json.Schema?.GetRawText() ?? string.Empty, json?.SchemaName);
    }

    /// <summary>Serializes the request for the queue.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, BatchJson.Default.BatchRequest);

    /// <summary>Reads a request the queue stored.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="FormatException">The text is not a stored request.</exception>
    public static BatchRequest FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonSerializer.Deserialize(json, BatchJson.Default.BatchRequest) ?? throw new FormatException("A stored batch request is empty.");
        }
        catch (JsonException ex)
        {
            throw new FormatException("A stored batch request is not valid JSON: " + ex.Message, ex);
        }
    }
}
