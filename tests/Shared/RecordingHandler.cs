using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Tests.PromptCaching;

/// <summary>Records the JSON body of every request an SDK client sends and answers with a canned provider response; no network.</summary>
internal sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Func<JsonObject, string> _respond;
    private readonly string _mediaType;

    public RecordingHandler(Func<JsonObject, string> respond, string mediaType = "application/json")
    {
        _respond = respond;
        _mediaType = mediaType;
    }

    public ConcurrentQueue<JsonObject> Bodies { get; } = new();

    public List<JsonObject> All => [.. Bodies];

    public JsonObject Last => All[^1];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string text = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken);
        JsonObject body = JsonNode.Parse(text)!.AsObject();
        Bodies.Enqueue(body);
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(_respond(body), Encoding.UTF8, _mediaType) };
    }
}
