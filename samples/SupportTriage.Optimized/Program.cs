using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmLint;
using SupportTriage.Optimized;

// SupportTriage, written the LlmLint way: typed [Prompt] functions on the small tier, a semantic cache for
// classification, and a cascade that pays for the large model only when the small one fails validation.
ILlmRuntime runtime = RuntimeSetup.CreateRuntime(args, out IReadOnlyList<OfflineChatClient> clients);
var triage = new TicketTriage(runtime);

string[] tickets =
{
    "I was charged twice for my subscription this month.",
    "I was charged twice for my subscription this month.",
    "The app shows an error and crashes when I open settings.",
    "I cannot log in, the password reset link never arrives.",
    "My parcel has not arrived, the delivery date was last week.",
};

foreach (string ticket in tickets)
{
    TicketCategory category = await triage.ClassifyAsync(ticket);
    bool human = await triage.NeedsHumanAsync(category, ticket);
    Console.WriteLine($"{category,-15} human today: {(human ? "yes" : "no "),-3}  {ticket}");
}

const string shortInvoice = "Invoice INV-1042. Total: 49.90";
const string longInvoice = """
    Northwind Traders, 12 Harbour Street. Invoice INV-2077, issued 3 March.
    Bill to: Contoso Ltd, accounts payable, 1 Main Road. Payment terms: 30 days net, bank transfer only.
    Item: annual support plan, premium, one seat. Total: 1249.00
    """;

foreach (string document in new[] { shortInvoice, longInvoice })
{
    Invoice invoice = await triage.ExtractInvoiceAsync(document);
    Console.WriteLine($"Invoice {invoice.InvoiceNumber} from {invoice.Vendor}: {invoice.Total} {invoice.Currency}, {invoice.Lines.Count} line(s)");
}

Console.Write("Draft reply: ");
await foreach (string part in triage.DraftReplyAsync(TicketCategory.Billing, tickets[0]))
{
    Console.Write(part);
}

Console.WriteLine();
foreach (OfflineChatClient client in clients)
{
    Console.WriteLine($"{client.ModelId}: {client.Calls} call(s)");
}
