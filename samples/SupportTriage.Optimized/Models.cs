using System.Collections.Generic;

namespace SupportTriage.Optimized;

/// <summary>The queue a support ticket goes to.</summary>
public enum TicketCategory
{
    Billing,
    TechnicalIssue,
    Account,
    Shipping,
    Other,
}

/// <summary>One line of an invoice.</summary>
public sealed record InvoiceLine(string Description, int Quantity, decimal Amount);

/// <summary>The fields the triage app reads from an invoice attached to a ticket.</summary>
public sealed record Invoice(string InvoiceNumber, string Vendor, decimal Total, string Currency, string? PurchaseOrder, IReadOnlyList<InvoiceLine> Lines);
