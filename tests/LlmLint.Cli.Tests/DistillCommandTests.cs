using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli.Tests;

public sealed class DistillCommandTests : IDisposable
{
    private static readonly string[] Items =
    {
        "shoes", "laptop", "jacket", "headphones", "blender", "sofa", "watch", "camera", "tent", "bike",
        "kettle", "printer", "lamp", "backpack", "drill", "mattress", "guitar", "monitor", "scarf", "toaster",
        "vacuum", "desk", "stroller", "tablet", "umbrella",
    };

    private static readonly string[] Sites =
    {
        "bank", "email", "shop", "work", "school", "game", "cloud", "phone", "music", "travel",
        "library", "insurance", "pharmacy", "airline", "hotel", "gym", "energy", "tax", "pension", "forum",
        "streaming", "council", "clinic", "parking", "utility",
    };
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-distill-" + Guid.NewGuid().ToString("N"));

    public DistillCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_two_intent_function_is_answered_locally_with_the_teacher_s_labels()
    {
        WriteCsv("store.csv", Rows(first: 0, count: 20));
        WriteCsv("query.csv", Rows(first: 20, count: 5));
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await DistillCommand.RunEvalAsync(new DistillCommand.EvalArgs(_dir, null, 0.9, 0.01m, "json", 42, NoEmbeddingCache: true), stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stderr.ToString());
        using JsonDocument report = JsonDocument.Parse(stdout.ToString());
        JsonElement recommended = report.RootElement.GetProperty("recommended");
        Assert.Equal(2, report.RootElement.GetProperty("labels").GetInt32());
        Assert.True(recommended.GetProperty("coverage").GetDouble() >= 0.5, stdout.ToString());
        Assert.True(recommended.GetProperty("agreement").GetDouble() >= 0.9, stdout.ToString());
        Assert.Equal(8, report.RootElement.GetProperty("curve").GetArrayLength());
        Assert.True(report.RootElement.GetProperty("decisionP50Ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Bad_input_exits_2_with_the_reason()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await DistillCommand.RunEvalAsync(new DistillCommand.EvalArgs(Path.Combine(_dir, "none"), null, 0.97, 0.01m, "text", 42, true), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("none", stderr.ToString(), StringComparison.Ordinal);

        stderr = new StringWriter();
        Assert.Equal(2, await DistillCommand.RunEvalAsync(new DistillCommand.EvalArgs(_dir, null, 1.5, 0.01m, "text", 42, true), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("--target", stderr.ToString(), StringComparison.Ordinal);

        WriteCsv("store.csv", new[] { ("only one label here", "refund"), ("another row", "refund") });
        WriteCsv("query.csv", new[] { ("a query", "refund") });
        stderr = new StringWriter();
        Assert.Equal(2, await DistillCommand.RunEvalAsync(new DistillCommand.EvalArgs(_dir, null, 0.97, 0.01m, "text", 42, true), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("two labels", stderr.ToString(), StringComparison.Ordinal);
    }

    internal static (string Text, string Label)[] Rows(int first, int count)
    {
        string[] refund = { "I want a refund for my {0}", "Please give me my money back for the {0}", "Can I return the {0} and get a refund?", "The {0} broke, I need my money back" };
        string[] password = { "I forgot my {0} password", "How do I reset my {0} password?", "My {0} login does not work anymore", "I am locked out of my {0} account" };
        return Enumerable.Range(first, count).SelectMany(i =>
            refund.Select(t => (string.Format(t, Items[i]), "refund")).Concat(password.Select(t => (string.Format(t, Sites[i]), "password")))).ToArray();
    }

    private void WriteCsv(string name, (string Text, string Label)[] rows)
    {
        var sb = new StringBuilder("text,label\n");
        foreach ((string text, string label) in rows)
        {
            sb.Append('"').Append(text.Replace("\"", "\"\"")).Append("\",").Append(label).Append('\n');
        }

        File.WriteAllText(Path.Combine(_dir, name), sb.ToString());
    }
}
