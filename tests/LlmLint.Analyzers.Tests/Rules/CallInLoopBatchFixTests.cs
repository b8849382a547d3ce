using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using LlmLint.Analyzers.Tests.Recurrence;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.AI;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CallInLoopAnalyzer, LlmLint.CodeFixes.CallInLoopBatchFixer>;

namespace LlmLint.Analyzers.Tests.Rules;

/// <summary>LLM2005's fix: the request of a call made per item is marked for the batch route, and the program still runs.</summary>
public class CallInLoopBatchFixTests
{
    private const string WithBatch = "global::LlmLint.LlmLintChatOptionsExtensions.WithBatch";
    private const string NewOptions = "new global::Microsoft.Extensions.AI.ChatOptions()";

    private const string Nightly = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public class NightlySummaries
        {
            private readonly IChatClient _client;
            private readonly ChatOptions _shared = new ChatOptions { ModelId = "gpt-4o", AdditionalProperties = new AdditionalPropertiesDictionary { ["team"] = "support" } };

            public NightlySummaries(IChatClient client) => _client = client;

            public async Task<List<string>> RunAsync(IEnumerable<string> documents)
            {
                var list = new List<string>();
                foreach (var d in documents)
                {
                    list.Add((await _client.{|LLM2005:GetResponseAsync|}(OPTIONS)).Text);
                }

                return list;
            }

            public ChatOptions Shared => _shared;
        }
        """;

    private static string Source(string options) => Nightly.Replace("OPTIONS", options);

    private static string Fixed(string options) => Source(options).Replace("{|LLM2005:GetResponseAsync|}", "GetResponseAsync");

    [Fact]
    public async Task Options_made_at_the_call_are_marked_in_place()
    {
        string fixedSource = Fixed("\"Summarise: \" + d, " + WithBatch + "(new ChatOptions { ModelId = \"gpt-4o\" })");
        await VerifyCS.VerifyFixAsync(Source("\"Summarise: \" + d, new ChatOptions { ModelId = \"gpt-4o\" }"), fixedSource);
        FixedProgram.AssertCompiles(fixedSource, Sdks.All);
    }

    [Fact]
    public async Task A_call_without_options_gets_marked_options()
    {
        string fixedSource = Fixed("\"Summarise: \" + d, options: " + WithBatch + "(" + NewOptions + ")");
        await VerifyCS.VerifyFixAsync(Source("\"Summarise: \" + d"), fixedSource);
        FixedProgram.AssertCompiles(fixedSource, Sdks.All);
    }

    [Fact]
    public async Task Shared_options_are_copied_before_they_are_marked()
    {
        string fixedSource = Fixed("\"Summarise: \" + d, " + WithBatch + "((_shared)?.Clone() ?? " + NewOptions + ")");
        await VerifyCS.VerifyFixAsync(Source("\"Summarise: \" + d, _shared"), fixedSource);
        FixedProgram.AssertCompiles(fixedSource, Sdks.All);
    }

    [Fact]
    public async Task Fix_all_marks_every_call_of_the_document()
    {
        string source = Source("\"Summarise: \" + d") + """

            public class Tagger(IChatClient client)
            {
                public async Task TagAsync(string[] items)
                {
                    for (int i = 0; i < items.Length; i++)
                    {
                        await client.{|LLM2005:GetResponseAsync|}("Tag: " + items[i], null);
                    }
                }
            }
            """;
        string fixedSource = source.Replace("{|LLM2005:GetResponseAsync|}(\"Summarise: \" + d)", "GetResponseAsync(\"Summarise: \" + d, options: " + WithBatch + "(" + NewOptions + "))")
            .Replace("{|LLM2005:GetResponseAsync|}(\"Tag: \" + items[i], null)", "GetResponseAsync(\"Tag: \" + items[i], " + WithBatch + "(" + NewOptions + "))");
        await VerifyCS.VerifyFixAllAsync(source, fixedSource);
        FixedProgram.AssertCompiles(fixedSource, Sdks.All);
    }

    /// <summary>
    /// The fixed program runs against a plain client and a shared options object: every request carries the batch
    /// mark, the answers are the same, and the shared options object is left as it was.
    /// </summary>
    [Fact]
    public async Task The_fixed_program_runs_and_leaves_shared_options_unchanged()
    {
        string fixedSource = Fixed("\"Summarise: \" + d, " + WithBatch + "((_shared)?.Clone() ?? " + NewOptions + ")");
        await FixedProgram.RunAsync(fixedSource, Sdks.All, async assembly =>
        {
            var upstream = new OptionsRecordingChatClient("A summary");
            object summaries = Activator.CreateInstance(assembly.GetType("NightlySummaries")!, (IChatClient)upstream)!;
            var task = (Task<List<string>>)summaries.GetType().GetMethod("RunAsync")!.Invoke(summaries, new object[] { new[] { "first", "second" } })!;

            List<string> answers = await task;

            Assert.Equal(new[] { "A summary", "A summary" }, answers);
            Assert.Equal(2, upstream.Options.Count);
            Assert.All(upstream.Options, o => Assert.Equal(true, o!.AdditionalProperties![LlmLint.LlmLintPropertyKeys.Batch]));
            Assert.All(upstream.Options, o => Assert.Equal("gpt-4o", o!.ModelId));
            var shared = (ChatOptions)summaries.GetType().GetProperty("Shared")!.GetValue(summaries)!;
            Assert.False(shared.AdditionalProperties!.ContainsKey(LlmLint.LlmLintPropertyKeys.Batch));
            Assert.All(upstream.Options, o => Assert.Equal("support", o!.AdditionalProperties!["team"]));
        });
    }

    [Fact]
    public async Task No_fix_in_a_request_handler_or_without_the_runtime()
    {
        const string Endpoint = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.AI;

            [ApiController]
            public class TagsController(IChatClient client) : ControllerBase
            {
                [HttpPost("tags")]
                public async Task<List<string>> Tag(List<string> items)
                {
                    var tags = new List<string>();
                    foreach (var item in items)
                    {
                        tags.Add((await client.{|LLM2005:GetResponseAsync|}("Tag: " + item)).Text);
                    }

                    return tags;
                }
            }
            """;
        await VerifyCS.VerifyNoFixAsync(Endpoint);
        await VerifyCS.VerifyNoFixAsync(Source("\"Summarise: \" + d"), s => s.Sdks = Sdks.MicrosoftExtensionsAI);
    }

    /// <summary>Records the options of each request and answers with a fixed text.</summary>
    private sealed class OptionsRecordingChatClient(string answer) : IChatClient
    {
        private readonly List<ChatOptions?> _options = new();

        public IReadOnlyList<ChatOptions?> Options
        {
            get
            {
                lock (_options)
                {
                    return _options.ToList();
                }
            }
        }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            lock (_options)
            {
                _options.Add(options);
            }

            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The fixed program under test does not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
