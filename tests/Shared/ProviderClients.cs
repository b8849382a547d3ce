using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmLint.Tests.PromptCaching;

/// <summary>The real SDK clients, adapted to <see cref="IChatClient"/>, sending through a <see cref="RecordingHandler"/>.</summary>
internal static class ProviderClients
{
    public const string AnthropicAnswer = """
        {"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-8","content":[{"type":"text","text":"Normal"}],
         "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":3}}
        """;

    public const string OpenAIChatAnswer = """
        {"id":"c1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
         "usage":{"prompt_tokens":20,"completion_tokens":1,"total_tokens":21}}
        """;

    public const string OpenAIResponsesAnswer = """
        {"id":"resp_1","object":"response","created_at":1,"status":"completed","model":"gpt-4o-mini",
         "output":[{"type":"message","id":"m","status":"completed","role":"assistant","content":[{"type":"output_text","text":"ok","annotations":[]}]}],
         "usage":{"input_tokens":10,"input_tokens_details":{"cached_tokens":0},"output_tokens":1,"output_tokens_details":{"reasoning_tokens":0},"total_tokens":11}}
        """;

    public static IChatClient Anthropic(RecordingHandler handler, string model = "claude-opus-4-8") =>
        new AnthropicClient(new ClientOptions { ApiKey = "test", HttpClient = new HttpClient(handler), MaxRetries = 0 }).AsIChatClient(model);

    public static IChatClient OpenAIChat(RecordingHandler handler, string model = "gpt-4o-mini") =>
        Client(handler).GetChatClient(model).AsIChatClient();

#pragma warning disable OPENAI001 // the Responses client is marked for evaluation
    public static IChatClient OpenAIResponses(RecordingHandler handler, string model = "gpt-4o-mini") =>
        Client(handler).GetResponsesClient().AsIChatClient(model);
#pragma warning restore OPENAI001

    private static OpenAIClient Client(RecordingHandler handler) =>
        new(new ApiKeyCredential("test"), new OpenAIClientOptions { Transport = new HttpClientPipelineTransport(new HttpClient(handler)), RetryPolicy = new ClientRetryPolicy(0) });
}
