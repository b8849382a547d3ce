using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 one or two levels up: a method whose caller loops over items fires; a caller that guards with a cache, calls once, or is three levels away stays silent.</summary>
public class CallerLoopRecurrenceTests
{
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
}
