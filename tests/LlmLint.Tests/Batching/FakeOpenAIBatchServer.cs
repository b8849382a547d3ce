using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace LlmLint.Tests.Batching;

/// <summary>
/// A loopback HTTP server that answers as OpenAI's files and batches endpoints do (<c>POST /v1/files</c>,
/// <c>POST /v1/batches</c>, <c>GET /v1/batches/{id}</c>, <c>GET /v1/files/{id}/content</c>), so the real OpenAI SDK
/// clients can be pointed at it. A batch stays <c>in_progress</c> for <see cref="StatusChecksBeforeEnd"/> checks, then
/// answers each line "answer to: {last user message}" (10 input and 5 output tokens), fails the lines whose question
/// is in <see cref="FailingQuestions"/>, and, with <see cref="Expire"/>, runs only the first half of the lines and ends
/// <c>expired</c> with the rest in the error file.
/// </summary>
internal sealed class FakeOpenAIBatchServer : LoopbackHttpServer
{
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeBatch> _batches = new(StringComparer.Ordinal);
    private int _ids;
    private int _statusChecks;

    /// <summary>Gets the base address to give the SDK (<c>OpenAIClientOptions.Endpoint</c>).</summary>
    public Uri Endpoint => new(BaseAddress, "/v1");

    /// <summary>Gets or sets how many status checks a batch stays in progress.</summary>
    public int StatusChecksBeforeEnd { get; set; } = 1;

    /// <summary>Gets the questions (last user messages) whose lines fail with a per-request error.</summary>
    public ConcurrentDictionary<string, bool> FailingQuestions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets a value indicating whether batches expire with half their lines run.</summary>
    public bool Expire { get; set; }

    /// <summary>Gets the batches created, in order, with the custom ids of their lines.</summary>
    public ConcurrentQueue<(string BatchId, IReadOnlyList<string> CustomIds)> Created { get; } = new();

    /// <summary>Gets the request body of every line received, in order.</summary>
    public ConcurrentQueue<JsonNode> ReceivedBodies { get; } = new();

    /// <summary>Gets the number of status checks served.</summary>
    public int StatusChecks => Volatile.Read(ref _statusChecks);

    /// <summary>Makes every running batch end at its next status check.</summary>
    public void EndRunningBatches()
    {
        foreach (FakeBatch batch in _batches.Values)
        {
            lock (batch)
            {
                batch.ChecksLeft = 1;
            }
        }
    }

    protected override void Handle(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath;
        string method = context.Request.HttpMethod;
        if (method == "POST" && path == "/v1/files")
        {
            Reply(context, 200, UploadFile(context.Request));
        }
        else if (method == "POST" && path == "/v1/batches")
        {
            Reply(context, 200, CreateBatch(context.Request));
        }
        else if (method == "GET" && path.StartsWith("/v1/batches/", StringComparison.Ordinal))
        {
            Reply(context, 200, CheckBatch(path["/v1/batches/".Length..]));
        }
        else if (method == "GET" && path.StartsWith("/v1/files/", StringComparison.Ordinal) && path.EndsWith("/content", StringComparison.Ordinal))
        {
            string id = path["/v1/files/".Length..^"/content".Length];
            Reply(context, 200, _files[id], "application/octet-stream");
        }
        else
        {
            NotFound(context);
        }
    }

    private byte[] UploadFile(HttpListenerRequest request)
    {
        // multipart/form-data: the part with a filename holds the JSONL.
        string boundary = "--" + request.ContentType!.Split("boundary=")[1].Trim('"');
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        string body = reader.ReadToEnd();
        string? content = null;
        foreach (string part in body.Split(boundary))
        {
            int headerEnd = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd > 0 && part[..headerEnd].Contains("filename", StringComparison.Ordinal))
            {
                content = part[(headerEnd + 4)..];
                content = content.EndsWith("\r\n", StringComparison.Ordinal) ? content[..^2] : content;
            }
        }

        string id = "file-" + Interlocked.Increment(ref _ids);
        byte[] bytes = Encoding.UTF8.GetBytes(content ?? throw new InvalidDataException("The upload holds no file part."));
        _files[id] = bytes;
        return Json(new JsonObject
        {
            ["id"] = id,
            ["object"] = "file",
            ["bytes"] = bytes.Length,
            ["created_at"] = 1_700_000_000,
            ["filename"] = "batch.jsonl",
            ["purpose"] = "batch",
            ["status"] = "processed",
        });
    }

    private byte[] CreateBatch(HttpListenerRequest request)
    {
        JsonNode body = JsonNode.Parse(request.InputStream)!;
        string inputFile = (string)body["input_file_id"]!;
        string id = "batch_" + Interlocked.Increment(ref _ids);
        var lines = new List<JsonNode>();
        var customIds = new List<string>();
        foreach (string line in Encoding.UTF8.GetString(_files[inputFile]).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            JsonNode node = JsonNode.Parse(line)!;
            lines.Add(node);
            customIds.Add((string)node["custom_id"]!);
            ReceivedBodies.Enqueue(node["body"]!.DeepClone());
        }

        var batch = new FakeBatch(id, inputFile, lines, StatusChecksBeforeEnd);
        _batches[id] = batch;
        Created.Enqueue((id, customIds));
        return Json(batch.ToJson("validating"));
    }

    private byte[] CheckBatch(string id)
    {
        Interlocked.Increment(ref _statusChecks);
        FakeBatch batch = _batches[id];
        lock (batch)
        {
            if (batch.Status is null && --batch.ChecksLeft > 0)
            {
                return Json(batch.ToJson("in_progress"));
            }

            batch.Status ??= End(batch);
            return Json(batch.ToJson(batch.Status));
        }
    }

    private string End(FakeBatch batch)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        int run = Expire ? batch.Lines.Count / 2 : batch.Lines.Count;
        for (int i = 0; i < batch.Lines.Count; i++)
        {
            JsonNode line = batch.Lines[i];
            string customId = (string)line["custom_id"]!;
            if (i >= run)
            {
                errors.AppendLine(new JsonObject { ["id"] = "r" + i, ["custom_id"] = customId, ["response"] = null, ["error"] = new JsonObject { ["code"] = "batch_expired", ["message"] = "This request could not be executed before the completion window expired." } }.ToJsonString());
                continue;
            }

            JsonArray messages = line["body"]!["messages"]!.AsArray();
            string question = (string)messages[messages.Count - 1]!["content"]!;
            if (FailingQuestions.ContainsKey(question))
            {
                errors.AppendLine(new JsonObject
                {
                    ["id"] = "r" + i,
                    ["custom_id"] = customId,
                    ["response"] = new JsonObject { ["status_code"] = 400, ["body"] = new JsonObject { ["error"] = new JsonObject { ["message"] = "Invalid 'messages': content too long.", ["type"] = "invalid_request_error" } } },
                    ["error"] = null,
                }.ToJsonString());
                continue;
            }

            output.AppendLine(new JsonObject
            {
                ["id"] = "r" + i,
                ["custom_id"] = customId,
                ["response"] = new JsonObject
                {
                    ["status_code"] = 200,
                    ["request_id"] = "req_" + i,
                    ["body"] = new JsonObject
                    {
                        ["id"] = "chatcmpl-" + i,
                        ["object"] = "chat.completion",
                        ["model"] = (string)line["body"]!["model"]!,
                        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = "answer to: " + question }, ["finish_reason"] = "stop" }),
                        ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 5, ["total_tokens"] = 15 },
                    },
                },
                ["error"] = null,
            }.ToJsonString());
        }

        batch.OutputFile = output.Length > 0 ? AddFile(output.ToString()) : null;
        batch.ErrorFile = errors.Length > 0 ? AddFile(errors.ToString()) : null;
        return Expire ? "expired" : "completed";
    }

    private string AddFile(string text)
    {
        string id = "file-" + Interlocked.Increment(ref _ids);
        _files[id] = Encoding.UTF8.GetBytes(text);
        return id;
    }

    private static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    private sealed class FakeBatch(string id, string inputFile, List<JsonNode> lines, int checks)
    {
        public List<JsonNode> Lines { get; } = lines;

        public int ChecksLeft { get; set; } = checks;

        public string? Status { get; set; }

        public string? OutputFile { get; set; }

        public string? ErrorFile { get; set; }

        public JsonObject ToJson(string status) => new()
        {
            ["id"] = id,
            ["object"] = "batch",
            ["endpoint"] = "/v1/chat/completions",
            ["input_file_id"] = inputFile,
            ["completion_window"] = "24h",
            ["status"] = status,
            ["output_file_id"] = OutputFile,
            ["error_file_id"] = ErrorFile,
            ["created_at"] = 1_700_000_000,
            ["request_counts"] = new JsonObject { ["total"] = Lines.Count, ["completed"] = 0, ["failed"] = 0 },
        };
    }
}
