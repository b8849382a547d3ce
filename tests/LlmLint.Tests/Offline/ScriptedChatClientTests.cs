using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using LlmLint.Metering;
using LlmLint.Offline;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Offline;

public sealed class ScriptedChatClientTests
{
    [Fact]
    public async Task Rules_answer_in_order_and_Otherwise_answers_the_rest()
    {
        var client = new ScriptedChatClient("gpt-4o-mini")
            .WhenUserSays("refund", "Billing")
            .WhenUserMatches(@"pass ?word|log ?in", "Account")
            .WhenUserSays("refund my password", "never reached: an earlier rule matches")
            .Otherwise("Other");

        Assert.Equal("Billing", (await client.GetResponseAsync("I want a REFUND for my password reset")).Text);
        Assert.Equal("Account", (await client.GetResponseAsync("I cannot log in")).Text);
        Assert.Equal("Other", (await client.GetResponseAsync("The printer is on fire")).Text);
        Assert.Equal(3, client.CallCount);
        Assert.Equal(new[] { "Billing", "Account", "Other" }, client.Calls.Select(c => c.Answer));
    }

    [Fact]
    public async Task A_request_no_rule_answers_fails_and_names_it()
    {
        var client = new ScriptedChatClient().WhenUserSays("refund", "Billing");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Where is my parcel?"));

        Assert.Contains("'Where is my parcel?'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, client.CallCount);
    }

    [Fact]
    public void A_bad_pattern_is_an_argument_error()
    {
        Assert.ThrowsAny<ArgumentException>(() => new ScriptedChatClient().WhenUserMatches("(unclosed", "x"));
        Assert.Throws<ArgumentException>(() => new ScriptedChatClient(" "));
    }

    [Fact]
    public async Task The_response_reports_the_model_a_finish_reason_and_usage()
    {
        var client = ScriptedChatClient.FromCallback(r => "Echo: " + r.LastUserText, "claude-haiku-4-5");

        ChatResponse fromDefault = await client.GetResponseAsync(new[] { new ChatMessage(ChatRole.System, "Be brief."), new ChatMessage(ChatRole.User, "hello there") });
        ChatResponse fromOptions = await client.GetResponseAsync("hi", new ChatOptions { ModelId = "gpt-4o" });

        Assert.Equal("Echo: hello there", fromDefault.Text);
        Assert.Equal("claude-haiku-4-5", fromDefault.ModelId);
        Assert.Equal("gpt-4o", fromOptions.ModelId);
        Assert.Equal(ChatFinishReason.Stop, fromDefault.FinishReason);
        Assert.True(fromDefault.Usage!.InputTokenCount > 0);
        Assert.True(fromDefault.Usage.OutputTokenCount > 0);
        Assert.Equal(fromDefault.Usage.InputTokenCount + fromDefault.Usage.OutputTokenCount, fromDefault.Usage.TotalTokenCount);
        Assert.Equal("claude-haiku-4-5", client.GetService<ChatClientMetadata>()!.DefaultModelId);
    }

    [Fact]
    public async Task Streaming_gives_the_whole_answer_then_a_finish_reason_and_usage()
    {
        var client = new ScriptedChatClient().Otherwise("one two three");
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("count"))
        {
            updates.Add(update);
        }

        ChatResponse combined = updates.ToChatResponse();
        Assert.Equal("one two three", combined.Text);
        Assert.Equal(ChatFinishReason.Stop, combined.FinishReason);
        Assert.NotNull(combined.Usage);
        Assert.True(Assert.Single(client.Calls).Streamed);
    }

    [Fact]
    public async Task Metering_prices_the_scripted_usage_with_the_catalog()
    {
        var ledger = new InMemoryCostLedger();
        var scripted = new ScriptedChatClient("gpt-4o-mini").Otherwise("Billing");
        using var metered = new CostMeteringChatClient(scripted, new CostMeteringOptions { Ledger = ledger });

        await metered.GetResponseAsync("Classify: I was charged twice");

        CostRecord record = Assert.Single(ledger.Records);
        Assert.Equal("gpt-4o-mini", record.ModelId);
        Assert.True(record.InputTokens > 0);
        Assert.True(record.CostUsd > 0m);
    }

    [Fact]
    public async Task A_recording_answers_its_prompts_and_nothing_else()
    {
        string path = WriteTemp("""
            // recorded from the support triage sample
            {"prompt": "I was charged twice", "response": "Billing"}

            {"prompt": "  I cannot log in ", "response": "Account"}
            """);
        try
        {
            var client = ScriptedChatClient.FromRecording(path, "gpt-4o-mini");

            Assert.Equal("Billing", (await client.GetResponseAsync("I was charged twice")).Text);
            Assert.Equal("Account", (await client.GetResponseAsync("I cannot log in")).Text);
            await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("Something new"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"prompt\": \"a\"}", ":1: expected an object")]
    [InlineData("not json", ":1: not valid JSON")]
    [InlineData("{\"prompt\": \"a\", \"response\": \"x\"}\n{\"prompt\": \"a\", \"response\": \"y\"}", ":2: the prompt 'a' is recorded twice")]
    public void A_bad_recording_names_the_file_and_line(string content, string expected)
    {
        string path = WriteTemp(content);
        try
        {
            var error = Assert.Throws<FormatException>(() => RecordedAnswers.Load(path));
            Assert.Contains(path + expected, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_recording_is_named()
    {
        string path = Path.Combine(Path.GetTempPath(), "no-such-recording-" + Guid.NewGuid().ToString("N") + ".jsonl");
        var error = Assert.Throws<FileNotFoundException>(() => ScriptedChatClient.FromRecording(path));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private static string WriteTemp(string content)
    {
        string path = Path.Combine(Path.GetTempPath(), "llmlint-recording-" + Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllText(path, content, Encoding.UTF8);
        return path;
    }
}
