using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 in a loop over items (foreach, for, WhenAll, Parallel.ForEachAsync) fires; retry, fallback, polling and interactive loops, and one-off request handlers, do not.</summary>
public class LoopRecurrenceTests
{
    [Fact]
    public Task Loop_ForeachOverTickets_Fires() => FiresAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        internal sealed class Triage(IChatClient client)
        {
            internal async Task<List<Category>> RunAsync(IEnumerable<string> tickets)
            {
                var result = new List<Category>();
                foreach (string t in tickets)
                {
                    result.Add(Enum.Parse<Category>((await client.{|LLM2003:GetResponseAsync|}("Classify: " + t)).Text));
                }

                return result;
            }
        }
        """, "in a foreach loop over 'tickets'");

    [Fact]
    public Task Loop_ForOverArray_Anthropic_Fires() => FiresAsync("""
        using System;
        using System.Threading.Tasks;
        using Anthropic;
        using Anthropic.Models.Messages;

        public enum Priority { Low, High }

        internal static class Rating
        {
            internal static async Task<Priority[]> RateAsync(AnthropicClient client, string[] subjects)
            {
                var result = new Priority[subjects.Length];
                for (int i = 0; i < subjects.Length; i++)
                {
                    var m = await client.Messages.{|LLM2003:Create|}(new MessageCreateParams
                    {
                        Model = "claude-haiku-4-5",
                        MaxTokens = 5,
                        Messages = [new UserMessageParam("Priority of: " + subjects[i])],
                    });
                    result[i] = Enum.Parse<Priority>(m.ToString());
                }

                return result;
            }
        }
        """, "in a for loop");

    [Fact]
    public Task CallerLoop_PerItemTryWithCancellationBreakBeforeTheCall_Fires() => FiresAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public interface IClassifier { Task<Category> ClassifyAsync(string ticket); }

        public sealed class Classifier(IChatClient client) : IClassifier
        {
            public async Task<Category> ClassifyAsync(string ticket) =>
                Enum.Parse<Category>((await client.{|LLM2003:GetResponseAsync|}("Classify: " + ticket)).Text);
        }

        public sealed class Batch(IClassifier classifier)
        {
            public async Task RunAsync(IEnumerable<string> tickets, CancellationToken ct)
            {
                foreach (string t in tickets)
                {
                    try
                    {
                        if (ct.IsCancellationRequested)
                        {
                            break;
                        }

                        Console.WriteLine(await classifier.ClassifyAsync(t));
                    }
                    catch (InvalidOperationException)
                    {
                        Console.WriteLine("skipped");
                    }
                }
            }
        }
        """, "once per item ('Batch.RunAsync' calls 'Classifier.ClassifyAsync' in a foreach loop over 'tickets')");

    [Fact]
    public Task Loop_PerDocumentWithCircuitBreakerAfterTheCall_Fires() => FiresAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        internal sealed class Inbox(IChatClient client)
        {
            internal async Task RunAsync(IEnumerable<string> documents)
            {
                int failures = 0;
                foreach (string doc in documents)
                {
                    try
                    {
                        string text = doc.Trim();
                        var r = await client.{|LLM2003:GetResponseAsync|}("Classify: " + text);
                        if (!Enum.TryParse(r.Text, out Category c) && ++failures >= 3)
                        {
                            break;
                        }

                        Console.WriteLine(c);
                    }
                    catch (InvalidOperationException)
                    {
                        Console.WriteLine("skipped");
                    }
                }
            }
        }
        """, "in a foreach loop over 'documents'");

    [Fact]
    public Task Loop_FallbackOverModelsUntilOneAnswers_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public sealed class Triage(IChatClient client)
        {
            private static readonly string[] Models = { "gpt-4o-mini", "gpt-4.1-mini" };

            public async Task<Category> ClassifyAsync(string ticket)
            {
                foreach (string model in Models)
                {
                    try
                    {
                        var r = await client.GetResponseAsync("Classify: " + ticket, new ChatOptions { ModelId = model });
                        return Enum.Parse<Category>(r.Text);
                    }
                    catch (HttpRequestException)
                    {
                    }
                }

                throw new InvalidOperationException("no model answered");
            }
        }
        """, Refs);

    [Fact]
    public Task Loop_RetryLoop_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public sealed class Triage(IChatClient client)
        {
            public async Task<Category> ClassifyAsync(string ticket)
            {
                for (int attempt = 0; ; attempt++)
                {
                    try
                    {
                        return Enum.Parse<Category>((await client.GetResponseAsync("Classify: " + ticket)).Text);
                    }
                    catch (HttpRequestException) when (attempt < 3)
                    {
                        await Task.Delay(100);
                    }
                }
            }
        }
        """, Refs);

    [Fact]
    public Task Loop_PollUntilTheAnswerParses_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public sealed class Triage(IChatClient client)
        {
            public async Task<Category?> ClassifyAsync(string ticket)
            {
                for (int attempt = 0; attempt < 3; attempt++)
                {
                    var r = await client.GetResponseAsync("Classify: " + ticket);
                    if (Enum.TryParse(r.Text, out Category c))
                    {
                        return c;
                    }
                }

                return null;
            }
        }
        """, Refs);

    [Fact]
    public Task Loop_InteractiveConsoleLoop_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Intent { Question, Complaint }

        public static class Repl
        {
            public static async Task RunAsync(IChatClient client)
            {
                while (Console.ReadLine() is string line)
                {
                    Console.WriteLine(Enum.Parse<Intent>((await client.GetResponseAsync("Intent of: " + line)).Text));
                }
            }
        }
        """, Refs);

    [Fact]
    public Task Loop_WhenAllOverSelect_Fires() => FiresAsync("""
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Sentiment { Positive, Negative }

        internal sealed class Reviews(IChatClient client)
        {
            internal Task<Sentiment[]> RateAsync(IReadOnlyList<string> reviews) =>
                Task.WhenAll(reviews.Select(async r => Enum.Parse<Sentiment>((await client.{|LLM2003:GetResponseAsync|}("Sentiment of: " + r)).Text)));
        }
        """, "in a lambda passed to 'Enumerable.Select' over 'reviews'");

    [Fact]
    public Task Loop_ParallelForEachAsync_OpenAI_Fires() => FiresAsync("""
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public enum Category { Billing, Technical }

        internal sealed class Triage(ChatClient chat)
        {
            internal async Task RunAsync(IEnumerable<string> tickets, ConcurrentBag<Category> sink)
            {
                await Parallel.ForEachAsync(tickets, async (t, ct) =>
                {
                    ChatCompletion c = await chat.{|LLM2003:CompleteChatAsync|}(new ChatMessage[] { new UserChatMessage("Classify: " + t) }, cancellationToken: ct);
                    sink.Add(Enum.Parse<Category>(c.Content[0].Text));
                });
            }
        }
        """, "in a lambda passed to 'Parallel.ForEachAsync' over 'tickets'");

    [Fact]
    public Task RequestHandler_OneOffExtraction_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed record ContractTerms(string PartyA, string PartyB, string Start, string End);

        public sealed class ContractService(IChatClient client)
        {
            // A lawyer opens one contract: its text is unique, nothing repeats the call.
            public async Task<ContractTerms> OpenAsync(string contractText) =>
                (await client.GetResponseAsync<ContractTerms>("Extract the parties and dates of this contract: " + contractText, new ChatOptions { Temperature = 0 })).Result;
        }
        """, Refs);
}
