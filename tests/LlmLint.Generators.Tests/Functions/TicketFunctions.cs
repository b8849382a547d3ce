using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Generators.Tests.Functions;

public enum TicketCategory
{
    Billing,
    TechnicalIssue,
    Account,
    Other,
}

public enum Currency
{
    Eur,
    Usd,
    Gbp,
}

public sealed record InvoiceLine(string Description, int Quantity, decimal Amount);

public sealed record Invoice(string InvoiceNumber, string Vendor, decimal Total, Currency Currency, string? PurchaseOrder, IReadOnlyList<InvoiceLine> Lines);

public sealed class Contact
{
    public string Name { get; set; } = string.Empty;

    public string? Email { get; set; }

    public int? Age { get; init; }

    public List<string> Tags { get; set; } = new();
}

/// <summary>LLM functions the generator implements inside this test assembly; the behaviour tests call them.</summary>
public partial class TicketFunctions(ILlmRuntime llm)
{
    [Prompt("Classify this support ticket into one category.\nTicket: {ticket}")]
    [Route(Tier.Small)]
    [Cache(Semantic = true, Threshold = 0.92, Ttl = "1.00:00:00")]
    public partial Task<TicketCategory> ClassifyAsync(string ticket, CancellationToken cancellationToken = default);

    [Prompt("Classify this archived ticket into one category.\nTicket: {ticket}")]
    [Route(Tier.Small)]
    [Batch]
    public partial Task<TicketCategory> ClassifyArchivedAsync(string ticket, CancellationToken cancellationToken = default);

    [Prompt("Extract the invoice fields from:\n{text}", System = "You extract invoice data.")]
    [Cascade(Tier.Small, Tier.Large)]
    public partial Task<Invoice> ExtractInvoiceAsync(string text, CancellationToken cancellationToken = default);

    [Prompt("Is a refund of {amount:N2} for customer {customerId} ({plan}) urgent? Notes: {notes}", Temperature = 0)]
    [Route(Tier.Medium)]
    [Cache]
    public partial ValueTask<bool> IsUrgentAsync(decimal amount, int customerId, TicketCategory plan, string notes, [NotInPrompt] string traceId, CancellationToken cancellationToken = default);

    [Prompt("How many items does this order list?\n{order}")]
    public partial Task<int> CountItemsAsync(string order);

    [Prompt("Summarise in one sentence: {text}", MaxOutputTokens = 60)]
    [Route(Tier.Large)]
    public partial Task<string> SummarizeAsync(string text, CancellationToken cancellationToken);

    [Prompt("Write a friendly reply to: {ticket}")]
    public partial IAsyncEnumerable<string> StreamReplyAsync(string ticket, CancellationToken cancellationToken = default);

    [Prompt("List the product names in {{braces}} mentioned here:\n{text}")]
    public partial Task<List<string>> ProductNamesAsync(string text);
}

/// <summary>A type whose runtime handle is a field, with a static-free, nested layout.</summary>
public static partial class Outer
{
    public partial class ContactReader
    {
        private readonly ILlmRuntime runtime;

        public ContactReader(ILlmRuntime runtime) => this.runtime = runtime;

        [Prompt("Read the contact from this e-mail signature:\n{signature}\nLabels: {labels}")]
        public partial Task<Contact> ReadAsync(string signature, IReadOnlyList<string> labels);
    }
}
