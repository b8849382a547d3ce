using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 at Info severity when the task is known only from the prompt's words and the input recurs structurally.</summary>
public class TextualTaskRecurrenceTests
{
    [Fact]
    public Task TextualTaskInLoop_FiresAtInfo() => FiresAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        internal sealed class Labels(IChatClient client)
        {
            internal async Task RunAsync(IEnumerable<string> emails)
            {
                foreach (string e in emails)
                {
                    var r = await client.{|LLM2003:GetResponseAsync|}("Classify this email into one of the following: billing, support, sales. " + e);
                    Console.WriteLine(r.Text);
                }
            }
        }
        """, "in a foreach loop over 'emails'", DiagnosticSeverity.Info);
}
