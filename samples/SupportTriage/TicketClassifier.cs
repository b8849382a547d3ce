using System;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Microsoft.Extensions.AI;

namespace SupportTriage;

/// <summary>Routes a ticket to a queue through Microsoft.Extensions.AI over the Anthropic SDK.</summary>
public sealed class TicketClassifier
{
    private readonly IChatClient _client;

    public TicketClassifier(IAnthropicClient anthropic)
    {
        _client = anthropic.AsIChatClient(Models.AnthropicDefault);
    }

    public async Task<TicketCategory> ClassifyAsync(SupportTicket ticket, CancellationToken cancellationToken = default)
    {
        string prompt = $"""
            Classify the support ticket into exactly one of: Billing, Technical, Account, Shipping, Other.
            Answer with the category name only.

            Subject: {ticket.Subject}
            Body: {ticket.Body}
            """;

        ChatResponse response = await _client.GetResponseAsync(prompt, new ChatOptions { Temperature = 0 }, cancellationToken);
        return Enum.TryParse(response.Text.Trim(), ignoreCase: true, out TicketCategory category) ? category : TicketCategory.Other;
    }
}
