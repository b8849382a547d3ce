using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using LlmLint.Catalog;

namespace LlmLint.Tests.PromptCaching;

/// <summary>
/// Answers like Anthropic's Messages API with its prompt cache: the prefix up to the first <c>cache_control</c> block is
/// written on first sight (<c>cache_creation_input_tokens</c>) and read afterwards (<c>cache_read_input_tokens</c>); the rest
/// is <c>input_tokens</c>. Tokens are counted with the catalog's estimator, block by block.
/// </summary>
internal sealed class SimulatedAnthropicCache
{
    private readonly HashSet<string> _cached = [];

    public const int OutputTokens = 3;

    public string Respond(JsonObject body)
    {
        int total = 0;
        int prefix = 0;
        var prefixText = new StringBuilder();
        bool breakpointSeen = false;
        foreach (JsonObject block in Blocks(body))
        {
            string text = (string?)block["text"] ?? (string?)block["description"] ?? string.Empty;
            int tokens = TokenEstimator.Estimate(text);
            total += tokens;
            if (!breakpointSeen)
            {
                prefix += tokens;
                prefixText.Append(text).Append('\u0001');
                breakpointSeen = block["cache_control"] is not null;
            }
        }

        int write = 0;
        int read = 0;
        if (breakpointSeen)
        {
            string key = (string?)body["model"] + "\u0002" + prefixText;
            if (_cached.Add(key))
            {
                write = prefix;
            }
            else
            {
                read = prefix;
            }
        }

        int input = total - write - read;
        return $$$"""
            {"id":"msg_1","type":"message","role":"assistant","model":"{{{(string?)body["model"]}}}","content":[{"type":"text","text":"Normal"}],
             "stop_reason":"end_turn","stop_sequence":null,
             "usage":{"input_tokens":{{{input}}},"output_tokens":{{{OutputTokens}}},"cache_creation_input_tokens":{{{write}}},"cache_read_input_tokens":{{{read}}}}}
            """;
    }

    /// <summary>The blocks of a Messages API request in prefix order: tools, system, then each message's content.</summary>
    public static IEnumerable<JsonObject> Blocks(JsonObject body)
    {
        foreach (JsonNode? t in body["tools"]?.AsArray() ?? [])
        {
            yield return t!.AsObject();
        }

        foreach (JsonNode? s in body["system"]?.AsArray() ?? [])
        {
            yield return s!.AsObject();
        }

        foreach (JsonNode? m in body["messages"]!.AsArray())
        {
            foreach (JsonNode? c in m!["content"]!.AsArray())
            {
                yield return c!.AsObject();
            }
        }
    }
}
