using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;

namespace LlmLint.Tests.Batching;

/// <summary>
/// A loopback HTTP server that answers as Anthropic's Message Batches endpoints do (<c>POST /v1/messages/batches</c>,
/// <c>GET /v1/messages/batches/{id}</c>, <c>GET /v1/messages/batches/{id}/results</c> as JSONL), so the real Anthropic SDK
/// client can be pointed at it. A batch is <c>in_progress</c> for one status check, then <c>ended</c>: each request is
/// answered "answer to: {last user message}" (10 input and 5 output tokens), or errored when its question is in
/// <see cref="FailingQuestions"/>.
/// </summary>
internal sealed class FakeAnthropicBatchServer : LoopbackHttpServer
{
    private readonly ConcurrentDictionary<string, (JsonArray Requests, int ChecksLeft)> _batches = new(StringComparer.Ordinal);
    private int _ids;

    /// <summary>Gets the questions whose requests fail.</summary>
    public ConcurrentDictionary<string, bool> FailingQuestions { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets the <c>params</c> of every request received, in order.</summary>
    public ConcurrentQueue<JsonNode> ReceivedParams { get; } = new();

    protected override void Handle(HttpListenerContext context)
    {
        string path = context.Request.Url!.AbsolutePath;
        const string Prefix = "/v1/messages/batches";
        if (context.Request.HttpMethod == "POST" && path == Prefix)
        {
            JsonArray requests = JsonNode.Parse(context.Request.InputStream)!["requests"]!.AsArray();
            foreach (JsonNode? request in requests)
            {
                ReceivedParams.Enqueue(request!["params"]!.DeepClone());
            }

            string id = "msgbatch_" + Interlocked.Increment(ref _ids);
            _batches[id] = ((JsonArray)requests.DeepClone(), 1);
            Reply(context, 200, Encoding.UTF8.GetBytes(Batch(id, requests.Count, ended: false).ToJsonString()));
        }
        else if (context.Request.HttpMethod == "GET" && path.StartsWith(Prefix + "/", StringComparison.Ordinal) && path.EndsWith("/results", StringComparison.Ordinal))
        {
            string id = path[(Prefix.Length + 1)..^"/results".Length];
            Reply(context, 200, Encoding.UTF8.GetBytes(Results(_batches[id].Requests)), "application/x-jsonl");
        }
        else if (context.Request.HttpMethod == "GET" && path.StartsWith(Prefix + "/", StringComparison.Ordinal))
        {
            string id = path[(Prefix.Length + 1)..];
            (JsonArray requests, int checksLeft) = _batches[id];
            _batches[id] = (requests, checksLeft - 1);
            Reply(context, 200, Encoding.UTF8.GetBytes(Batch(id, requests.Count, ended: checksLeft <= 0).ToJsonString()));
        }
        else
        {
            NotFound(context);
        }
    }

    private JsonObject Batch(string id, int count, bool ended) => new()
    {
        ["id"] = id,
        ["type"] = "message_batch",
        ["processing_status"] = ended ? "ended" : "in_progress",
        ["request_counts"] = new JsonObject { ["processing"] = ended ? 0 : count, ["succeeded"] = ended ? count : 0, ["errored"] = 0, ["canceled"] = 0, ["expired"] = 0 },
        ["ended_at"] = ended ? "2026-12-05T01:00:00Z" : null,
        ["created_at"] = "2026-12-05T00:00:00Z",
        ["expires_at"] = "2026-12-06T00:00:00Z",
        ["archived_at"] = null,
        ["cancel_initiated_at"] = null,
        ["results_url"] = ended ? new Uri(BaseAddress, $"/v1/messages/batches/{id}/results").ToString() : null,
    };

    private string Results(JsonArray requests)
    {
        var lines = new StringBuilder();
        foreach (JsonNode? request in requests)
        {
            JsonArray messages = request!["params"]!["messages"]!.AsArray();
            string question = (string)messages[messages.Count - 1]!["content"]!;
            JsonObject result = FailingQuestions.ContainsKey(question)
                ? new JsonObject { ["type"] = "errored", ["error"] = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "invalid_request_error", ["message"] = "max_tokens: too large for this model" } } }
                : new JsonObject
                {
                    ["type"] = "succeeded",
                    ["message"] = new JsonObject
                    {
                        ["id"] = "msg_" + Interlocked.Increment(ref _ids),
                        ["type"] = "message",
                        ["role"] = "assistant",
                        ["model"] = (string)request["params"]!["model"]!,
                        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "answer to: " + question }),
                        ["stop_reason"] = "end_turn",
                        ["stop_sequence"] = null,
                        ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 },
                    },
                };
            lines.Append(new JsonObject { ["custom_id"] = (string)request["custom_id"]!, ["result"] = result }.ToJsonString()).Append('\n');
        }

        return lines.ToString();
    }
}
