using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LlmLint;
using Microsoft.Extensions.AI;

namespace SupportTriage.Optimized;

/// <summary>The models behind each tier, and where the sample gets its <see cref="ILlmRuntime"/>.</summary>
internal static class RuntimeSetup
{
    /// <summary>The small tier's model: gpt-4o-mini, or claude-haiku-4-5 with <c>--anthropic</c>.</summary>
    public static string SmallModel(string[] args) => args.Contains("--anthropic") ? "claude-haiku-4-5" : "gpt-4o-mini";

    /// <summary>The large tier's model.</summary>
    public const string LargeModel = "gpt-4o";

    /// <summary>
    /// INTEGRATION POINT: builds the runtime the triage functions call.
    /// Replace the body with the LlmLint runtime once it is available, for example
    /// <c>services.AddLlmLint(o => { o.AddTier(Tier.Small, smallClient); o.AddTier(Tier.Large, largeClient); })</c> and
    /// <c>provider.GetRequiredService&lt;ILlmRuntime&gt;()</c>, with real provider clients for the models above.
    /// Until then it wires the offline demo clients into <see cref="StandInRuntime"/>.
    /// </summary>
    public static ILlmRuntime CreateRuntime(string[] args, out IReadOnlyList<OfflineChatClient> clients)
    {
        var small = new OfflineChatClient(SmallModel(args));
        var large = new OfflineChatClient(LargeModel);
        clients = new[] { small, large };
        return new StandInRuntime(new Dictionary<Tier, IChatClient> { [Tier.Small] = small, [Tier.Large] = large });
    }
}

/// <summary>
/// A stand-in for the LlmLint runtime so the sample runs on its own: tier routing, cascades that escalate on a failed
/// validation, and an exact in-memory cache keyed as <see cref="LlmFunctionRequest"/> describes. No semantic cache,
/// metering or persistence; the real runtime replaces it at the integration point in <see cref="RuntimeSetup"/>.
/// </summary>
internal sealed class StandInRuntime(IReadOnlyDictionary<Tier, IChatClient> clients) : ILlmRuntime
{
    private readonly ConcurrentDictionary<string, object?> cache = new(StringComparer.Ordinal);

    public int CacheHits { get; private set; }

    public IChatClient GetClient(Tier tier)
    {
        for (Tier t = tier; t <= Tier.Frontier; t++)
        {
            if (clients.TryGetValue(t, out IChatClient? client))
            {
                return client;
            }
        }

        throw new InvalidOperationException($"No client is registered for tier {tier} or any larger tier.");
    }

    public async Task<T> InvokeAsync<T>(LlmFunctionRequest request, LlmResultParser<T> parser, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(parser);
        IReadOnlyList<Tier> tiers = request.CascadeTiers ?? new[] { request.Tier };
        for (int i = 0; i < tiers.Count; i++)
        {
            string key = request.FunctionId + "\n" + request.TemplateHash + "\n" + tiers[i] + "\n" + request.CacheKey;
            if (request.Cache is not null && cache.TryGetValue(key, out object? hit))
            {
                CacheHits++;
                return (T)hit!;
            }

            var options = new ChatOptions { ResponseFormat = request.ResponseFormat, MaxOutputTokens = request.MaxOutputTokens, Temperature = request.Temperature };
            ChatResponse response = await GetClient(tiers[i]).GetResponseAsync(request.Messages, options, cancellationToken);
            if (parser(response.Text, out T? value, out string? error))
            {
                if (request.Cache is not null)
                {
                    cache[key] = value;
                }

                return value;
            }

            if (i == tiers.Count - 1)
            {
                throw new LlmResultValidationException(request.FunctionId, tiers[i], response.Text, error);
            }
        }

        throw new InvalidOperationException("The request names no tier.");
    }

    public async IAsyncEnumerable<string> StreamAsync(LlmFunctionRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Tier tier = request.CascadeTiers is { Count: > 0 } cascade ? cascade[0] : request.Tier;
        var options = new ChatOptions { MaxOutputTokens = request.MaxOutputTokens, Temperature = request.Temperature };
        await foreach (ChatResponseUpdate update in GetClient(tier).GetStreamingResponseAsync(request.Messages, options, cancellationToken))
        {
            yield return update.Text;
        }
    }
}

/// <summary>
/// A deterministic offline client that answers the sample's prompts the way a model of its size might, so the sample
/// runs without API keys: the small model truncates long JSON answers, which the cascade catches and escalates.
/// </summary>
internal sealed partial class OfflineChatClient(string modelId) : IChatClient
{
    public string ModelId { get; } = modelId;

    public int Calls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        string prompt = messages.Last().Text;
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, Answer(prompt))) { ModelId = ModelId });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        const string reply = "Thanks for reaching out, we are on it. You will hear from us within one business day.";
        foreach (string word in reply.Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ModelId = ModelId };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private string Answer(string prompt)
    {
        string text = prompt.ToLowerInvariant();
        if (text.StartsWith("classify", StringComparison.Ordinal))
        {
            return text.Contains("charged", StringComparison.Ordinal) || text.Contains("refund", StringComparison.Ordinal) ? "Billing."
                : text.Contains("password", StringComparison.Ordinal) || text.Contains("log in", StringComparison.Ordinal) ? "account"
                : text.Contains("parcel", StringComparison.Ordinal) || text.Contains("delivery", StringComparison.Ordinal) ? "Shipping"
                : text.Contains("crash", StringComparison.Ordinal) || text.Contains("error", StringComparison.Ordinal) ? "\"Technical issue\""
                : "Other";
        }

        if (text.StartsWith("does this", StringComparison.Ordinal))
        {
            return text.Contains("billing ticket", StringComparison.Ordinal) || text.Contains("urgent", StringComparison.Ordinal) ? "Yes" : "No";
        }

        if (text.StartsWith("extract the invoice", StringComparison.Ordinal))
        {
            Match number = InvoiceNumber().Match(prompt);
            Match total = Total().Match(prompt);
            string json = "{\"invoiceNumber\":\"" + number.Groups[1].Value + "\",\"vendor\":\"Northwind Traders\",\"total\":"
                + decimal.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)
                + ",\"currency\":\"EUR\",\"purchaseOrder\":null,\"lines\":[{\"description\":\"Support plan\",\"quantity\":1,\"amount\":"
                + total.Groups[1].Value + "}]}";

            // A small model runs out of room on long documents; the cascade sees invalid JSON and escalates.
            return ModelId == RuntimeSetup.LargeModel || prompt.Length < 200 ? json : json.Substring(0, json.Length / 2);
        }

        return "I cannot help with that.";
    }

    [GeneratedRegex(@"(INV-\d+)")]
    private static partial Regex InvoiceNumber();

    [GeneratedRegex(@"Total:\s*([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex Total();
}
