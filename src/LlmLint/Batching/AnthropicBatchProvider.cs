using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages.Batches;

namespace LlmLint.Batching;

/// <summary>
/// Anthropic's Message Batches API through the Anthropic SDK (<c>client.Messages.Batches</c>): the requests are created
/// as one batch, its <c>processing_status</c> is read until <c>ended</c>, and the results are streamed (<c>succeeded</c>,
/// <c>errored</c>, <c>canceled</c>, <c>expired</c> per request). System messages become the request's <c>system</c>
/// text; a request without an output limit gets <see cref="DefaultMaxTokens"/> (the API requires one). A request with a
/// JSON response format asks for JSON matching its schema in the system text.
/// </summary>
/// <remarks>Needs the <c>Anthropic</c> package in the app (LlmLint compiles against it but does not bring it).</remarks>
public sealed class AnthropicBatchProvider : IBatchProvider
{
    private readonly IAnthropicClient _client;
    private readonly string _defaultModelId;

    /// <summary>Initializes a new instance of the <see cref="AnthropicBatchProvider"/> class.</summary>
    /// <param name="client">The Anthropic client (its base URL and credentials are used).</param>
    /// <param name="defaultModelId">The model of requests that name none.</param>
    /// <param name="defaultMaxTokens">The output limit of requests that set none. Default 1,024.</param>
    public AnthropicBatchProvider(IAnthropicClient client, string defaultModelId, int defaultMaxTokens = 1024)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModelId);
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultMaxTokens, 1);
        _client = client;
        _defaultModelId = defaultModelId;
        DefaultMaxTokens = defaultMaxTokens;
    }

    /// <summary>Gets the output limit of requests that set none.</summary>
    public int DefaultMaxTokens { get; }

    /// <inheritdoc/>
    public string Name => "Anthropic";

    /// <inheritdoc/>
    public int MaxRequestsPerBatch => 100_000;

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(IReadOnlyList<KeyValuePair<string, BatchRequest>> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var list = new List<Request>(requests.Count);
        foreach (KeyValuePair<string, BatchRequest> entry in requests)
        {
            list.Add(Request.FromRawUnchecked(new Dictionary<string, JsonElement>
            {
                ["custom_id"] = JsonSerializer.SerializeToElement(entry.Key),
                ["params"] = Params(entry.Value),
            }));
        }

        MessageBatch batch = await _client.Messages.Batches.Create(new BatchCreateParams { Requests = list }, cancellationToken).ConfigureAwait(false);
        return batch.ID;
    }

    /// <inheritdoc/>
    public async Task<BatchEnd?> TryGetOutcomesAsync(string providerBatchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerBatchId);
        MessageBatch batch = await _client.Messages.Batches.Retrieve(providerBatchId, new BatchRetrieveParams(), cancellationToken).ConfigureAwait(false);
        string status = batch.ProcessingStatus.Raw();
        if (status != "ended")
        {
            return null;
        }

        var outcomes = new List<BatchOutcome>();
        await foreach (MessageBatchIndividualResponse response in _client.Messages.Batches.ResultsStreaming(providerBatchId, new BatchResultsParams(), cancellationToken).ConfigureAwait(false))
        {
            outcomes.Add(Outcome(response.CustomID, response.Result.Json));
        }

        return new BatchEnd(outcomes, "the batch ended without this request's result");
    }

    private JsonElement Params(BatchRequest request)
    {
        var system = new List<string>();
        var messages = new JsonArray();
        foreach (BatchMessage message in request.Messages)
        {
            if (message.Role == "system")
            {
                system.Add(message.Text);
            }
            else
            {
                messages.Add(new JsonObject { ["role"] = message.Role == "assistant" ? "assistant" : "user", ["content"] = message.Text });
            }
        }

        var body = new JsonObject
        {
            ["model"] = request.ModelId ?? _defaultModelId,
            ["max_tokens"] = request.MaxOutputTokens ?? DefaultMaxTokens,
            ["messages"] = messages,
        };
        if (request.JsonSchema is { } schema)
        {
            // The batch params of this SDK version have no structured-output field: the format is asked for in the system prompt.
            system.Add(schema.Length == 0 ? "Reply with a single JSON object only." : "Reply with a single JSON value only, matching this JSON schema:\n" + schema);
        }

        if (system.Count > 0)
        {
            body["system"] = string.Join("\n\n", system);
        }

        if (request.Temperature is { } temperature)
        {
            body["temperature"] = temperature;
        }

        return JsonSerializer.SerializeToElement(body);
    }

    // {"type":"succeeded","message":{…}} | {"type":"errored","error":{"error":{"type","message"}}} | {"type":"canceled"} | {"type":"expired"}
    private static BatchOutcome Outcome(string id, JsonElement result)
    {
        string type = String(result, "type") ?? "unknown";
        if (type != "succeeded" || !result.TryGetProperty("message", out JsonElement message) || message.ValueKind != JsonValueKind.Object)
        {
            string detail = type == "errored" && result.TryGetProperty("error", out JsonElement error)
                ? (error.TryGetProperty("error", out JsonElement inner) ? $"{String(inner, "type")}: {String(inner, "message")}" : error.ToString())
                : $"request {type}";
            return new BatchOutcome(id, null, detail);
        }

        var text = new System.Text.StringBuilder();
        if (message.TryGetProperty("content", out JsonElement content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement block in content.EnumerateArray())
            {
                if (String(block, "type") == "text")
                {
                    text.Append(String(block, "text"));
                }
            }
        }

        long input = 0, output = 0;
        if (message.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            input = usage.TryGetProperty("input_tokens", out JsonElement i) && i.TryGetInt64(out long iv) ? iv : 0;
            output = usage.TryGetProperty("output_tokens", out JsonElement o) && o.TryGetInt64(out long ov) ? ov : 0;
        }

        string? stop = String(message, "stop_reason");
        string? finish = stop switch { "end_turn" or "stop_sequence" => "stop", "max_tokens" => "length", "tool_use" => "tool_calls", _ => stop };
        return new BatchOutcome(id, new BatchResult(text.ToString(), String(message, "model"), input, output, finish).ToJson(), null);
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
