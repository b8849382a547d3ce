using System.ClientModel;
using System.ClientModel.Primitives;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using OpenAI;
using OpenAI.Batch;
using OpenAI.Files;

// The SDK marks its batch client experimental (OPENAI001); the batch endpoints themselves are generally available.
#pragma warning disable OPENAI001

namespace LlmLint.Batching;

/// <summary>
/// OpenAI's Batch API through the OpenAI SDK: the requests are uploaded as a JSONL file (purpose <c>batch</c>), a batch
/// on <c>/v1/chat/completions</c> with a 24-hour window is created, its status is read with <see cref="BatchClient"/>,
/// and the output and error files are downloaded when it ends (<c>completed</c>, <c>expired</c>, <c>cancelled</c> or
/// <c>failed</c>). An expired batch still returns the requests that ran; the others fail with the batch's status. A
/// request with a JSON response format is sent with <c>response_format</c> (<c>json_schema</c> with its schema, or
/// <c>json_object</c>).
/// </summary>
/// <remarks>Needs the <c>OpenAI</c> package in the app (LlmLint compiles against it but does not bring it).</remarks>
public sealed class OpenAIBatchProvider : IBatchProvider
{
    private const string Endpoint = "/v1/chat/completions";
    private readonly BatchClient _batches;
    private readonly OpenAIFileClient _files;
    private readonly string _defaultModelId;

    /// <summary>Initializes a new instance of the <see cref="OpenAIBatchProvider"/> class.</summary>
    /// <param name="client">The OpenAI client (its endpoint and credentials are used).</param>
    /// <param name="defaultModelId">The model of requests that name none.</param>
    public OpenAIBatchProvider(OpenAIClient client, string defaultModelId)
        : this((client ?? throw new ArgumentNullException(nameof(client))).GetBatchClient(), client.GetOpenAIFileClient(), defaultModelId)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OpenAIBatchProvider"/> class.</summary>
    /// <param name="batches">The batch client.</param>
    /// <param name="files">The file client of the same account.</param>
    /// <param name="defaultModelId">The model of requests that name none.</param>
    public OpenAIBatchProvider(BatchClient batches, OpenAIFileClient files, string defaultModelId)
    {
        ArgumentNullException.ThrowIfNull(batches);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModelId);
        _batches = batches;
        _files = files;
        _defaultModelId = defaultModelId;
    }

    /// <inheritdoc/>
    public string Name => "OpenAI";

    /// <inheritdoc/>
    public int MaxRequestsPerBatch => 50_000;

    /// <inheritdoc/>
    public async Task<string> SubmitAsync(IReadOnlyList<KeyValuePair<string, BatchRequest>> requests, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(requests);
        BinaryData jsonl = Lines(requests);
        ClientResult<OpenAIFile> file = await _files.UploadFileAsync(jsonl, $"llmlint-batch-{Guid.NewGuid():N}.jsonl", FileUploadPurpose.Batch).ConfigureAwait(false);
        string body = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["input_file_id"] = file.Value.Id,
            ["endpoint"] = Endpoint,
            ["completion_window"] = "24h",
        });
        CreateBatchOperation operation = await _batches.CreateBatchAsync(BinaryContent.Create(BinaryData.FromString(body)), waitUntilCompleted: false, Options(cancellationToken)).ConfigureAwait(false);
        return operation.BatchId;
    }

    /// <inheritdoc/>
    public async Task<BatchEnd?> TryGetOutcomesAsync(string providerBatchId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(providerBatchId);
        ClientResult result = await _batches.GetBatchAsync(providerBatchId, Options(cancellationToken)).ConfigureAwait(false);
        using JsonDocument batch = JsonDocument.Parse(result.GetRawResponse().Content);
        JsonElement root = batch.RootElement;
        string status = String(root, "status") ?? "unknown";
        if (status is "validating" or "in_progress" or "finalizing" or "cancelling")
        {
            return null;
        }

        var outcomes = new List<BatchOutcome>();
        foreach (string fileProperty in new[] { "output_file_id", "error_file_id" })
        {
            if (String(root, fileProperty) is { Length: > 0 } fileId)
            {
                ClientResult<BinaryData> content = await _files.DownloadFileAsync(fileId, cancellationToken).ConfigureAwait(false);
                ReadOutcomes(content.Value, outcomes);
            }
        }

        string reason = status == "failed" && root.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Object
            && errors.TryGetProperty("data", out JsonElement data) && data.ValueKind == JsonValueKind.Array && data.GetArrayLength() > 0
            ? $"batch failed: {String(data[0], "message") ?? String(data[0], "code")}"
            : $"batch status '{status}'";
        return new BatchEnd(outcomes, reason);
    }

    private static RequestOptions Options(CancellationToken cancellationToken) => new() { CancellationToken = cancellationToken };

    private BinaryData Lines(IReadOnlyList<KeyValuePair<string, BatchRequest>> requests)
    {
        using var stream = new MemoryStream();
        foreach (KeyValuePair<string, BatchRequest> entry in requests)
        {
            using (var writer = new Utf8JsonWriter(stream))
            {
                writer.WriteStartObject();
                writer.WriteString("custom_id", entry.Key);
                writer.WriteString("method", "POST");
                writer.WriteString("url", Endpoint);
                writer.WriteStartObject("body");
                writer.WriteString("model", entry.Value.ModelId ?? _defaultModelId);
                writer.WriteStartArray("messages");
                foreach (BatchMessage message in entry.Value.Messages)
                {
                    writer.WriteStartObject();
                    writer.WriteString("role", message.Role);
                    writer.WriteString("content", message.Text);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (entry.Value.MaxOutputTokens is { } max)
                {
                    writer.WriteNumber("max_completion_tokens", max);
                }

                if (entry.Value.Temperature is { } temperature)
                {
                    writer.WriteNumber("temperature", temperature);
                }

                if (entry.Value.JsonSchema is { } schema)
                {
                    WriteResponseFormat(writer, schema, entry.Value.JsonSchemaName);
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            stream.WriteByte((byte)'\n');
        }

        return BinaryData.FromBytes(stream.ToArray());
    }

    // JSON mode for an empty schema, else structured outputs with the request's schema.
    private static void WriteResponseFormat(Utf8JsonWriter writer, string schema, string? name)
    {
        writer.WriteStartObject("response_format");
        if (schema.Length == 0)
        {
            writer.WriteString("type", "json_object");
        }
        else
        {
            writer.WriteString("type", "json_schema");
            writer.WriteStartObject("json_schema");
            writer.WriteString("name", name ?? "result");
            writer.WritePropertyName("schema");
            using (JsonDocument parsed = JsonDocument.Parse(schema))
            {
                parsed.RootElement.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    // One JSON object per line: {"custom_id", "response": {"status_code", "body"}, "error": {"code", "message"}}.
    private static void ReadOutcomes(BinaryData content, List<BatchOutcome> outcomes)
    {
        using var reader = new StringReader(content.ToString());
        while (reader.ReadLine() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (String(root, "custom_id") is not { Length: > 0 } id)
            {
                continue;
            }

            outcomes.Add(Outcome(id, root));
        }
    }

    private static BatchOutcome Outcome(string id, JsonElement line)
    {
        if (line.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
        {
            return new BatchOutcome(id, null, $"{String(error, "code")}: {String(error, "message")}");
        }

        if (!line.TryGetProperty("response", out JsonElement response) || response.ValueKind != JsonValueKind.Object
            || !response.TryGetProperty("body", out JsonElement body) || body.ValueKind != JsonValueKind.Object)
        {
            return new BatchOutcome(id, null, "the batch output line holds neither a response nor an error");
        }

        int statusCode = response.TryGetProperty("status_code", out JsonElement code) && code.TryGetInt32(out int c) ? c : 200;
        if (statusCode >= 400 || (body.TryGetProperty("error", out JsonElement bodyError) && bodyError.ValueKind == JsonValueKind.Object))
        {
            string message = body.TryGetProperty("error", out JsonElement e) && e.ValueKind == JsonValueKind.Object ? String(e, "message") ?? e.ToString() : body.ToString();
            return new BatchOutcome(id, null, $"HTTP {statusCode}: {message}");
        }

        if (!body.TryGetProperty("choices", out JsonElement choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            return new BatchOutcome(id, null, "the response holds no choice");
        }

        JsonElement choice = choices[0];
        string text = choice.TryGetProperty("message", out JsonElement message0) ? String(message0, "content") ?? string.Empty : string.Empty;
        long input = 0, output = 0;
        if (body.TryGetProperty("usage", out JsonElement usage) && usage.ValueKind == JsonValueKind.Object)
        {
            input = usage.TryGetProperty("prompt_tokens", out JsonElement p) && p.TryGetInt64(out long pi) ? pi : 0;
            output = usage.TryGetProperty("completion_tokens", out JsonElement o) && o.TryGetInt64(out long oi) ? oi : 0;
        }

        var result = new BatchResult(text, String(body, "model"), input, output, String(choice, "finish_reason"));
        return new BatchOutcome(id, result.ToJson(), null);
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
