using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 for inputs with few values (enum and bool holes, switch-backed ids) at Info; a free-text hole stays silent.</summary>
public class LowCardinalityRecurrenceTests
{
    [Fact]
    public Task LowCardinality_EnumAndBoolHoles_FiresAtInfo() => FiresAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Priority { Low, Normal, High, Urgent }

        public sealed class Escalation(IChatClient client)
        {
            public async Task<bool> NeedsEscalationAsync(Priority priority, bool vip) =>
                bool.Parse((await client.{|LLM2003:GetResponseAsync|}($"Does a {priority} ticket from a customer with VIP={vip} need escalation? Answer true or false.")).Text);
        }
        """, "every variable part of the prompt is an enum, a bool or a value from a small set: 'priority', 'vip'", DiagnosticSeverity.Info);

    [Fact]
    public Task LowCardinality_SwitchBackedIdAndEnumProperty_FiresAtInfo() => FiresAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Region { Eu, Us, Apac }
        public sealed record Ticket(Region Region, string Body);

        public sealed class Policy(IChatClient client)
        {
            public async Task<bool> RequiresConsentAsync(Ticket ticket)
            {
                string law = ticket.Region switch { Region.Eu => "GDPR", Region.Us => "CCPA", _ => "PDPA" };
                return bool.Parse((await client.{|LLM2003:GetResponseAsync|}($"Does {law} require consent for marketing e-mail in {ticket.Region}? Answer true or false.")).Text);
            }
        }
        """, "'law', 'Region'", DiagnosticSeverity.Info);

    [Fact]
    public Task LowCardinality_StringHole_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Priority { Low, Normal, High, Urgent }
        public sealed record Ticket(Priority Priority, string Body);

        public sealed class Escalation(IChatClient client)
        {
            public async Task<bool> NeedsEscalationAsync(Ticket ticket) =>
                bool.Parse((await client.GetResponseAsync($"Does this {ticket.Priority} ticket need escalation? {ticket.Body} Answer true or false.")).Text);
        }
        """, Refs);
}
