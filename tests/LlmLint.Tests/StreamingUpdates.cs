using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests;

/// <summary>A streamed answer for a fake client, and the text of the updates a client streams back.</summary>
internal static class StreamingUpdates
{
    internal static async IAsyncEnumerable<ChatResponseUpdate> Stream([EnumeratorCancellation] CancellationToken ct, params string[] parts)
    {
        foreach (string p in parts)
        {
            await Task.Yield();
            ct.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, p) { ModelId = "gpt-4o-mini" };
        }

        yield return new ChatResponseUpdate { FinishReason = ChatFinishReason.Stop, Contents = { new UsageContent(new UsageDetails { InputTokenCount = 10, OutputTokenCount = 3 }) } };
    }

    internal static async Task<List<string>> Collect(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<string>();
        await foreach (ChatResponseUpdate u in updates)
        {
            list.Add(u.Text);
        }

        return list;
    }
}
