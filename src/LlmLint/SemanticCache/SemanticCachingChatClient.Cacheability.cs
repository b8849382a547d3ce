using Microsoft.Extensions.Logging.Abstractions;

namespace LlmLint.SemanticCache;

/// <summary>Which answers may be stored: complete, non-empty, not a refusal.</summary>
public sealed partial class SemanticCachingChatClient
{
    /// <summary>Decides whether a response may be cached: complete, plain text, no tool calls, no refusal.</summary>
    /// <param name="response">The response.</param>
    /// <returns><see langword="true"/> when it may be stored.</returns>
    internal static bool IsCacheable(ChatResponse response)
    {
        if (response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.Accepted, out object? accepted) == true && accepted is false)
        {
            return false; // a cascade answer that no stage accepted
        }

        if (response.FinishReason is { } reason && reason != ChatFinishReason.Stop)
        {
            return false; // truncated (Length), filtered (ContentFilter) or tool calls
        }

        bool hasText = false;
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        hasText |= !string.IsNullOrWhiteSpace(text.Text);
                        break;
                    case TextReasoningContent or UsageContent:
                        break;
                    default:
                        return false; // tool calls, errors, data
                }
            }
        }

        return hasText && !LooksLikeRefusal(response.Text);
    }

    private static bool LooksLikeRefusal(string text)
    {
        ReadOnlySpan<char> head = text.AsSpan().TrimStart();
        if (head.Length > 120)
        {
            head = head[..120];
        }

        ReadOnlySpan<string> markers = ["I'm sorry, but I can", "I am sorry, but I can", "I can't help", "I cannot help", "I can't assist", "I cannot assist", "I'm unable to", "I am unable to", "Sorry, I can't", "I won't be able to"];
        foreach (string marker in markers)
        {
            if (head.Contains(marker.AsSpan(), StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
