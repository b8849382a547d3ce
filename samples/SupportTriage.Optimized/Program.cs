using System;
using System.Linq;
using System.Threading.Tasks;
using LlmLint;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using SupportTriage.Optimized;

// SupportTriage, written the LlmLint way: typed [Prompt] functions on the small tier, a cache for repeated tickets, and a
// cascade that pays for the large model only when the small one fails validation. With OPENAI_API_KEY set the tiers are
// OpenAI's models through Microsoft.Extensions.AI.OpenAI (OpenAIClient.GetChatClient(model).AsIChatClient()); without it,
// offline clients stand in for the models, so the run needs no keys.
string? openAIKey = Environment.GetEnvironmentVariable("OPENAI_API_KEY");
(IChatClient small, IChatClient large, string smallModel) = TriageServices.CreateClients(
    openAIKey, args.Contains("--anthropic") ? TriageServices.AnthropicSmallModel : TriageServices.SmallModel);
// --ledger <file> keeps the cost records in a SQLite ledger, which 'llmlint usage export' turns into the traffic
// 'llmlint scan --usage' prices the report from.
int ledgerArg = Array.IndexOf(args, "--ledger");
ICostLedger ledger = ledgerArg >= 0 && ledgerArg + 1 < args.Length ? new SqliteCostLedger(args[ledgerArg + 1]) : new InMemoryCostLedger();

var services = new ServiceCollection();
services.AddSupportTriage(small, smallModel, large, ledger);
await using ServiceProvider provider = services.BuildServiceProvider();
TicketTriage triage = provider.GetRequiredService<TicketTriage>();

string[] tickets =
{
    "I was charged twice for my subscription this month.",
    "I was charged   twice for my subscription this month. ",
    "The app shows an error and crashes when I open settings.",
    "I cannot log in, the password reset link never arrives.",
    "My parcel has not arrived, the delivery date was last week.",
};

foreach (string ticket in tickets)
{
    TicketCategory category = await triage.ClassifyAsync(ticket);
    bool human = await triage.NeedsHumanAsync(category, ticket);
    Console.WriteLine($"{category,-15} human today: {(human ? "yes" : "no "),-3}  {ticket.Trim()}");
}

const string shortInvoice = "Invoice INV-1042. Total: 49.90";
const string longInvoice = """
    Northwind Traders, 12 Harbour Street. Invoice INV-2077, issued 3 March.
    Bill to: Contoso Ltd, accounts payable, 1 Main Road. Payment terms: 30 days net, bank transfer only.
    Item: annual support plan, premium, one seat. Total: 1249.00
    """;

foreach (string document in new[] { shortInvoice, longInvoice, shortInvoice })
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

// Free-form calls use the app's IChatClient (TriageServices: AddLlmLint(...).UseOpenTelemetry().UseLlmLintCache().UseCostMetering()):
// routed to the small tier, priced, and the repeated question is answered by the cache.
IChatClient chat = provider.GetRequiredService<IChatClient>();
async Task<ChatResponse> AskAsync(string question) =>
    await chat.GetResponseAsync(question, new ChatOptions { MaxOutputTokens = 60 }.WithFunctionId("Program.Ask"));
foreach (string question in new[] { "In one line, what is the refund policy?", "In one line, what is the refund policy?" })
{
    ChatResponse answer = await AskAsync(question);
    Console.WriteLine($"Ask{(answer.IsCacheHit() ? " (cache hit)" : string.Empty)}: {answer.Text}");
}

Console.WriteLine();
if (small is OfflineChatClient offlineSmall && large is OfflineChatClient offlineLarge)
{
    Console.WriteLine($"Calls: Small ({offlineSmall.ModelId}) {offlineSmall.Calls}, Large ({offlineLarge.ModelId}) {offlineLarge.Calls}");
}

Console.WriteLine($"Cache hits: {provider.GetRequiredService<LlmRuntime>().InvokeCache.Hits}");
Console.WriteLine();
Console.WriteLine($"{"function",-22} {"tier",-6} {"calls",5} {"ok",4} {"cost USD",11} {"saved USD",11} {"USD per success",16}");
decimal cost = 0, saved = 0;
foreach (CostSummary row in await ledger.QueryAsync())
{
    string function = row.FunctionId[(row.FunctionId.LastIndexOf('.') + 1)..];
    string perSuccess = row.CostPerSuccessfulRequest is { } value ? value.ToString("0.000000") : "-";
    Console.WriteLine($"{function,-22} {row.Tier?.ToString() ?? "-",-6} {row.Calls,5} {row.SuccessfulCalls,4} {row.CostUsd,11:0.000000} {row.SavedUsd,11:0.000000} {perSuccess,16}");
    cost += row.CostUsd;
    saved += row.SavedUsd;
}

Console.WriteLine($"Total cost {cost:0.000000} USD; saved {saved:0.000000} USD against sending every call to {TriageServices.LargeModel} uncached.");
