using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;
using LlmLint.Embeddings;

namespace LlmLint.Cli.Tests;

public sealed class EmbedCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-embed-cli-" + Guid.NewGuid().ToString("N"));

    public EmbedCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string ModelDir => EmbeddingModelLocator.Locate();

    private string Write(string name, string content)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Writes_one_array_per_line_in_input_order_to_stdout()
    {
        string[] texts = { "How do I reset my password?", "", "Ünïcödé café naïve résumé", "hello \"quoted\"\nnew line" };
        string input = Write("in.jsonl", string.Join("\n", texts.Select(t => JsonSerializer.Serialize(t))) + "\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        int code = await EmbedCommand.RunAsync(null, input, null, stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stderr.ToString());
        string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(texts.Length, lines.Length);
        LocalEmbeddingGenerator generator = LocalEmbeddingGenerator.Default;
        for (int i = 0; i < texts.Length; i++)
        {
            float[] parsed = JsonSerializer.Deserialize<float[]>(lines[i])!;
            float[] expected = generator.Embed(texts[i]);
            Assert.Equal(512, parsed.Length);
            Assert.Equal(expected, parsed); // "R" formatting round-trips exactly
        }
    }

    [Fact]
    public async Task Writes_to_the_output_file_with_an_explicit_model()
    {
        string input = Write("in.jsonl", "\"a\"\n\"b\"\n");
        string output = Path.Combine(_dir, "out", "vectors.jsonl");
        var stdout = new StringWriter();
        int code = await EmbedCommand.RunAsync(ModelDir, input, output, stdout, new StringWriter(), CancellationToken.None);
        Assert.Equal(0, code);
        Assert.Equal(string.Empty, stdout.ToString());
        Assert.Equal(2, File.ReadAllLines(output).Length);
    }

    [Theory]
    [InlineData("\"ok\"\n42\n", 2, "expected a JSON string, found number")]
    [InlineData("\"ok\"\n\"fine\"\n{\"text\": 1}\n", 3, "expected a JSON string, found object")]
    [InlineData("not json\n", 1, "not valid JSON")]
    [InlineData("\"ok\"\n\n\"after blank\"\n", 2, "empty line")]
    [InlineData("\"unterminated\n", 1, "not valid JSON")]
    public async Task Bad_lines_fail_with_the_line_number(string content, int line, string reason)
    {
        string input = Write("bad.jsonl", content);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await EmbedCommand.RunAsync(ModelDir, input, null, stdout, stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains($"{input}:{line}:", stderr.ToString());
        Assert.Contains(reason, stderr.ToString());
        Assert.Equal(string.Empty, stdout.ToString());
    }

    [Fact]
    public async Task Missing_input_and_missing_model_are_reported()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await EmbedCommand.RunAsync(ModelDir, Path.Combine(_dir, "none.jsonl"), null, new StringWriter(), stderr, CancellationToken.None));
        Assert.Contains("none.jsonl", stderr.ToString());

        stderr = new StringWriter();
        string input = Write("in.jsonl", "\"a\"\n");
        string noModel = Path.Combine(_dir, "no-model");
        Assert.Equal(2, await EmbedCommand.RunAsync(noModel, input, null, new StringWriter(), stderr, CancellationToken.None));
        Assert.Contains(noModel, stderr.ToString());
    }

    [Fact]
    public async Task Command_parses_its_options()
    {
        string input = Write("in.jsonl", "\"a\"\n");
        string output = Path.Combine(_dir, "parsed.jsonl");
        System.CommandLine.Command command = EmbedCommand.Create();
        var result = command.Parse(new[] { "--model", ModelDir, "--input", input, "--output", output });
        Assert.Empty(result.Errors);
        Assert.Equal(0, await result.InvokeAsync());
        Assert.Single(File.ReadAllLines(output));

        Assert.NotEmpty(command.Parse(Array.Empty<string>()).Errors); // --input is required
    }

    [Fact]
    public async Task A_lone_surrogate_is_bad_input_not_a_crash()
    {
        string input = Write("surrogate.jsonl", "\"ok\"\n\"\\ud800 alone\"\n");
        var stderr = new StringWriter();

        Assert.Equal(2, await EmbedCommand.RunAsync(ModelDir, input, null, new StringWriter(), stderr, CancellationToken.None));

        Assert.Contains($"{input}:2:", stderr.ToString());
        Assert.Contains("lone surrogate", stderr.ToString());
    }

    [Fact]
    public async Task An_interrupted_run_leaves_no_half_written_output_and_keeps_an_earlier_one()
    {
        string input = Write("in.jsonl", "\"a\"\n\"b\"\n");
        string output = Path.Combine(_dir, "kept.jsonl");
        File.WriteAllText(output, "earlier\n");
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => EmbedCommand.RunAsync(ModelDir, input, output, new StringWriter(), new StringWriter(), cancelled.Token));

        Assert.Equal("earlier\n", File.ReadAllText(output));
        Assert.Equal(new[] { "in.jsonl", "kept.jsonl" }, Directory.GetFiles(_dir).Select(Path.GetFileName).Order().ToArray());
    }
}
