using System;
using System.Threading;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Models.Messages;

namespace SupportTriage;

/// <summary>Rates the urgency of a ticket against the support policy with the Anthropic SDK.</summary>
public sealed class PriorityRater
{
    private readonly IAnthropicClient _anthropic;

    public PriorityRater(IAnthropicClient anthropic)
    {
        _anthropic = anthropic;
    }

    public async Task<TicketPriority> RateAsync(SupportTicket ticket, CancellationToken cancellationToken = default)
    {
        Message message = await _anthropic.Messages.Create(new MessageCreateParams
        {
            Model = Models.AnthropicDefault,
            MaxTokens = 10,
            System = SupportPolicy.Text,
            Messages = [new UserMessageParam($"Rate the priority (Low, Normal, High or Urgent) of this ticket from {ticket.Customer}: {ticket.Subject}\n{ticket.Body}")],
        }, cancellationToken);

        string answer = string.Empty;
        foreach (ContentBlock block in message.Content)
        {
            if (block.TryPickText(out TextBlock? text))
            {
                answer += text.Text;
            }
        }

        return Enum.Parse<TicketPriority>(answer.Trim(), ignoreCase: true);
    }
}
