using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;
using LlmLint.Distillation;

namespace LlmLint.Cli.Tests;

/// <summary><c>llmlint distill train</c> and <c>distill export</c>.</summary>
public sealed class DistillTrainExportTests : IDisposable
{
    private const string Function = "Support.Triage.ClassifyAsync";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-distill-cli-" + Guid.NewGuid().ToString("N"));

    public DistillTrainExportTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Export_writes_deduplicated_split_fine_tuning_jsonl_whose_every_line_is_a_valid_chat_example()
    {
        string store = Path.Combine(_dir, "captures.db");
        var captures = new SqliteDistillationStore(store);
        DateTimeOffset at = DateTimeOffset.UtcNow.AddHours(-1);
        await captures.AddAsync(new DistillationCapture(Function, "h0", at.AddDays(-1), "old", "Old template: old", null, null, "Billing", "Billing", Tier.Small, "gpt-4o", null));
        for (int i = 0; i < 30; i++)
        {
            string text = "ticket " + (i % 25); // 5 repeated prompts
            await captures.AddAsync(new DistillationCapture(Function, "h1", at.AddSeconds(i), text, "Classify: " + text, "You triage tickets.", null, i % 2 == 0 ? "Billing" : "Account", i % 2 == 0 ? "Billing" : "Account", Tier.Small, "gpt-4o", 0.001m));
        }

        var stdout = new StringWriter();
        var stderr = new StringWriter();
        string output = Path.Combine(_dir, "export");

        int code = await DistillCommand.RunExportAsync(new DistillCommand.ExportArgs(Function, store, null, null, output, 0.2, 42, null), stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stderr.ToString());
        Assert.Contains("30 captures, 25 unique prompts: 20 train, 5 validation", stdout.ToString(), StringComparison.Ordinal);
        var prompts = new Dictionary<string, HashSet<string>>();
        foreach (string split in new[] { "train", "validation" })
        {
            string[] lines = File.ReadAllLines(Path.Combine(output, $"openai.{split}.jsonl"));
            Assert.Equal(split == "train" ? 20 : 5, lines.Length);
            prompts[split] = new HashSet<string>();
            foreach (string line in lines)
            {
                using JsonDocument example = JsonDocument.Parse(line);
                Assert.Equal(JsonValueKind.Object, example.RootElement.ValueKind);
                JsonElement messages = example.RootElement.GetProperty("messages");
                Assert.Equal(JsonValueKind.Array, messages.ValueKind);
                Assert.Equal(new[] { "system", "user", "assistant" }, messages.EnumerateArray().Select(m => m.GetProperty("role").GetString()));
                Assert.All(messages.EnumerateArray(), m => Assert.False(string.IsNullOrEmpty(m.GetProperty("content").GetString())));
                Assert.Equal("You triage tickets.", messages[0].GetProperty("content").GetString());
                string prompt = messages[1].GetProperty("content").GetString()!;
                Assert.StartsWith("Classify: ticket ", prompt, StringComparison.Ordinal); // the newest template only
                Assert.True(prompts[split].Add(prompt), "a prompt is written once");
                Assert.Contains(messages[2].GetProperty("content").GetString(), new[] { "Billing", "Account" });
            }

            string[] generic = File.ReadAllLines(Path.Combine(output, $"generic.{split}.jsonl"));
            Assert.Equal(lines.Length, generic.Length);
            using JsonDocument first = JsonDocument.Parse(generic[0]);
            Assert.Equal(Function, first.RootElement.GetProperty("function").GetString());
            Assert.Equal("h1", first.RootElement.GetProperty("templateHash").GetString());
            Assert.StartsWith("ticket ", first.RootElement.GetProperty("input").GetString(), StringComparison.Ordinal);
        }

        Assert.Empty(prompts["train"].Intersect(prompts["validation"]));
    }

    [Fact]
    public async Task Export_keeps_the_newest_answer_of_a_repeated_prompt()
    {
        string csv = WriteCsv(("ticket a", "Billing"), ("ticket b", "Account"), ("ticket a", "Account"));
        string output = Path.Combine(_dir, "export");

        int code = await DistillCommand.RunExportAsync(new DistillCommand.ExportArgs(Function, null, csv, null, output, 0, 1, "You triage tickets."), TextWriter.Null, TextWriter.Null, CancellationToken.None);

        Assert.Equal(0, code);
        string[] lines = File.ReadAllLines(Path.Combine(output, "openai.train.jsonl"));
        Assert.Equal(2, lines.Length);
        Assert.Empty(File.ReadAllLines(Path.Combine(output, "openai.validation.jsonl")));
        Assert.Contains(lines, l => l.Contains("\"ticket a\"", StringComparison.Ordinal) && l.Contains("\"Account\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_writes_a_versioned_model_file_tied_to_the_template_hash()
    {
        string csv = WriteCsv(DistillCommandTests.Rows(first: 0, count: 20));
        string models = Path.Combine(_dir, "models");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, null, csv, "5fc61b44de72fb88", models, 0.9, 42), stdout, stderr, CancellationToken.None);
        int again = await DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, null, csv, "5fc61b44de72fb88", models, 0.9, 42), TextWriter.Null, stderr, CancellationToken.None);

        Assert.True(code == 0 && again == 0, stderr.ToString());
        Assert.Contains($"student {Function} v1 (template 5fc61b44de72fb88)", stdout.ToString(), StringComparison.Ordinal);
        StudentModel model = StudentModelFile.Read(StudentModelFile.PathFor(models, Function));
        Assert.Equal(2, model.Version);
        Assert.Equal("5fc61b44de72fb88", model.TemplateHash);
        Assert.Equal(new[] { "password", "refund" }, model.Student.Classifier.Labels);
        Assert.True(model.Student.HeldOut.LowerBound >= 0.9, stdout.ToString());
    }

    [Fact]
    public async Task Gate_lets_a_student_take_over_only_when_it_agrees_with_the_teacher_on_captures_it_never_saw()
    {
        string models = Path.Combine(_dir, "models");
        Assert.Equal(0, await DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, null, WriteCsv(DistillCommandTests.Rows(first: 0, count: 20)), "h1", models, 0.9, 42), TextWriter.Null, TextWriter.Null, CancellationToken.None));
        string model = StudentModelFile.PathFor(models, Function);
        DateTimeOffset after = StudentModelFile.Read(model).CreatedAt.AddSeconds(1);
        (string Text, string Label)[] later = DistillCommandTests.Rows(first: 20, count: 5);

        async Task<(int Code, string Output)> GateAsync(Func<string, string> teacher, DateTimeOffset at)
        {
            string store = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db");
            var captures = new SqliteDistillationStore(store);
            foreach ((string text, string label) in later)
            {
                await captures.AddAsync(new DistillationCapture(Function, "h1", at, text, text, null, null, teacher(label), teacher(label), Tier.Large, "gpt-4o", 0.002m));
            }

            var stdout = new StringWriter();
            int code = await DistillCommand.RunGateAsync(new DistillCommand.GateArgs(Function, store, model, 0.8, 15), stdout, TextWriter.Null, CancellationToken.None);
            return (code, stdout.ToString());
        }

        (int agreeing, string agreeingOutput) = await GateAsync(label => label, after);
        (int changed, string changedOutput) = await GateAsync(label => label == "refund" ? "password" : "refund", after);
        (int unseen, string unseenOutput) = await GateAsync(label => label, after.AddDays(-1));

        Assert.True(agreeing == 0, agreeingOutput);
        Assert.Contains("verdict: may take over", agreeingOutput, StringComparison.Ordinal);
        Assert.Equal(1, changed);
        Assert.Contains("below the target", changedOutput, StringComparison.Ordinal);
        Assert.Equal(1, unseen); // captures older than the model were (or could have been) its training data
        Assert.Contains("0 captures made after it was trained", unseenOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_2_with_the_reason()
    {
        string csv = WriteCsv(DistillCommandTests.Rows(first: 0, count: 20));
        string models = Path.Combine(_dir, "models");

        await AssertBad(w => DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, null, csv, null, models, 0.97, 42), TextWriter.Null, w, CancellationToken.None), "--template-hash");
        await AssertBad(w => DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, csv, csv, "h", models, 0.97, 42), TextWriter.Null, w, CancellationToken.None), "either --store");
        await AssertBad(w => DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, null, csv, "h", models, 1.2, 42), TextWriter.Null, w, CancellationToken.None), "--target");
        await AssertBad(w => DistillCommand.RunExportAsync(new DistillCommand.ExportArgs(Function, null, Path.Combine(_dir, "none.csv"), null, models, 0.1, 42, null), TextWriter.Null, w, CancellationToken.None), "none.csv");

        string store = Path.Combine(_dir, "captures.db");
        await new SqliteDistillationStore(store).AddAsync(new DistillationCapture("Other.Function", "h", DateTimeOffset.UtcNow, "x", "x", null, null, "A", "A", null, null, null));
        await AssertBad(w => DistillCommand.RunExportAsync(new DistillCommand.ExportArgs(Function, store, null, null, models, 0.1, 42, null), TextWriter.Null, w, CancellationToken.None), "it holds: Other.Function");
    }

    private static async Task AssertBad(Func<TextWriter, Task<int>> run, string expected)
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await run(stderr));
        Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
    }

    private string WriteCsv(params (string Text, string Label)[] rows)
    {
        var sb = new StringBuilder("text,label\n");
        foreach ((string text, string label) in rows)
        {
            sb.Append('"').Append(text.Replace("\"", "\"\"")).Append("\",").Append(label).Append('\n');
        }

        string path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }
}
