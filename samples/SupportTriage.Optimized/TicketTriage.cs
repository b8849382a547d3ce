using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmLint;

namespace SupportTriage.Optimized;

/// <summary>
/// The triage functions, written the way LlmLint means them: each is a typed partial method whose implementation the
/// generator writes. Classification is a constrained choice on the small tier, cached by meaning for a day; invoice
/// extraction starts on the small tier and escalates to the large one only when the answer fails validation.
/// </summary>
public partial class TicketTriage(ILlmRuntime llm)
{
    /// <summary>Classifies a ticket; a paraphrase of an earlier ticket is answered from the cache.</summary>
    [Prompt("Classify this support ticket into one category.\nTicket: {ticket}")]
    [Route(Tier.Small)]
    [Cache(Semantic = true, Threshold = 0.92, Ttl = "1.00:00:00")]
    public partial Task<TicketCategory> ClassifyAsync(string ticket, CancellationToken cancellationToken = default);

    /// <summary>Extracts the invoice in a ticket; a malformed small-tier answer escalates to the large tier.</summary>
    [Prompt("Extract the invoice fields from:\n{text}")]
    [Cascade(Tier.Small, Tier.Large)]
    [Cache(Ttl = "7.00:00:00")]
    public partial Task<Invoice> ExtractInvoiceAsync(string text, CancellationToken cancellationToken = default);

    /// <summary>Decides whether a ticket needs a human today.</summary>
    [Prompt("Does this {category} ticket need a human reply today?\nTicket: {ticket}")]
    [Route(Tier.Small)]
    [Cache]
    public partial Task<bool> NeedsHumanAsync(TicketCategory category, string ticket, CancellationToken cancellationToken = default);

    /// <summary>Streams a short first reply to the customer.</summary>
    [Prompt("Write a two-sentence first reply to this {category} ticket:\n{ticket}", MaxOutputTokens = 120)]
    [Route(Tier.Small)]
    public partial IAsyncEnumerable<string> DraftReplyAsync(TicketCategory category, string ticket, CancellationToken cancellationToken = default);
}
