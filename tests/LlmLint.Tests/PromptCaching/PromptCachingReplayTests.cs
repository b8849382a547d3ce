using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.Metering;
using LlmLint.PromptCaching;
using Microsoft.Extensions.AI;
using SupportTriage;
using Xunit.Abstractions;

namespace LlmLint.Tests.PromptCaching;

/// <summary>
/// Replays the SupportTriage sample's policy-prompt call (PriorityRater: the support policy as system prompt, one ticket per
/// call, claude-opus-4-8) through the real Anthropic SDK adapter, against a simulated Anthropic prompt cache, with and without
/// <c>UsePromptCaching()</c>, metered by <c>UseCostMetering()</c>.
/// </summary>
public class PromptCachingReplayTests(ITestOutputHelper log)
{
    private const string Model = "claude-opus-4-8";
    private const decimal PerMillion = 1_000_000m;

    // The sample's tickets (samples/SupportTriage/Program.cs) and more of the same kind.
    private static readonly (string Customer, string Subject, string Body)[] Tickets =
    [
        ("Northwind", "Charged twice", "Invoice INV-2231 from Contoso Cloud for 1,240.00 EUR due 2026-12-01 was charged twice on our card."),
        ("Fabrikam", "Cannot log in", "Since this morning every login attempt returns error 500 for all of our 40 users."),
        ("Tailspin", "Where is my order?", "Order 88123 was due last Friday and the tracking page has not changed for six days."),
        ("Litware", "Export is slow", "The monthly CSV export takes two hours instead of ten minutes since the last release."),
        ("Adventure Works", "Data missing", "Three projects disappeared from our workspace after the migration yesterday evening."),
        ("Woodgrove", "Invoice address", "Please change the invoice address to our new office in Lyon from next month."),
        ("Contoso Pharma", "Suspicious login", "We received a login alert from a country where we have no staff. Please check."),
        ("Proseware", "Feature request", "Could the dashboard show the weekly totals next to the monthly ones?"),
    ];

    private static string Prompt((string Customer, string Subject, string Body) t) =>
        $"Rate the priority (Low, Normal, High or Urgent) of this ticket from {t.Customer}: {t.Subject}\n{t.Body}";

    private static async Task<List<ChatResponse>> ReplayAsync(bool promptCaching)
    {
        var provider = new SimulatedAnthropicCache();
        var handler = new RecordingHandler(provider.Respond);
        ChatClientBuilder builder = new ChatClientBuilder(ProviderClients.Anthropic(handler, Model)).UseCostMetering();
        if (promptCaching)
        {
            builder.UsePromptCaching();
        }

        IChatClient client = builder.Build();
        var responses = new List<ChatResponse>();
        foreach (var ticket in Tickets)
        {
            responses.Add(await client.GetResponseAsync(
                [new ChatMessage(ChatRole.System, SupportPolicy.Text), new ChatMessage(ChatRole.User, Prompt(ticket))],
                new ChatOptions { MaxOutputTokens = 10 }));
        }

        return responses;
    }

    private static decimal Cost(ChatResponse r) => (decimal)r.AdditionalProperties![LlmLintPropertyKeys.CostUsd]!;

    [Fact]
    public async Task PolicyPromptInputCost_FallsByTheCatalogsCachedReadRatio_AfterTheFirstCall()
    {
        ModelInfo opus = ModelCatalog.Default.Find(Model)!;
        List<ChatResponse> without = await ReplayAsync(promptCaching: false);
        List<ChatResponse> with = await ReplayAsync(promptCaching: true);

        long policy = with[0].Usage!.AdditionalCounts!["CacheCreationInputTokens"];
        Assert.InRange(policy, 2000, 2500); // the sample's ≈2,230-token policy prompt
        Assert.All(without, r => Assert.Equal(0, r.Usage!.CachedInputTokenCount ?? 0));
        Assert.All(with.Skip(1), r => Assert.Equal(policy, r.Usage!.CachedInputTokenCount));

        decimal output = SimulatedAnthropicCache.OutputTokens * opus.OutputPerMillion / PerMillion;
        for (int i = 0; i < Tickets.Length; i++)
        {
            long total = without[i].Usage!.InputTokenCount!.Value;
            Assert.Equal(total, with[i].Usage!.InputTokenCount);
            decimal inputWithout = Cost(without[i]) - output;
            decimal inputWith = Cost(with[i]) - output;
            decimal ticketPart = (total - policy) * opus.InputPerMillion / PerMillion;

            decimal policyWithout = inputWithout - ticketPart;
            decimal policyWith = inputWith - ticketPart;
            decimal expectedRatio = i == 0 ? opus.CacheWritePerMillion!.Value / opus.InputPerMillion : opus.CachedInputPerMillion / opus.InputPerMillion;
            Assert.Equal(expectedRatio, policyWith / policyWithout);
        }

        decimal sumWithout = without.Sum(Cost);
        decimal sumWith = with.Sum(Cost);
        Assert.True(sumWith < sumWithout);

        var inv = CultureInfo.InvariantCulture;
        log.WriteLine($"policy prompt: {policy} tokens (estimated); tickets: {Tickets.Length}; model {Model} (input ${opus.InputPerMillion}/M, cache write ${opus.CacheWritePerMillion}/M, cache read ${opus.CachedInputPerMillion}/M, output ${opus.OutputPerMillion}/M)");
        log.WriteLine("call | input tokens | cache write | cache read | cost without | cost with");
        for (int i = 0; i < Tickets.Length; i++)
        {
            log.WriteLine(string.Format(inv, "{0} | {1} | {2} | {3} | {4:0.000000} | {5:0.000000}", i + 1, with[i].Usage!.InputTokenCount,
                with[i].Usage!.AdditionalCounts?.GetValueOrDefault("CacheCreationInputTokens") ?? 0, with[i].Usage!.CachedInputTokenCount ?? 0, Cost(without[i]), Cost(with[i])));
        }

        log.WriteLine(string.Format(inv, "total: without {0:0.000000} USD, with {1:0.000000} USD ({2:0.0}% less)", sumWithout, sumWith, (1 - (sumWith / sumWithout)) * 100));
    }
}
