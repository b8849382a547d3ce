using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using LlmLint.PromptCaching;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using SupportTriage;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace LlmLint.Tests.PromptCaching;

/// <summary>The request body the OpenAI SDK sends through Microsoft.Extensions.AI.OpenAI and <c>UsePromptCaching()</c>.</summary>
public class OpenAIPromptCachingTests
{
    private const string Ticket = "Cannot log in: every login returns error 500.";

    private static (IChatClient Client, RecordingHandler Handler) Chat()
    {
        var handler = new RecordingHandler(_ => ProviderClients.OpenAIChatAnswer);
        return (new ChatClientBuilder(ProviderClients.OpenAIChat(handler)).UsePromptCaching().Build(), handler);
    }

    [Fact]
    public async Task ChatCompletions_LongStaticPrefix_SetsAPromptCacheKeyNamingIt()
    {
        (IChatClient client, RecordingHandler handler) = Chat();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]);
        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, "Another ticket")]);
        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text + " Be brief."), new ChatMessage(ChatRole.User, Ticket)]);

        string?[] keys = [.. handler.All.Select(b => (string?)b["prompt_cache_key"])];
        Assert.StartsWith("llmlint-", keys[0]);
        Assert.Equal(keys[0], keys[1]);       // same static prefix, same key
        Assert.NotEqual(keys[0], keys[2]);    // another prefix, another key
        JsonArray messages = handler.Last["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => (string?)m!["role"]));
    }

    [Fact]
    public async Task ShortPrompt_BelowTheMinimum_HasNoKey()
    {
        (IChatClient client, RecordingHandler handler) = Chat();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, Ticket)]);

        Assert.Null(handler.Last["prompt_cache_key"]);
    }

    [Fact]
    public async Task KeyOnTheRequest_IsSent_EvenForAShortPrompt()
    {
        (IChatClient client, RecordingHandler handler) = Chat();
        var options = new ChatOptions().WithPromptCacheKey("triage-v3");

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, Ticket)], options);

        Assert.Equal("triage-v3", (string?)handler.Last["prompt_cache_key"]);
        Assert.Null(options.RawRepresentationFactory);
    }

    [Fact]
    public async Task CallersRawRepresentation_IsKept_AndItsOwnKeyWins()
    {
        (IChatClient client, RecordingHandler handler) = Chat();
        var options = new ChatOptions { RawRepresentationFactory = _ => new ChatCompletionOptions { EndUserId = "user-7" } };

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)], options);

        Assert.Equal("user-7", (string?)handler.Last["user"]);
        Assert.StartsWith("llmlint-", (string?)handler.Last["prompt_cache_key"]);

#pragma warning disable SCME0001
        var own = new ChatCompletionOptions();
        own.Patch.Set("$.prompt_cache_key"u8, "mine");
#pragma warning restore SCME0001
        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)], new ChatOptions { RawRepresentationFactory = _ => own });
        Assert.Equal("mine", (string?)handler.Last["prompt_cache_key"]);
    }

    [Fact]
    public async Task Responses_SetsPromptCacheKey()
    {
        var handler = new RecordingHandler(_ => ProviderClients.OpenAIResponsesAnswer);
        IChatClient client = new ChatClientBuilder(ProviderClients.OpenAIResponses(handler)).UsePromptCaching().Build();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]);

        Assert.StartsWith("llmlint-", (string?)handler.Last["prompt_cache_key"]);
    }

    [Fact]
    public async Task StaticSystemFirst_DynamicSystemAfter_UserMessagesNeverMoved()
    {
        (IChatClient client, RecordingHandler handler) = Chat();
        ChatMessage[] messages =
        [
            new ChatMessage(ChatRole.System, "Customer: Fabrikam, Premier plan.").MarkPromptDynamic(),
            new(ChatRole.System, SupportPolicy.Text),
            new(ChatRole.User, "First question"),
            new(ChatRole.Assistant, "First answer"),
            new(ChatRole.User, Ticket),
        ];

        await client.GetResponseAsync(messages);

        JsonArray wire = handler.Last["messages"]!.AsArray();
        Assert.Equal(
            ["system:" + SupportPolicy.Text, "system:Customer: Fabrikam, Premier plan.", "user:First question", "assistant:First answer", "user:" + Ticket],
            wire.Select(m => (string?)m!["role"] + ":" + Text(m["content"]!)));
        Assert.Equal("Customer: Fabrikam, Premier plan.", messages[0].Text); // the caller's list keeps its order
    }

    [Fact]
    public async Task AnOpenAIProviderThatIsNotTheSdkAdapter_PassesThrough()
    {
        ChatOptions? seen = null;
        var inner = new FakeChatClient
        {
            GetServiceCallback = (type, _) => type == typeof(ChatClientMetadata) ? new ChatClientMetadata("openai", null, "gpt-4o-mini") : null,
            GetResponseAsyncCallback = (_, o, _) =>
            {
                seen = o;
                return Task.FromResult(FakeChatClient.Response("x"));
            },
        };
        using var client = new PromptCachingChatClient(inner);
        var options = new ChatOptions();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)], options);

        Assert.Same(options, seen);
        Assert.Equal(0, client.PreparedRequests);
    }

    [Fact]
    public void MarkPromptDynamic_RejectsNonSystemMessages()
    {
        var e = Assert.Throws<System.ArgumentException>("message", () => new ChatMessage(ChatRole.User, "x").MarkPromptDynamic());
        Assert.Contains("user", e.Message);
    }

    private static string? Text(JsonNode content) =>
        content is JsonValue v ? (string?)v : (string?)content.AsArray()[0]!["text"];
}
