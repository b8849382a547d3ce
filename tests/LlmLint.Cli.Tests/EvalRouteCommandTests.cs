using System;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli.Tests;

public sealed class EvalRouteCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-cli-eval-" + Guid.NewGuid().ToString("N"));

    public EvalRouteCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCsv()
    {
        var sb = new StringBuilder("prompt,weak_correct,strong_correct,weak_cost,strong_cost\n");
        for (int i = 0; i < 120; i++)
        {
            bool hard = i % 3 == 0;
            sb.Append(hard ? $"prove the theorem about primes number {i}" : $"say thanks politely number {i}")
              .Append(',').Append(hard ? "false" : "true").Append(",true,0.001,0.01\n");
        }

        string path = Path.Combine(_dir, "outcomes.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public async Task Json_HasMetricsForRouterAndRandomBaseline()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(WriteCsv(), null, "hashing", "json", 42, 0.95, 256, 0.5), stdout, stderr, CancellationToken.None);
        Assert.True(code == 0, stderr.ToString());
        using var doc = JsonDocument.Parse(stdout.ToString());
        var routers = doc.RootElement.GetProperty("routers");
        double knnSaving = routers.GetProperty("knn").GetProperty("savingAt95").GetDouble();
        double randomSaving = routers.GetProperty("random").GetProperty("savingAt95").GetDouble();
        Assert.Equal(0.5, routers.GetProperty("random").GetProperty("apgr").GetDouble(), 6);
        Assert.True(knnSaving > randomSaving, $"{knnSaving} vs {randomSaving}");
        Assert.Equal(JsonValueKind.Number, routers.GetProperty("logistic").GetProperty("cpt80").ValueKind);
        Assert.Equal(5, doc.RootElement.GetProperty("calibrationFolds").GetInt32());
        Assert.Equal(doc.RootElement.GetProperty("test").GetInt32(), doc.RootElement.GetProperty("train").GetInt32(), 1.0);
        Assert.Equal(JsonValueKind.Number, routers.GetProperty("knn").GetProperty("cvSavingAt95").ValueKind);
        foreach (string name in new[] { "random", "logistic" })
        {
            foreach (string metric in new[] { "apgr", "cpt50", "cpt80", "savingAt95" })
            {
                Assert.True(routers.GetProperty(name).TryGetProperty(metric, out _), $"{name}.{metric}");
            }
        }
    }

    [Fact]
    public async Task MaxTokens_OutOfRange_FailsWithAClearMessage()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(WriteCsv(), null, "hashing", "text", 1, 0.95, 256, 0.5, MaxTokens: 0), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("--max-tokens", stderr.ToString());
    }

    [Fact]
    public async Task Text_IsDeterministic()
    {
        string csv = WriteCsv();
        var a = new StringWriter();
        var b = new StringWriter();
        await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(csv, null, "hashing", "text", 7, 0.95, 256, 0.5), a, TextWriter.Null, CancellationToken.None);
        await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(csv, null, "hashing", "text", 7, 0.95, 256, 0.5), b, TextWriter.Null, CancellationToken.None);
        static string StripTimes(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\d+\.\d ?s", "t");
        Assert.Equal(StripTimes(a.ToString()), StripTimes(b.ToString()));
        Assert.Contains("APGR", a.ToString());
    }

    [Fact]
    public async Task BadCsv_And_UnknownEmbedder_FailWithAClearMessage()
    {
        string bad = Path.Combine(_dir, "bad.csv");
        File.WriteAllText(bad, "prompt,weak\nx,1\n");
        var stderr = new StringWriter();
        Assert.Equal(2, await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(bad, null, "hashing", "text", 1, 0.95, 256, 0.5), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("missing column 'weak_correct'", stderr.ToString());

        stderr = new StringWriter();
        Assert.Equal(2, await EvalRouteCommand.RunAsync(new EvalRouteCommand.Args(bad, null, "nope", "text", 1, 0.95, 256, 0.5), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("unknown embedder 'nope'", stderr.ToString());
    }

    [Fact]
    public void Create_ParsesOptions()
    {
        var command = EvalRouteCommand.Create();
        var result = command.Parse(new[] { "--data", "routellm-mmlu", "--format", "json", "--seed", "3" });
        Assert.Empty(result.Errors);
        Assert.Empty(command.Parse(new[] { "--data", "x", "--max-tokens", "64", "--embedding-cache", "/tmp/c", "--no-embedding-cache" }).Errors);
        Assert.NotEmpty(command.Parse(new[] { "--data", "x", "--format", "xml" }).Errors);
    }
}
