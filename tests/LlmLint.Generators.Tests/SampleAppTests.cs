using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.DependencyInjection;
using LlmLint.Metering;
using Microsoft.Extensions.DependencyInjection;
using SupportTriage.Optimized;

namespace LlmLint.Generators.Tests;

/// <summary>
/// Runs the SupportTriage.Optimized sample's generated functions end to end, as the app wires them: <c>AddSupportTriage</c>
/// (<c>AddLlmLint</c> with two tiers, the exact cache and cost metering) over the sample's offline clients.
/// </summary>
public sealed class SampleAppTests
{
    private const string LongInvoice = """
        Northwind Traders, 12 Harbour Street. Invoice INV-2077, issued 3 March.
        Bill to: Contoso Ltd, accounts payable, 1 Main Road. Payment terms: 30 days net, bank transfer only.
        Item: annual support plan, premium, one seat. Total: 1249.00
        """;

    [Theory]
    [InlineData(TriageServices.SmallModel)]
    [InlineData(TriageServices.AnthropicSmallModel)]
    public async Task The_triage_functions_route_cache_escalate_and_are_metered(string smallModel)
    {
        var small = new OfflineChatClient(smallModel);
        var large = new OfflineChatClient(TriageServices.LargeModel);
        var ledger = new InMemoryCostLedger();
        await using ServiceProvider provider = new ServiceCollection().AddSupportTriage(small, smallModel, large, ledger).BuildServiceProvider();
        TicketTriage triage = provider.GetRequiredService<TicketTriage>();

        Assert.Equal(TicketCategory.Billing, await triage.ClassifyAsync("I was charged twice for my subscription this month."));
        Assert.Equal(TicketCategory.Billing, await triage.ClassifyAsync(" I was charged  twice for my subscription\tthis month."));
        Assert.Equal(TicketCategory.TechnicalIssue, await triage.ClassifyAsync("The app shows an error and crashes when I open settings."));
        Assert.Equal(TicketCategory.Account, await triage.ClassifyAsync("I cannot log in, the password reset link never arrives."));
        Assert.True(await triage.NeedsHumanAsync(TicketCategory.Billing, "I was charged twice."));
        Assert.Equal(4, small.Calls);
        Assert.Equal(0, large.Calls);

        Invoice shortInvoice = await triage.ExtractInvoiceAsync("Invoice INV-1042. Total: 49.90");
        Assert.Equal(("INV-1042", 49.90m), (shortInvoice.InvoiceNumber, shortInvoice.Total));
        Assert.Equal(0, large.Calls);

        // The small model truncates the long invoice's JSON: the cascade escalates, and the accepted answer is cached.
        Invoice longInvoice = await triage.ExtractInvoiceAsync(LongInvoice);
        Invoice again = await triage.ExtractInvoiceAsync(LongInvoice);
        Assert.Equal(("INV-2077", 1249.00m, "EUR"), (longInvoice.InvoiceNumber, longInvoice.Total, longInvoice.Currency));
        Assert.Equal(longInvoice.InvoiceNumber, again.InvoiceNumber);
        Assert.Equal(6, small.Calls);
        Assert.Equal(1, large.Calls);
        Assert.Equal(2, provider.GetRequiredService<LlmRuntime>().InvokeCache.Hits);

        IReadOnlyList<CostSummary> summaries = await ledger.QueryAsync();
        Assert.All(summaries, s => Assert.Equal(0, s.UnknownCostCalls));
        CostSummary escalated = Assert.Single(summaries, s => s.FunctionId.EndsWith(".ExtractInvoiceAsync", StringComparison.Ordinal) && s.Tier == Tier.Large);
        Assert.Equal((2L, 2L), (escalated.Calls, escalated.SuccessfulCalls)); // the escalated answer and its cache hit
        Assert.True(escalated.CostUsd > 0m);
        CostSummary classify = Assert.Single(summaries, s => s.FunctionId == "SupportTriage.Optimized.TicketTriage.ClassifyAsync");
        Assert.Equal((4L, 4L), (classify.Calls, classify.SuccessfulCalls));
        Assert.True(classify.CostUsd > 0m && classify.CostUsd < escalated.CostUsd, $"classify cost {classify.CostUsd}, escalation {escalated.CostUsd}");
        Assert.True(classify.SavedUsd > classify.CostUsd, "the small tier and the cache hit save against gpt-4o");
        Assert.Equal(summaries.Sum(s => s.Calls), ledger.Records.Count);
    }

    [Fact]
    public async Task The_streamed_reply_comes_from_the_small_tier()
    {
        var small = new OfflineChatClient(TriageServices.SmallModel);
        var large = new OfflineChatClient(TriageServices.LargeModel);
        await using ServiceProvider provider = new ServiceCollection().AddSupportTriage(small, TriageServices.SmallModel, large, new InMemoryCostLedger()).BuildServiceProvider();
        TicketTriage triage = provider.GetRequiredService<TicketTriage>();

        var parts = new List<string>();
        await foreach (string part in triage.DraftReplyAsync(TicketCategory.Billing, "I was charged twice."))
        {
            parts.Add(part);
        }

        Assert.StartsWith("Thanks for reaching out", string.Concat(parts), StringComparison.Ordinal);
        Assert.Equal((1, 0), (small.Calls, large.Calls));
    }
}
