using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Generators.Tests.Functions;

/// <summary>A distilled classification function: the end-to-end distillation tests call it.</summary>
public partial class DistilledTriage(ILlmRuntime llm)
{
    /// <summary>The template of <see cref="ClassifyAsync"/>; <c>DistillEndToEndTests</c> compiles an edited copy of this class.</summary>
    public const string Template = "Classify this support ticket into one category.\nTicket: {ticket}";

    [Prompt(Template)]
    [Distill(Target = 0.97, ShadowRate = 0.5)]
    public partial Task<TicketCategory> ClassifyAsync(string ticket, CancellationToken cancellationToken = default);
}
