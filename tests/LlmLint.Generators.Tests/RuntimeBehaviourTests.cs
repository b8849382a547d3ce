using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Generators.Tests.Functions;
using LlmLint.Generators.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmLint.Generators.Tests;

/// <summary>
/// Calls the LLM functions in <c>Functions/</c>, implemented by the generator at build time, through a runtime over
/// fake per-tier clients. Every test runs against each runtime in <see cref="RuntimeFactories"/>.
/// </summary>
public sealed class RuntimeBehaviourTests
{
    private const string InvoiceJson = """
        {"invoiceNumber":"INV-7","vendor":"Acme","total":120.5,"currency":"usd","purchaseOrder":null,
         "lines":[{"description":"Widget","quantity":2,"amount":60.25}]}
        """;

    private readonly FakeChatClient small = new("small", (_, _) => throw new InvalidOperationException("The small tier was not expected."));
    private readonly FakeChatClient medium = new("medium", (_, _) => throw new InvalidOperationException("The medium tier was not expected."));
    private readonly FakeChatClient large = new("large", (_, _) => throw new InvalidOperationException("The large tier was not expected."));

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task Classify_goes_to_the_small_tier_and_returns_the_enum(string runtime)
    {
        small.Respond = (_, _) => " \"Technical issue.\" ";
        TicketFunctions functions = Create(runtime);

        TicketCategory category = await functions.ClassifyAsync("The printer is broken");

        Assert.Equal(TicketCategory.TechnicalIssue, category);
        var call = Assert.Single(small.Requests);
        string prompt = call.Messages.Single(m => m.Role == ChatRole.User).Text;
        Assert.Equal("Classify this support ticket into one category.\nTicket: The printer is broken\n\nAnswer with exactly one of: Billing, TechnicalIssue, Account, Other.", prompt);
        Assert.Equal(16, call.Options?.MaxOutputTokens);
        Assert.Empty(large.Requests);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task A_second_identical_call_is_served_from_the_cache(string runtime)
    {
        small.Respond = (_, _) => "Billing";
        TicketFunctions functions = Create(runtime);

        TicketCategory first = await functions.ClassifyAsync("I was charged twice");
        TicketCategory second = await functions.ClassifyAsync("  I was   charged\ttwice ");
        TicketCategory other = await functions.ClassifyAsync("Reset my password");

        Assert.Equal(TicketCategory.Billing, first);
        Assert.Equal(TicketCategory.Billing, second);
        Assert.Equal(TicketCategory.Billing, other);
        Assert.Equal(2, small.Requests.Count);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task A_cascade_escalates_when_the_small_answer_fails_validation(string runtime)
    {
        small.Respond = (_, _) => """{"invoiceNumber":"INV-7","total":120.5,"currency":"USD","purchaseOrder":null,"lines":[]}""";
        large.Respond = (_, _) => "```json\n" + InvoiceJson + "\n```";
        TicketFunctions functions = Create(runtime);

        Invoice invoice = await functions.ExtractInvoiceAsync("Invoice INV-7 from Acme ...");

        Assert.Equal("INV-7", invoice.InvoiceNumber);
        Assert.Equal("Acme", invoice.Vendor);
        Assert.Equal(120.5m, invoice.Total);
        Assert.Equal(Currency.Usd, invoice.Currency);
        Assert.Null(invoice.PurchaseOrder);
        InvoiceLine line = Assert.Single(invoice.Lines);
        Assert.Equal(new InvoiceLine("Widget", 2, 60.25m), line);
        Assert.Single(small.Requests);
        Assert.Single(large.Requests);

        var call = large.Requests[0];
        Assert.Equal(ChatRole.System, call.Messages[0].Role);
        Assert.Equal("You extract invoice data.", call.Messages[0].Text);
        var format = Assert.IsType<ChatResponseFormatJson>(call.Options?.ResponseFormat);
        Assert.Equal("Invoice", format.SchemaName);
        Assert.Contains("\"invoiceNumber\"", format.Schema?.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task A_cascade_stops_at_the_first_valid_answer(string runtime)
    {
        small.Respond = (_, _) => InvoiceJson;
        TicketFunctions functions = Create(runtime);

        Invoice invoice = await functions.ExtractInvoiceAsync("Invoice INV-7 from Acme ...");

        Assert.Equal("Acme", invoice.Vendor);
        Assert.Single(small.Requests);
        Assert.Empty(large.Requests);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task An_invalid_answer_on_the_last_tier_throws_with_the_function_and_raw_answer(string runtime)
    {
        small.Respond = (_, _) => "no idea";
        large.Respond = (_, _) => """{"invoiceNumber":"INV-7","vendor":"Acme","total":"lots","currency":"USD","lines":[]}""";
        TicketFunctions functions = Create(runtime);

        var exception = await Assert.ThrowsAsync<LlmResultValidationException>(() => functions.ExtractInvoiceAsync("Invoice"));

        Assert.Equal("LlmLint.Generators.Tests.Functions.TicketFunctions.ExtractInvoiceAsync", exception.FunctionId);
        Assert.Equal(Tier.Large, exception.Tier);
        Assert.Contains("\"lots\"", exception.RawAnswer, StringComparison.Ordinal);
        Assert.Contains("'total'", exception.Reason, StringComparison.Ordinal);
        Assert.Contains("ExtractInvoiceAsync", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task An_enum_answer_outside_the_choices_throws(string runtime)
    {
        small.Respond = (_, _) => "Refunds";
        TicketFunctions functions = Create(runtime);

        var exception = await Assert.ThrowsAsync<LlmResultValidationException>(() => functions.ClassifyAsync("Where is my refund?"));

        Assert.Equal("Refunds", exception.RawAnswer);
        Assert.Contains("ClassifyAsync", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Billing, TechnicalIssue, Account, Other", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task Formatting_is_invariant_and_NotInPrompt_stays_out_of_prompt_and_key(string runtime)
    {
        medium.Respond = (_, _) => "Yes.";
        TicketFunctions functions = Create(runtime);
        CultureInfo previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            bool urgent = await functions.IsUrgentAsync(1234.5m, 42, TicketCategory.Account, "angry", "trace-1");
            bool again = await functions.IsUrgentAsync(1234.5m, 42, TicketCategory.Account, "angry", "trace-2");

            Assert.True(urgent);
            Assert.True(again);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }

        var call = Assert.Single(medium.Requests);
        Assert.Equal(
            "Is a refund of 1,234.50 for customer 42 (Account) urgent? Notes: angry\n\nAnswer with true or false.",
            call.Messages.Single().Text);
        Assert.Equal(0f, call.Options?.Temperature);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task Numbers_strings_and_lists_are_typed(string runtime)
    {
        small.Respond = (messages, _) => messages[0].Text.StartsWith("How many", StringComparison.Ordinal)
            ? "3."
            : """{"items":["Widget","Gadget"]}""";
        large.Respond = (_, _) => "  A printer is broken.  ";
        TicketFunctions functions = Create(runtime);

        int count = await functions.CountItemsAsync("2 widgets and 1 gadget");
        string summary = await functions.SummarizeAsync("long text", default);
        List<string> names = await functions.ProductNamesAsync("widget and gadget");

        Assert.Equal(3, count);
        Assert.Equal("A printer is broken.", summary);
        Assert.Equal(new[] { "Widget", "Gadget" }, names);
        Assert.Equal(60, large.Requests.Single().Options?.MaxOutputTokens);
        Assert.StartsWith("List the product names in {braces} mentioned here:", small.Requests[1].Messages[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task Streamed_text_comes_from_the_routed_tier(string runtime)
    {
        small.Respond = (_, _) => "Thanks for writing";
        TicketFunctions functions = Create(runtime);

        var parts = new List<string>();
        await foreach (string part in functions.StreamReplyAsync("Hi"))
        {
            parts.Add(part);
        }

        Assert.Equal("Thanks for writing", string.Concat(parts).Trim());
        Assert.Single(small.Requests);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task A_settable_class_is_read_with_optional_and_required_members(string runtime)
    {
        small.Respond = (_, _) => """{"Name":"Ada","tags":["vip"],"email":null}""";
        var reader = new Outer.ContactReader(CreateRuntime(runtime));

        Contact contact = await reader.ReadAsync("Ada\nCTO", new[] { "sales", "emea" });

        Assert.Equal("Ada", contact.Name);
        Assert.Null(contact.Email);
        Assert.Null(contact.Age);
        Assert.Equal(new[] { "vip" }, contact.Tags);
        Assert.Contains("Labels: sales\nemea", small.Requests[0].Messages[0].Text, StringComparison.Ordinal);

        small.Respond = (_, _) => """{"email":"ada@example.com","tags":[]}""";
        var exception = await Assert.ThrowsAsync<LlmResultValidationException>(() => reader.ReadAsync("x", Array.Empty<string>()));
        Assert.Contains("'name' is missing", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuntimeFactories.Names), MemberType = typeof(RuntimeFactories))]
    public async Task A_batch_function_marks_its_request_for_the_batch_stage_and_other_functions_do_not(string runtime)
    {
        small.Respond = (_, _) => "Account";
        TicketFunctions functions = Create(runtime);

        Assert.Equal(TicketCategory.Account, await functions.ClassifyArchivedAsync("Close my old account"));
        Assert.Equal(TicketCategory.Account, await functions.ClassifyAsync("Close my old account"));

        Assert.Equal(2, small.Requests.Count);
        Assert.True(small.Requests[0].Options?.AdditionalProperties?[LlmLintPropertyKeys.Batch] is true);
        Assert.False(small.Requests[1].Options?.AdditionalProperties?.ContainsKey(LlmLintPropertyKeys.Batch) ?? false);
    }

    private TicketFunctions Create(string runtime) => new(CreateRuntime(runtime));

    private ILlmRuntime CreateRuntime(string runtime) =>
        RuntimeFactories.Create(runtime, new Dictionary<Tier, IChatClient> { [Tier.Small] = small, [Tier.Medium] = medium, [Tier.Large] = large });
}
