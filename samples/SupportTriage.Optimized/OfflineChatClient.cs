using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace SupportTriage.Optimized;

/// <summary>
/// A deterministic offline <see cref="IChatClient"/> that answers the sample's prompts the way a model of its size might, so
/// the sample runs without API keys: the small model truncates long JSON answers, which the cascade catches and escalates.
/// Every answer carries token usage (about four characters a token), so cost metering prices it like a provider's answer.
/// </summary>
public sealed partial class OfflineChatClient : IChatClient
{
    private const string Reply = "Thanks for reaching out, we are on it. You will hear from us within one business day.";
    private int _calls;

    /// <summary>Initializes a new instance of the <see cref="OfflineChatClient"/> class.</summary>
    /// <param name="modelId">The model it stands in for.</param>
    public OfflineChatClient(string modelId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ModelId = modelId;
    }

    /// <summary>Gets the model it stands in for.</summary>
    public string ModelId { get; }

    /// <summary>Gets the number of calls that reached this client (cache hits never do).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <inheritdoc />
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        List<ChatMessage> list = messages.ToList();
        string answer = Answer(list[^1].Text);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = ModelId, Usage = Usage(list, answer) });
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Interlocked.Increment(ref _calls);
        List<ChatMessage> list = messages.ToList();
        foreach (string word in Reply.Split(' '))
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word + " ") { ModelId = ModelId };
        }

        yield return new ChatResponseUpdate { Role = ChatRole.Assistant, ModelId = ModelId, Contents = [new UsageContent(Usage(list, Reply))] };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private static UsageDetails Usage(List<ChatMessage> messages, string answer)
    {
        long input = 0;
        foreach (ChatMessage message in messages)
        {
            input += (message.Text.Length + 3) / 4;
        }

        long output = (answer.Length + 3) / 4;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
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
            return ModelId == TriageServices.LargeModel || prompt.Length < 200 ? json : json.Substring(0, json.Length / 2);
        }

        if (text.StartsWith("in one line", StringComparison.Ordinal))
        {
            return "Refunds go back to the original payment method within 14 days of the request.";
        }

        return "I cannot help with that.";
    }

    [GeneratedRegex(@"(INV-\d+)")]
    private static partial Regex InvoiceNumber();

    [GeneratedRegex(@"Total:\s*([0-9]+(?:\.[0-9]+)?)")]
    private static partial Regex Total();
}
