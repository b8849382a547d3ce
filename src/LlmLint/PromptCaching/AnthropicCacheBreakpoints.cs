using System.Runtime.CompilerServices;
using Anthropic.Models.Messages;

namespace LlmLint.PromptCaching;

/// <summary>
/// Places Anthropic <c>cache_control</c> breakpoints the way the Anthropic SDK's Microsoft.Extensions.AI adapter
/// (<c>AsIChatClient</c>) reads them: a <see cref="CacheControlEphemeral"/> on a content block
/// (<c>AIContentCacheExtensions.WithCacheControl</c>) or, on a tool, <c>AdditionalProperties["CacheControl"]</c>.
/// </summary>
/// <remarks>
/// The adapter sends tools, then every system block in message order followed by <see cref="ChatOptions.Instructions"/>, then
/// the conversation. A breakpoint caches everything up to its block. The first breakpoint goes at the end of the static
/// system prompt (or after the last tool when there is no system prompt) when tools and system reach the model's minimum;
/// the second at the end of the conversation before the last message. Anthropic takes at most four breakpoints: the caller's
/// own count against them. Nothing the caller passed is modified: marked messages, contents and options are copies. This type
/// touches Anthropic SDK types: it runs only for the Anthropic adapter, whose assembly is then loaded.
/// </remarks>
internal static class AnthropicCacheBreakpoints
{
    private const int MaxBreakpoints = 4;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Place(PromptLayout layout, ChatOptions? options, int minTokens, bool cacheConversation, out List<ChatMessage> messages, out ChatOptions? sent)
    {
        messages = layout.Messages;
        sent = options;
        int available = MaxBreakpoints - CountExisting(messages, options);
        var placed = new List<string>(2);

        if (available > 0 && layout.StaticPrefixTokens >= minTokens)
        {
            int staticSystem = layout.StaticSystemCount;
            if (options?.Instructions is { Length: > 0 } instructions)
            {
                // Instructions are sent after every system message; as a system message right after the static ones they hold
                // the same place and can carry the breakpoint.
                sent = options.Clone();
                sent.Instructions = null;
                messages.Insert(staticSystem, new ChatMessage(ChatRole.System, instructions));
                staticSystem++;
            }

            if (MarkLastText(messages, 0, staticSystem))
            {
                placed.Add("system prompt");
                available--;
            }
            else if (staticSystem == 0 && MarkLastTool(ref sent))
            {
                placed.Add("tools");
                available--;
            }
        }

        int last = messages.Count - 1;
        if (cacheConversation && available > 0 && last > layout.StaticSystemCount && layout.ConversationTokens > 0
            && layout.ConversationPrefixTokens >= minTokens && MarkLastText(messages, FirstConversationIndex(messages), last))
        {
            placed.Add("conversation");
        }

        return placed.Count == 0 ? "no breakpoint" : "breakpoints after " + string.Join(", ", placed);
    }

    private static int FirstConversationIndex(List<ChatMessage> messages)
    {
        int i = 0;
        while (i < messages.Count && messages[i].Role == ChatRole.System)
        {
            i++;
        }

        return i;
    }

    /// <summary>Marks the last plain text block among <paramref name="messages"/>[start..end) that is not a system message after the start.</summary>
    private static bool MarkLastText(List<ChatMessage> messages, int start, int end)
    {
        bool system = start < end && messages[start].Role == ChatRole.System;
        for (int m = end - 1; m >= start; m--)
        {
            ChatMessage message = messages[m];
            if ((message.Role == ChatRole.System) != system)
            {
                continue;
            }

            for (int c = message.Contents.Count - 1; c >= 0; c--)
            {
                if (message.Contents[c] is TextContent { RawRepresentation: null } text && text.Text.Length > 0)
                {
                    ChatMessage copy = message.Clone();
                    copy.Contents = new List<AIContent>(message.Contents) { [c] = Marked(text) };
                    messages[m] = copy;
                    return true;
                }
            }
        }

        return false;
    }

    private static TextContent Marked(TextContent text) =>
        new TextContent(text.Text)
        {
            Annotations = text.Annotations,
            AdditionalProperties = text.AdditionalProperties is null ? null : new AdditionalPropertiesDictionary(text.AdditionalProperties),
        }.WithCacheControl(new CacheControlEphemeral());

    private static bool MarkLastTool(ref ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } tools || tools[^1] is not AIFunction function)
        {
            return false;
        }

        options = options.Clone();
        options.Tools = new List<AITool>(tools) { [tools.Count - 1] = new CacheControlledFunction(function) };
        return true;
    }

    private static int CountExisting(List<ChatMessage> messages, ChatOptions? options)
    {
        int count = 0;
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                count += HasCacheControl(content.AdditionalProperties) ? 1 : 0;
            }
        }

        if (options?.Tools is { } tools)
        {
            foreach (AITool tool in tools)
            {
                count += tool.AdditionalProperties.TryGetValue(nameof(Tool.CacheControl), out object? cc) && cc is CacheControlEphemeral ? 1 : 0;
            }
        }

        return count;
    }

    private static bool HasCacheControl(AdditionalPropertiesDictionary? properties)
    {
        if (properties is null)
        {
            return false;
        }

        foreach (KeyValuePair<string, object?> property in properties)
        {
            if (property.Value is CacheControlEphemeral)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A function whose Anthropic tool definition carries a cache breakpoint.</summary>
    private sealed class CacheControlledFunction(AIFunction inner) : DelegatingAIFunction(inner)
    {
        private readonly IReadOnlyDictionary<string, object?> _properties = new Dictionary<string, object?>(inner.AdditionalProperties)
        {
            [nameof(Tool.CacheControl)] = new CacheControlEphemeral(),
        };

        public override IReadOnlyDictionary<string, object?> AdditionalProperties => _properties;
    }
}
