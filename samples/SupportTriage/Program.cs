using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Core;

namespace SupportTriage;

public static class Program
{
    public static async Task<int> Main()
    {
        string? anthropicKey = Environment.GetEnvironmentVariable("ANTHROPIC_API_KEY");
        string? openAIKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
        if (string.IsNullOrEmpty(anthropicKey) || string.IsNullOrEmpty(openAIKey))
        {
            Console.Error.WriteLine("Set ANTHROPIC_API_KEY and OPENAI_API_KEY to run the triage.");
            return 1;
        }

        var anthropic = new AnthropicClient(new ClientOptions { ApiKey = anthropicKey });
        var classifier = new TicketClassifier(anthropic);
        var rater = new PriorityRater(anthropic);
        var extractor = new InvoiceExtractor(openAIKey);

        foreach (SupportTicket ticket in SampleTickets())
        {
            TicketCategory category = await classifier.ClassifyAsync(ticket);
            TicketPriority priority = await rater.RateAsync(ticket);
            Console.WriteLine($"{ticket.Id}: {category} / {priority}");
            if (category == TicketCategory.Billing)
            {
                InvoiceFields? invoice = await extractor.ExtractAsync(ticket.Body);
                Console.WriteLine($"  invoice {invoice?.InvoiceNumber} from {invoice?.Vendor}: {invoice?.Total} {invoice?.Currency}, due {invoice?.DueDate}");
            }
        }

        return 0;
    }

    private static IEnumerable<SupportTicket> SampleTickets()
    {
        yield return new SupportTicket("T-1001", "Northwind", "Charged twice", "Invoice INV-2231 from Contoso Cloud for 1,240.00 EUR due 2026-12-01 was charged twice on our card.");
        yield return new SupportTicket("T-1002", "Fabrikam", "Cannot log in", "Since this morning every login attempt returns error 500 for all of our 40 users.");
        yield return new SupportTicket("T-1003", "Tailspin", "Where is my order?", "Order 88123 was due last Friday and the tracking page has not changed for six days.");
    }
}
