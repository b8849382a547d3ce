using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>
/// LLM2003 fires only when the same input plausibly recurs: each recurrence signal with a case that fires and a case
/// that does not, on the real SDK assemblies.
/// </summary>
public class RecurrenceSignalTests
{
    private static void Refs(TestSetup s) => s.Sdks = Sdks.All;

    private static async Task<Diagnostic> FiresAsync(string markup, string evidence, DiagnosticSeverity severity = DiagnosticSeverity.Warning)
    {
        var diagnostics = await VerifyCS.VerifyAnalyzerAsync(markup, Refs);
        Diagnostic d = Assert.Single(diagnostics);
        Assert.Contains(evidence, d.GetMessage());
        Assert.Equal(severity, d.Severity);
        return d;
    }

    // ---- loop over items -------------------------------------------------------------------------------------------

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

    // ---- one level up: the caller loops --------------------------------------------------------------------------------

    private const string ClassifierService = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Concurrent;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Billing, Technical }

        public sealed class TicketClassifier(IChatClient client)
        {
            public async Task<Category> ClassifyAsync(string ticket) =>
                Enum.Parse<Category>((await client.{|LLM2003:GetResponseAsync|}("Classify: " + ticket)).Text);
        }

        public static class Nightly
        {
            public static async Task RunAsync(TicketClassifier classifier, IEnumerable<string> tickets)
            {
                foreach (string t in tickets)
                {
                    Console.WriteLine(await classifier.ClassifyAsync(t));
                }
            }
        }
        """;

    [Fact]
    public Task CallerLoop_ServiceCalledPerItem_Fires() =>
        FiresAsync(ClassifierService, "once per item ('Nightly.RunAsync' calls 'TicketClassifier.ClassifyAsync' in a foreach loop over 'tickets')");

    [Fact]
    public Task CallerLoop_CallerGuardsWithDictionary_Silent() => VerifyCS.VerifyAnalyzerAsync(
        ClassifierService.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(
            "            Console.WriteLine(await classifier.ClassifyAsync(t));",
            "            if (!Seen.TryGetValue(t, out Category c)) { c = await classifier.ClassifyAsync(t); Seen[t] = c; }\n            Console.WriteLine(c);").Replace(
            "public static class Nightly\n{",
            "public static class Nightly\n{\n    private static readonly ConcurrentDictionary<string, Category> Seen = new();"), Refs);

    private const string TwoLevelsUp = """
        using System;
        using System.Collections.Concurrent;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Category { Invoice, Contract, Other }

        public sealed class DocumentClassifier(IChatClient client)
        {
            public async Task<Category> ClassifyAsync(string text) =>
                Enum.Parse<Category>((await client.{|LLM2003:GetResponseAsync|}("Classify this document: " + text)).Text);
        }

        public sealed class DocumentProcessor(DocumentClassifier classifier)
        {
            public async Task<string> ProcessFileAsync(string path)
            {
                string text = await System.IO.File.ReadAllTextAsync(path);
                Category c = await classifier.ClassifyAsync(text);
                return path + ": " + c;
            }
        }

        public static class Batch
        {
            public static async Task RunAsync(DocumentProcessor processor, string[] files)
            {
                foreach (string file in files)
                {
                    Console.WriteLine(await processor.ProcessFileAsync(file));
                }
            }
        }
        """;

    [Fact]
    public Task CallerLoop_TwoLevelsUp_Fires() => FiresAsync(TwoLevelsUp,
        "once per item ('Batch.RunAsync' calls 'DocumentProcessor.ProcessFileAsync' in a foreach loop over 'files'), which calls 'DocumentClassifier.ClassifyAsync'");

    [Fact]
    public Task CallerLoop_TwoLevelsUpCalledOnce_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TwoLevelsUp.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(
            "foreach (string file in files)\n        {\n            Console.WriteLine(await processor.ProcessFileAsync(file));\n        }",
            "Console.WriteLine(await processor.ProcessFileAsync(files[0]));"), Refs);

    [Fact]
    public Task CallerLoop_MiddleCallerGuardsWithCache_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TwoLevelsUp.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(
            "Category c = await classifier.ClassifyAsync(text);",
            "if (!Seen.TryGetValue(text, out Category c)) { c = await classifier.ClassifyAsync(text); Seen[text] = c; }").Replace(
            "public sealed class DocumentProcessor(DocumentClassifier classifier)\n{",
            "public sealed class DocumentProcessor(DocumentClassifier classifier)\n{\n    private static readonly ConcurrentDictionary<string, Category> Seen = new();"), Refs);

    [Fact]
    public Task CallerLoop_TwoLevelsUpWithOnlyTextualTaskEvidence_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TwoLevelsUp.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(
            "public async Task<Category> ClassifyAsync(string text) =>\n        Enum.Parse<Category>((await client.GetResponseAsync(\"Classify this document: \" + text)).Text);",
            "public async Task<string> ClassifyAsync(string text) =>\n        (await client.GetResponseAsync(\"Classify this document: \" + text)).Text;").Replace(
            "Category c = await classifier.ClassifyAsync(text);", "string c = await classifier.ClassifyAsync(text);"), Refs);

    [Fact]
    public Task CallerLoop_CallerIsACacheLayer_Silent() => VerifyCS.VerifyAnalyzerAsync(
        ClassifierService.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace("public static class Nightly", "public static class NightlyCacheRefresh"), Refs);

    [Fact]
    public Task CallerLoop_GenericBaseCalledForAnotherType_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public enum Mood { Positive, Negative }

        public class Note { public string Text { get; set; } = ""; public Mood Mood { get; set; } }
        public class Attendee { public string Name { get; set; } = ""; }

        public class Manager<T>
        {
            public virtual Task<T> AddAsync(T item) => Task.FromResult(item);
        }

        public sealed class NoteManager(IChatClient client) : Manager<Note>
        {
            public override async Task<Note> AddAsync(Note note)
            {
                note.Mood = Enum.Parse<Mood>((await client.GetResponseAsync("Classify the mood: " + note.Text)).Text);
                return await base.AddAsync(note);
            }
        }

        public static class Registration
        {
            public static async Task RegisterAsync(Manager<Attendee> attendees, IEnumerable<Attendee> people)
            {
                foreach (Attendee a in people)
                {
                    await attendees.AddAsync(a);
                }
            }
        }
        """, Refs);

    [Fact]
    public Task CallerLoop_ThreeLevelsUp_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TwoLevelsUp.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace(
            "Category c = await classifier.ClassifyAsync(text);",
            "Category c = await ClassifyTextAsync(text);\n        return path + \": \" + c;\n    }\n\n    private async Task<Category> ClassifyTextAsync(string text)\n    {\n        Category c = await classifier.ClassifyAsync(text);").Replace(
            "return path + \": \" + c;\n    }\n}", "return c;\n    }\n}"), Refs);

    // ---- background, periodic and scheduled jobs ----------------------------------------------------------------------

    [Fact]
    public Task BackgroundService_ExecuteAsync_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class Poller(IChatClient client, Func<Task<string>> nextDocument) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                string doc = await nextDocument();
                var r = await client.{|LLM2003:GetResponseAsync|}("Is this document urgent? Answer yes or no: " + doc, cancellationToken: stoppingToken);
                if (r.Text.Trim() == "yes")
                {
                    Console.WriteLine("urgent");
                }
            }
        }
        """, "in BackgroundService 'Poller.ExecuteAsync'");

    [Fact]
    public Task HostedService_StartAsyncOnce_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class Warmup(IChatClient client, string greeting) : IHostedService
        {
            // Runs once at start-up with free input: nothing recurs.
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                var r = await client.GetResponseAsync("Is this greeting polite? Answer yes or no: " + greeting, cancellationToken: cancellationToken);
                Console.WriteLine(r.Text.Trim() == "yes");
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """, Refs);

    [Fact]
    public Task HostedServiceTimerWorkMethod_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class TimedReview(IChatClient client, Func<string> latest) : IHostedService, IDisposable
        {
            private Timer? _timer;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _timer = new Timer(DoWork, null, TimeSpan.Zero, TimeSpan.FromMinutes(10));
                return Task.CompletedTask;
            }

            private async void DoWork(object? state)
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Does this entry break the posting rules? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("flag");
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public void Dispose() => _timer?.Dispose();
        }
        """, "in a System.Threading.Timer callback (through 'TimedReview.DoWork')");

    [Fact]
    public Task PeriodicTimerLoop_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Monitor(IChatClient client, Func<string> status)
        {
            public async Task WatchAsync(CancellationToken ct)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var r = await client.{|LLM2003:GetResponseAsync|}("Is this status an outage? Answer yes or no: " + status(), cancellationToken: ct);
                    if (r.Text.Trim() == "yes") Console.WriteLine("outage");
                }
            }
        }
        """, "in a PeriodicTimer loop");

    [Fact]
    public Task ThreadingTimerCallback_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using Microsoft.Extensions.AI;

        public sealed class Sampler : IDisposable
        {
            private readonly Timer _timer;

            public Sampler(IChatClient client, Func<string> sample)
            {
                _timer = new Timer(async _ =>
                {
                    var r = await client.{|LLM2003:GetResponseAsync|}("Is this log line an error? Answer yes or no: " + sample());
                    if (r.Text.Trim() == "yes") Console.WriteLine("error");
                }, null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public void Dispose() => _timer.Dispose();
        }
        """, "in a System.Threading.Timer callback");

    [Fact]
    public Task TimersTimerElapsedMethodGroup_Fires() => FiresAsync("""
        using System;
        using System.Timers;
        using Microsoft.Extensions.AI;

        public sealed class Sampler
        {
            private readonly IChatClient _client;
            private readonly Func<string> _sample;
            private readonly Timer _timer = new(60_000);

            public Sampler(IChatClient client, Func<string> sample)
            {
                _client = client;
                _sample = sample;
                _timer.Elapsed += OnElapsed;
            }

            private async void OnElapsed(object? sender, ElapsedEventArgs e)
            {
                var r = await _client.{|LLM2003:GetResponseAsync|}("Is this log line an error? Answer yes or no: " + _sample());
                if (r.Text.Trim() == "yes") Console.WriteLine("error");
            }
        }
        """, "in a System.Timers.Timer 'Elapsed' handler (through 'Sampler.OnElapsed')");

    [Fact]
    public Task Timer_CreatedButCallOutsideCallback_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Once(IChatClient client)
        {
            public async Task<bool> CheckAsync(string line)
            {
                using var timer = new Timer(_ => Console.WriteLine("tick"), null, 0, 1000);
                var r = await client.GetResponseAsync("Is this log line an error? Answer yes or no: " + line);
                return r.Text.Trim() == "yes";
            }
        }
        """, Refs);

    private const string Hangfire = """
        namespace Hangfire
        {
            public static class RecurringJob
            {
                public static void AddOrUpdate<T>(string recurringJobId, System.Linq.Expressions.Expression<System.Func<T, System.Threading.Tasks.Task>> methodCall, string cronExpression) { }
            }

            public static class BackgroundJob
            {
                public static string Enqueue<T>(System.Linq.Expressions.Expression<System.Func<T, System.Threading.Tasks.Task>> methodCall) => "";
            }
        }
        """;

    private const string ReportJob = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class ReportJob(IChatClient client, Func<string> latest)
        {
            public async Task RunAsync()
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Does this report need review? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("review");
            }
        }

        public static class Jobs
        {
            public static void Register() => Hangfire.RecurringJob.AddOrUpdate<ReportJob>("report", j => j.RunAsync(), "*/5 * * * *");
        }
        """;

    [Fact]
    public Task HangfireRecurringJob_ByName_Fires() =>
        FiresAsync(ReportJob + Hangfire, "in the Hangfire recurring job 'RecurringJob.AddOrUpdate' (through 'ReportJob.RunAsync')");

    [Fact]
    public Task HangfireEnqueueOnce_Silent() => VerifyCS.VerifyAnalyzerAsync(
        (ReportJob + Hangfire).Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync")
            .Replace("Hangfire.RecurringJob.AddOrUpdate<ReportJob>(\"report\", j => j.RunAsync(), \"*/5 * * * *\")", "Hangfire.BackgroundJob.Enqueue<ReportJob>(j => j.RunAsync())"), Refs);

    private const string QuartzJob = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Quartz
        {
            public interface IJobExecutionContext { }
            public interface IJob { Task Execute(IJobExecutionContext context); }
        }

        public sealed class DigestJob(IChatClient client, Func<string> latest) : Quartz.IJob
        {
            public async Task Execute(Quartz.IJobExecutionContext context)
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Is this digest empty? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("empty");
            }
        }
        """;

    [Fact]
    public Task QuartzJob_ByName_Fires() => FiresAsync(QuartzJob, "in the Quartz job 'DigestJob.Execute'");

    [Fact]
    public Task ExecuteMethodOfOtherInterface_Silent() => VerifyCS.VerifyAnalyzerAsync(
        QuartzJob.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace("namespace Quartz", "namespace Commands").Replace("Quartz.", "Commands."), Refs);

    // ---- constant prompt ----------------------------------------------------------------------------------------------

    [Fact]
    public Task ConstantPrompt_Fires() => FiresAsync("""
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Health(IChatClient client)
        {
            public async Task<bool> IsOpenAsync() =>
                bool.Parse((await client.{|LLM2003:GetResponseAsync|}("Is the office open on public holidays? Answer true or false.")).Text);
        }
        """, "the prompt has no variable part");

    private const string TemplatePrompt = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Health(IChatClient client)
        {
            private const string Question = "Is the office open on {day}? Answer true or false.";

            public async Task<bool> IsOpenAsync(string day) =>
                bool.Parse((await client.MARK(Question.Replace("{day}", VALUE))).Text);
        }
        """;

    [Fact]
    public Task ConstantPrompt_TemplateWithConstantReplacement_Fires() => FiresAsync(
        TemplatePrompt.Replace("MARK", "{|LLM2003:GetResponseAsync|}").Replace("VALUE", "\"public holidays\""), "the prompt has no variable part");

    [Fact]
    public Task ConstantPrompt_TemplateFilledWithAParameter_Silent() => VerifyCS.VerifyAnalyzerAsync(
        TemplatePrompt.Replace("MARK", "GetResponseAsync").Replace("VALUE", "day"), Refs);

    [Fact]
    public Task ConstantPrompt_InMain_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public static class Program
        {
            public static async Task Main()
            {
                IChatClient client = null!;
                Console.WriteLine(bool.Parse((await client.GetResponseAsync("Is the office open on public holidays? Answer true or false.")).Text));
            }
        }
        """, Refs);

    [Fact]
    public Task ConstantPrompt_ConnectionCheckTestingOnlyThatAnAnswerCame_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public sealed class Connection(ChatClient chat)
        {
            public async Task<bool> TestAsync()
            {
                var messages = new List<ChatMessage> { new SystemChatMessage("You are a helpful assistant."), new UserChatMessage("Say 'connected' if you can read this.") };
                var response = await chat.CompleteChatAsync(messages, new ChatCompletionOptions { MaxOutputTokenCount = 10 });
                return response.Value.Content.Count > 0;
            }

            public async Task WarmUpAsync() => await chat.CompleteChatAsync(new UserChatMessage("ping"));

            public async Task<bool> IsUpAsync() => await chat.CompleteChatAsync(new UserChatMessage("ping")) is not null;
        }
        """, Refs);

    [Fact]
    public Task ConstantPrompt_ConnectionCheckThatReturnsTheAnswer_Fires() => FiresAsync("""
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using OpenAI.Chat;

        public sealed class Connection(ChatClient chat)
        {
            public async Task<string> TestAsync()
            {
                var messages = new List<ChatMessage> { new UserChatMessage("Say 'connected' if you can read this.") };
                var response = await chat.{|LLM2003:CompleteChatAsync|}(messages, new ChatCompletionOptions { MaxOutputTokenCount = 10, Temperature = 0f });
                bool came = response.Value.Content.Count > 0;
                return came ? response.Value.Content[0].Text : "";
            }
        }
        """, "the prompt has no variable part", DiagnosticSeverity.Warning);

    // ---- low-cardinality inputs ---------------------------------------------------------------------------------------

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

    // ---- textual task evidence with structural recurrence: Info ------------------------------------------------------

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
