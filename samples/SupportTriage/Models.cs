namespace SupportTriage;

/// <summary>Model ids used across the app.</summary>
internal static class Models
{
    public const string OpenAIDefault = "gpt-4o";
    public const string AnthropicDefault = "claude-opus-4-8";
}

public enum TicketCategory
{
    Billing,
    Technical,
    Account,
    Shipping,
    Other,
}

public enum TicketPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

public sealed record SupportTicket(string Id, string Customer, string Subject, string Body);

public sealed record InvoiceFields(string InvoiceNumber, string Vendor, decimal Total, string Currency, string DueDate);
