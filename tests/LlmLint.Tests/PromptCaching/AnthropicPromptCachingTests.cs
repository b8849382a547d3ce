using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.PromptCaching;
using Microsoft.Extensions.AI;
using SupportTriage;

namespace LlmLint.Tests.PromptCaching;

/// <summary>The request body the Anthropic SDK's adapter sends through <c>UsePromptCaching()</c>.</summary>
public class AnthropicPromptCachingTests
{
    private const string Ticket = "Rate the priority of this ticket from Fabrikam: Cannot log in. Every login returns error 500.";

    private static (IChatClient Client, RecordingHandler Handler) Create(string model = "claude-opus-4-8")
    {
        var handler = new RecordingHandler(_ => ProviderClients.AnthropicAnswer);
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler, model)).UsePromptCaching().Build();
        return (client, handler);
    }

    private static List<JsonNode> Breakpoints(JsonObject body) =>
        body.ToJsonString().Contains("cache_control", System.StringComparison.Ordinal)
            ? [.. SimulatedAnthropicCache.Blocks(body).Where(b => b["cache_control"] is not null)]
            : [];

    [Fact]
    public async Task PolicyPrompt_GetsOneBreakpoint_OnTheLastSystemBlock()
    {
        (IChatClient client, RecordingHandler handler) = Create();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]);

        JsonObject body = handler.Last;
        JsonArray system = body["system"]!.AsArray();
        Assert.Equal(SupportPolicy.Text, (string?)system[^1]!["text"]);
        Assert.Equal("ephemeral", (string?)system[^1]!["cache_control"]!["type"]);
        Assert.Single(Breakpoints(body));
        JsonObject user = body["messages"]![0]!.AsObject();
        Assert.Equal("user", (string?)user["role"]);
        Assert.Equal(Ticket, (string?)user["content"]![0]!["text"]);
        Assert.Null(user["content"]![0]!["cache_control"]);
    }

    [Fact]
    public async Task ShortSystemPrompt_BelowTheMinimum_HasNoBreakpoint()
    {
        (IChatClient client, RecordingHandler handler) = Create();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "You rate support tickets."), new ChatMessage(ChatRole.User, Ticket)]);

        Assert.DoesNotContain("cache_control", handler.Last.ToJsonString());
    }

    [Fact]
    public async Task MinimumComesFromTheCatalog_HaikuNeedsTwiceAsMuchAsOpus()
    {
        string prompt = SupportPolicy.Text[..(SupportPolicy.Text.Length * 2 / 3)];
        int tokens = TokenEstimator.Estimate(prompt);
        Assert.InRange(tokens, 1100, 1950); // between Opus' 1,024 and Haiku's 2,048
        Assert.Equal(2048, ModelCatalog.Default.Find("claude-haiku-4-5")!.MinCacheableTokens);
        Assert.Equal(1024, ModelCatalog.Default.Find("claude-opus-4-8")!.MinCacheableTokens);

        (IChatClient opus, RecordingHandler opusHandler) = Create("claude-opus-4-8");
        (IChatClient haiku, RecordingHandler haikuHandler) = Create("claude-haiku-4-5");
        await opus.GetResponseAsync([new ChatMessage(ChatRole.System, prompt), new ChatMessage(ChatRole.User, Ticket)]);
        await haiku.GetResponseAsync([new ChatMessage(ChatRole.System, prompt), new ChatMessage(ChatRole.User, Ticket)]);

        Assert.Single(Breakpoints(opusHandler.Last));
        Assert.Empty(Breakpoints(haikuHandler.Last));
    }

    [Fact]
    public async Task Instructions_CarryTheBreakpoint_AndTheCallersOptionsAreUnchanged()
    {
        (IChatClient client, RecordingHandler handler) = Create();
        var options = new ChatOptions { Instructions = SupportPolicy.Text };

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, "Answer with one word."), new ChatMessage(ChatRole.User, Ticket)], options);

        JsonArray system = handler.Last["system"]!.AsArray();
        Assert.Equal(["Answer with one word.", SupportPolicy.Text], system.Select(s => (string?)s!["text"]));
        Assert.Null(system[0]!["cache_control"]);
        Assert.NotNull(system[1]!["cache_control"]);
        Assert.Equal(SupportPolicy.Text, options.Instructions);
    }

    [Fact]
    public async Task Conversation_GetsASecondBreakpoint_BeforeTheLastMessage_AndKeepsItsOrder()
    {
        (IChatClient client, RecordingHandler handler) = Create();
        ChatMessage[] messages =
        [
            new(ChatRole.System, SupportPolicy.Text),
            new(ChatRole.User, "First ticket: the invoice was charged twice."),
            new(ChatRole.Assistant, "High"),
            new(ChatRole.User, "Second ticket: where is my order?"),
        ];

        await client.GetResponseAsync(messages);

        JsonObject body = handler.Last;
        Assert.Equal(2, Breakpoints(body).Count);
        JsonArray wire = body["messages"]!.AsArray();
        Assert.Equal(
            ["user:First ticket: the invoice was charged twice.", "assistant:High", "user:Second ticket: where is my order?"],
            wire.Select(m => (string?)m!["role"] + ":" + (string?)m["content"]![0]!["text"]));
        Assert.NotNull(wire[1]!["content"]![0]!["cache_control"]);
        Assert.Null(wire[2]!["content"]![0]!["cache_control"]);

        // The caller's messages and contents are untouched.
        Assert.All(messages, m => Assert.All(m.Contents, c => Assert.Null(c.AdditionalProperties)));
    }

    [Fact]
    public async Task ConversationCaching_CanBeTurnedOff()
    {
        var handler = new RecordingHandler(_ => ProviderClients.AnthropicAnswer);
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler)).UsePromptCaching(o => o.CacheConversation = false).Build();

        await client.GetResponseAsync([new(ChatRole.System, SupportPolicy.Text), new(ChatRole.User, "a"), new(ChatRole.Assistant, "b"), new(ChatRole.User, "c")]);

        Assert.Single(Breakpoints(handler.Last));
        Assert.NotNull(handler.Last["system"]![0]!["cache_control"]);
    }

    [Fact]
    public async Task ToolsWithoutASystemPrompt_GetTheBreakpointOnTheLastTool()
    {
        (IChatClient client, RecordingHandler handler) = Create();
        AIFunction lookup = AIFunctionFactory.Create((string id) => id, "lookup_order", SupportPolicy.Text);
        AIFunction refund = AIFunctionFactory.Create((string id) => id, "refund_order", "Refunds an order.");
        var options = new ChatOptions { Tools = [lookup, refund] };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, Ticket)], options);

        JsonArray tools = handler.Last["tools"]!.AsArray();
        Assert.Null(tools[0]!["cache_control"]);
        Assert.Equal("refund_order", (string?)tools[1]!["name"]);
        Assert.Equal("ephemeral", (string?)tools[1]!["cache_control"]!["type"]);
        Assert.Same(refund, options.Tools[1]);
    }

    [Fact]
    public async Task DynamicSystemMessage_IsSentAfterTheStaticOne_OutsideTheCachedPrefix()
    {
        (IChatClient client, RecordingHandler handler) = Create();
        ChatMessage today = new ChatMessage(ChatRole.System, "Today is 2026-12-04.").MarkPromptDynamic();

        await client.GetResponseAsync([today, new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]);

        JsonArray system = handler.Last["system"]!.AsArray();
        Assert.Equal([SupportPolicy.Text, "Today is 2026-12-04."], system.Select(s => (string?)s!["text"]));
        Assert.NotNull(system[0]!["cache_control"]);
        Assert.Null(system[1]!["cache_control"]);
    }

    [Fact]
    public async Task CallersOwnBreakpoints_CountAgainstAnthropicsLimitOfFour()
    {
        (IChatClient client, RecordingHandler handler) = Create();
        var messages = new List<ChatMessage> { new(ChatRole.System, SupportPolicy.Text) };
        for (int i = 0; i < 4; i++)
        {
            messages.Add(new ChatMessage(ChatRole.User, [new TextContent("turn " + i).WithCacheControl(new Anthropic.Models.Messages.CacheControlEphemeral())]));
            messages.Add(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        messages.Add(new ChatMessage(ChatRole.User, Ticket));
        await client.GetResponseAsync(messages);

        Assert.Equal(4, Breakpoints(handler.Last).Count);
        Assert.Null(handler.Last["system"]![0]!["cache_control"]);
    }

    [Fact]
    public async Task Streaming_PlacesTheSameBreakpoint()
    {
        const string sse = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-opus-4-8","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":20,"output_tokens":1}}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}

            event: message_stop
            data: {"type":"message_stop"}


            """;
        var handler = new RecordingHandler(_ => sse, "text/event-stream");
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler)).UsePromptCaching().Build();

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]))
        {
            _ = update;
        }

        Assert.NotNull(handler.Last["system"]![0]!["cache_control"]);
        Assert.True((bool)handler.Last["stream"]!);
    }

    [Fact]
    public async Task UnknownModel_WithoutAMinimum_PassesThrough()
    {
        var handler = new RecordingHandler(_ => ProviderClients.AnthropicAnswer);
        IChatClient client = new ChatClientBuilder(ProviderClients.Anthropic(handler, "claude-unreleased-9")).UsePromptCaching().Build();

        await client.GetResponseAsync([new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Ticket)]);

        Assert.DoesNotContain("cache_control", handler.Last.ToJsonString());
    }

    [Fact]
    public async Task OtherProviders_PassThroughUntouched()
    {
        ChatMessage[] seen = [];
        ChatOptions? seenOptions = null;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (m, o, _) =>
            {
                seen = [.. m];
                seenOptions = o;
                return Task.FromResult(FakeChatClient.Response("x"));
            },
        };
        using var client = new PromptCachingChatClient(inner);
        ChatMessage[] messages = [new(ChatRole.System, SupportPolicy.Text), new(ChatRole.User, Ticket)];
        var options = new ChatOptions();

        await client.GetResponseAsync(messages, options);

        Assert.Same(options, seenOptions);
        Assert.Equal(messages, seen);
        Assert.Throws<System.ArgumentNullException>("messages", () => { _ = client.GetResponseAsync(null!); });
    }
}
