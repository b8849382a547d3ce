using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli.Tests;

public sealed class EvalCacheCommandTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "evalcache");

    [Fact]
    public async Task Json_prints_one_object_per_threshold_with_consistent_counts()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await EvalCacheCommand.RunAsync(Fixture, "json", null, false, null, null, null, null, null, stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stderr.ToString());
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(31, lines.Length); // 30 thresholds (0.70..0.99) + the summary line
        foreach (string line in lines.Take(30))
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            JsonElement root = doc.RootElement;
            Assert.Equal(5, root.GetProperty("queries").GetInt32());
            foreach (string side in new[] { "guardsOn", "guardsOff" })
            {
                JsonElement s = root.GetProperty(side);
                int hits = s.GetProperty("hits").GetInt32();
                Assert.Equal(hits, s.GetProperty("rightHits").GetInt32() + s.GetProperty("wrongHits").GetInt32());
                Assert.Equal(5, hits + s.GetProperty("misses").GetInt32());
            }
        }

        // The verbatim repeat of a stored question is a right hit even at 0.99, with and without guards.
        using JsonDocument last = JsonDocument.Parse(lines[29]);
        Assert.Equal(0.99, last.RootElement.GetProperty("threshold").GetDouble(), 3);
        Assert.True(last.RootElement.GetProperty("guardsOff").GetProperty("rightHits").GetInt32() >= 1);
        Assert.True(last.RootElement.GetProperty("guardsOn").GetProperty("rightHits").GetInt32() >= 1);

        // The shipping question has no stored answer: it can never be a right hit.
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.True(first.RootElement.GetProperty("guardsOff").GetProperty("rightHits").GetInt32() <= 4);
        using JsonDocument summary = JsonDocument.Parse(lines[30]);
        Assert.Equal("evalcache", summary.RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task Text_prints_the_table_and_the_recommendation_and_no_guards_drops_the_guarded_rows()
    {
        var stdout = new StringWriter();
        int code = await EvalCacheCommand.RunAsync(Fixture, "text", null, true, null, null, null, null, null, stdout, new StringWriter(), CancellationToken.None);

        Assert.Equal(0, code);
        string text = stdout.ToString();
        Assert.Contains("| 0.85 | off |", text);
        Assert.DoesNotContain("| 0.85 | on |", text);
        Assert.Contains("Recommended threshold (guard off)", text);
    }

    [Fact]
    public async Task Bad_input_fails_with_a_message_naming_what_was_wrong()
    {
        var stderr = new StringWriter();
        int code = await EvalCacheCommand.RunAsync(Path.Combine(Fixture, "missing"), "text", null, false, null, null, null, null, null, new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("missing", stderr.ToString());

        stderr = new StringWriter();
        code = await EvalCacheCommand.RunAsync("gptcache", "text", Path.Combine(Fixture, "no-such-root"), false, null, null, null, null, null, new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("gptcache", stderr.ToString());

        stderr = new StringWriter();
        code = await EvalCacheCommand.RunAsync(Fixture, "text", null, false, null, null, "lexical,bogus", null, null, new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("bogus", stderr.ToString());

        stderr = new StringWriter();
        code = await EvalCacheCommand.RunAsync(Fixture, "text", null, false, null, null, null, null, -0.1f, new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--distinct-margin", stderr.ToString());

        stderr = new StringWriter();
        code = await EvalCacheCommand.RunAsync(Fixture, "text", null, false, null, null, null, float.NaN, null, new StringWriter(), stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("--consensus-margin", stderr.ToString());
    }

    [Fact]
    public void Eval_cache_is_wired_under_the_eval_command()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(new[] { "eval", "cache", "--data", Fixture, "--format", "json", "--no-guards" }, stdout, stderr);
        Assert.True(code == 0, stderr.ToString());
        Assert.Equal(31, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Consensus_margins_are_options_of_the_command()
    {
        // One fixed margin (the rule before the adaptive margin) through the command line; the guarded rows are printed.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(new[] { "eval", "cache", "--data", Fixture, "--format", "json", "--consensus-margin", "0.05", "--distinct-margin", "0.05" }, stdout, stderr);

        Assert.True(code == 0, stderr.ToString());
        string first = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
        using JsonDocument doc = JsonDocument.Parse(first);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("guardsOn").ValueKind);
    }
}
