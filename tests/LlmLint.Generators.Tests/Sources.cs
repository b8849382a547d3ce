using System.Diagnostics.CodeAnalysis;

namespace LlmLint.Generators.Tests;

/// <summary>User sources shared by the snapshot, compilation and incrementality tests.</summary>
internal static class Sources
{
    [StringSyntax("C#-test")]
    public const string TicketTriage = """
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        namespace Support;

        public enum TicketCategory { Billing, Technical, Account, Other }

        public sealed record InvoiceLine(string Description, int Quantity, decimal Amount);

        public sealed record Invoice(string Number, string Vendor, decimal Total, string? Currency, List<InvoiceLine> Lines);

        public partial class TicketTriage(ILlmRuntime llm)
        {
            [Prompt("Classify this support ticket into one category.\nTicket: {ticket}")]
            [Route(Tier.Small)]
            [Cache(Semantic = true, Threshold = 0.92, Ttl = "1.00:00:00")]
            public partial Task<TicketCategory> ClassifyAsync(string ticket, CancellationToken cancellationToken = default);

            [Prompt("Extract the invoice fields from:\n{text}")]
            [Cascade(Tier.Small, Tier.Large)]
            public partial Task<Invoice> ExtractInvoiceAsync(string text, CancellationToken cancellationToken = default);
        }
        """;

    [StringSyntax("C#-test")]
    public const string Scalars = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        namespace Shop.Assistants;

        public enum Plan { Free, Pro }

        public sealed class Product
        {
            public string Name { get; set; } = "";
            public double? Rating { get; set; }
            public Plan[] Plans { get; set; } = Array.Empty<Plan>();
        }

        public partial class Helper
        {
            private readonly ILlmRuntime runtime;

            public Helper(ILlmRuntime runtime) => this.runtime = runtime;

            [Prompt("Is {amount:N2} on {day:yyyy-MM-dd} for plan {plan} unusual? {{strict}} {note}", System = "Be brief.", Temperature = 0.2, MaxOutputTokens = 4)]
            [Route(Tier.Medium)]
            [Cache(Ttl = "00:30:00")]
            public partial ValueTask<bool> IsUnusualAsync(decimal amount, DateTime day, Plan plan, int? note, [NotInPrompt] string requestId, CancellationToken cancellationToken);

            [Prompt("Count the words: {text}")]
            public partial Task<long> CountAsync(string text);

            [Prompt("Rate: {text}")]
            public partial Task<decimal> RateAsync(string text);

            [Prompt("Summarise: {text}")]
            public partial Task<string?> SummarizeAsync(string text);

            [Prompt("Reply to: {text}")]
            [Route(Tier.Large)]
            public partial IAsyncEnumerable<string> ReplyAsync(string text, CancellationToken cancellationToken = default);

            [Prompt("Products in: {lines}")]
            public partial Task<IReadOnlyList<Product>> ProductsAsync(IEnumerable<string> lines);
        }
        """;

    [StringSyntax("C#-test")]
    public const string EdgeCases = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        namespace Edge.Cases
        {
            public enum Mood { Happy, Sad, @class }

            public readonly record struct Score(int Value, Mood? Mood, string[] Reasons);

            public abstract record Base
            {
                protected ILlmRuntime Runtime { get; }

                protected Base(ILlmRuntime runtime) => Runtime = runtime;
            }

            public partial class Outer<T>
            {
                public partial record Inner : Base
                {
                    public Inner(ILlmRuntime runtime) : base(runtime) { }

                    [Prompt("Score {text} for {@class} on {when:O} with {flag} and {c}")]
                    [Cache(Ttl = "00:05:00")]
                    public partial Task<Score?> ScoreAsync(string text, Mood @class, DateTimeOffset? when, bool? flag, char c);

                    [Prompt("Score {text}")]
                    public partial Task<Score> ScoreAsync(string text, [NotInPrompt] int unusedButMarked, [NotInPrompt] CancellationToken token = default);

                    [Prompt("Mood of {text}")]
                    [Cascade(Tier.Small, Tier.Medium, Tier.Frontier)]
                    public partial ValueTask<Mood?> MoodAsync(string text);
                }
            }

            public static partial class Statics
            {
                private static ILlmRuntime? runtime;

                public static void Use(ILlmRuntime value) => runtime = value;

                [Prompt("Rate {x} with {ratio:P1}")]
                public static partial Task<double> RateAsync(this string x, float ratio);
            }
        }

        public partial class GlobalNamespaceType(ILlmRuntime llm)
        {
            [Prompt("Answer: {question}", System = "Answer in \"one\" word.\n")]
            public partial Task<string?> AnswerAsync(string question, params string[] hints);
        }
        """;

    [StringSyntax("C#-test")]
    public const string Distilled = """
        using System.Threading;
        using System.Threading.Tasks;
        using LlmLint;

        namespace Support;

        public enum Urgency { Low, Normal, High }

        public partial class Distilled(ILlmRuntime llm)
        {
            [Prompt("How urgent is this ticket?\nTicket: {ticket}", System = "You triage support tickets.")]
            [Distill(Target = 0.98, ShadowRate = 0.1)]
            public partial Task<Urgency> UrgencyAsync(string ticket, CancellationToken cancellationToken = default);

            [Prompt("Is {product} mentioned in: {text}")]
            [Cascade(Tier.Small, Tier.Large)]
            [Cache]
            [Distill(AnswerLocally = false)]
            public partial Task<bool> MentionsAsync(string product, string text, [NotInPrompt] int priority, CancellationToken cancellationToken = default);
        }
        """;
}
