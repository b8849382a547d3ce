using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OpenAI.Chat;

namespace SupportTriage;

/// <summary>Pulls the fields of an invoice attached to a billing ticket with the OpenAI SDK.</summary>
public sealed class InvoiceExtractor
{
    private static readonly JsonSerializerOptions s_json = new() { PropertyNameCaseInsensitive = true };

    private readonly ChatClient _chat;

    public InvoiceExtractor(string apiKey)
    {
        _chat = new ChatClient(Models.OpenAIDefault, apiKey);
    }

    public async Task<InvoiceFields?> ExtractAsync(string invoiceText, CancellationToken cancellationToken = default)
    {
        ChatMessage[] messages =
        {
            new SystemChatMessage("Extract the invoice number, vendor, total, currency and due date. Return only JSON with the keys invoiceNumber, vendor, total, currency, dueDate."),
            new UserChatMessage(invoiceText),
        };

        var options = new ChatCompletionOptions
        {
            Temperature = 0,
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
        };

        ChatCompletion completion = await _chat.CompleteChatAsync(messages, options, cancellationToken);
        return JsonSerializer.Deserialize<InvoiceFields>(completion.Content[0].Text, s_json);
    }
}
