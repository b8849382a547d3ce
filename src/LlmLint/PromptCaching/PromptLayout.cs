using LlmLint.Catalog;
using LlmLint.Metering;

namespace LlmLint.PromptCaching;

/// <summary>
/// Where a request's static prefix ends, and about how many tokens each part holds. Provider prefixes run tools → system →
/// conversation; the static part is the tools, the leading system messages not marked dynamic and the instructions, and
/// (for a conversation) every message before the last one.
/// </summary>
/// <remarks>
/// The only reordering: within the run of system messages the request starts with, messages marked dynamic
/// (<see cref="PromptCachingChatOptions.MarkPromptDynamic"/>) move after the static ones, in their own order. User, assistant
/// and tool messages keep their positions.
/// </remarks>
internal sealed class PromptLayout
{
    private const int PerMessageTokens = 4;
    private const int PerToolTokens = 8;

    private PromptLayout(List<ChatMessage> messages)
    {
        Messages = messages;
    }

    /// <summary>Gets the messages to send: the caller's, with dynamic leading system messages after the static ones.</summary>
    public List<ChatMessage> Messages { get; }

    /// <summary>Gets a value indicating whether <see cref="Messages"/> differs in order from the caller's list.</summary>
    public bool Reordered { get; private set; }

    /// <summary>Gets the number of static system messages at the start of <see cref="Messages"/>.</summary>
    public int StaticSystemCount { get; private set; }

    /// <summary>Gets the tokens of the tool definitions.</summary>
    public int ToolTokens { get; private set; }

    /// <summary>Gets the tokens of the static leading system messages and the instructions.</summary>
    public int StaticSystemTokens { get; private set; }

    /// <summary>Gets the tokens of the other system messages (dynamic or later in the conversation).</summary>
    public int OtherSystemTokens { get; private set; }

    /// <summary>Gets the tokens of the conversation before the last message (system messages excluded).</summary>
    public int ConversationTokens { get; private set; }

    /// <summary>Gets the tokens of the static prefix shared by every call with the same tools, system prompt and instructions.</summary>
    public int StaticPrefixTokens => ToolTokens + StaticSystemTokens;

    /// <summary>Gets the tokens of everything before the last message.</summary>
    public int ConversationPrefixTokens => ToolTokens + StaticSystemTokens + OtherSystemTokens + ConversationTokens;

    public static PromptLayout Analyze(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var original = new List<ChatMessage>(messages);
        int leading = 0;
        while (leading < original.Count && original[leading].Role == ChatRole.System)
        {
            leading++;
        }

        var ordered = new List<ChatMessage>(original.Count);
        for (int i = 0; i < leading; i++)
        {
            if (!PromptCachingChatOptions.IsDynamic(original[i]))
            {
                ordered.Add(original[i]);
            }
        }

        var layout = new PromptLayout(ordered) { StaticSystemCount = ordered.Count };
        for (int i = 0; i < leading; i++)
        {
            if (PromptCachingChatOptions.IsDynamic(original[i]))
            {
                layout.Reordered |= ordered.Count != i;
                ordered.Add(original[i]);
            }
        }

        for (int i = leading; i < original.Count; i++)
        {
            ordered.Add(original[i]);
        }

        layout.ToolTokens = EstimateTools(options?.Tools);
        layout.StaticSystemTokens = Estimate(options?.Instructions) + (options?.Instructions is null ? 0 : PerMessageTokens);
        for (int i = 0; i < ordered.Count - 1; i++)
        {
            int tokens = Estimate(ordered[i]);
            if (i < layout.StaticSystemCount)
            {
                layout.StaticSystemTokens += tokens;
            }
            else if (ordered[i].Role == ChatRole.System)
            {
                layout.OtherSystemTokens += tokens;
            }
            else
            {
                layout.ConversationTokens += tokens;
            }
        }

        if (ordered.Count > 0 && layout.StaticSystemCount == ordered.Count)
        {
            // A request made only of system messages: the last one is static too.
            layout.StaticSystemTokens += Estimate(ordered[^1]);
        }

        return layout;
    }

    /// <summary>Estimates the tokens of a message's text (other content counts as nothing: the estimate errs low).</summary>
    public static int Estimate(ChatMessage message)
    {
        int tokens = PerMessageTokens;
        foreach (AIContent content in message.Contents)
        {
            if (content is TextContent text)
            {
                tokens += Estimate(text.Text);
            }
        }

        return tokens;
    }

    private static int Estimate(string? text) => TokenCounter.Count(text);

    private static int EstimateTools(IList<AITool>? tools)
    {
        int tokens = 0;
        if (tools is null)
        {
            return 0;
        }

        foreach (AITool tool in tools)
        {
            tokens += PerToolTokens + Estimate(tool.Name) + Estimate(tool.Description);
            if (tool is AIFunctionDeclaration function)
            {
                tokens += Estimate(function.JsonSchema.GetRawText());
            }
        }

        return tokens;
    }
}
