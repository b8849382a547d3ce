using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Generators.Tests.Functions;

/// <summary>A function whose long, constant policy is its system prompt: the static prefix a provider can cache.</summary>
public partial class PolicyFunctions(ILlmRuntime llm)
{
    [Prompt("Rate the priority of this ticket: Urgent, High, Normal or Low.\nTicket: {ticket}", System = SupportTriage.SupportPolicy.Text)]
    [Route(Tier.Large)]
    public partial Task<string> RateAsync(string ticket, CancellationToken cancellationToken = default);
}
