using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli.Tests;

public class EvalCascadeCommandTests
{
    [Fact]
    public async Task DataWithoutResponses_FailsClearly()
    {
        string path = Path.Combine(Path.GetTempPath(), "llmlint-cascade-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, "prompt,weak_correct,strong_correct\na,1,1\nb,0,1\n");
        try
        {
            var stderr = new StringWriter();
            Assert.Equal(2, await EvalCascadeCommand.RunAsync(new EvalCascadeCommand.Args(path, null, "text", 42, 0.95, 256), TextWriter.Null, stderr, CancellationToken.None));
            Assert.Contains("recorded weak response", stderr.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SharedDataFact("routellm/gsm8k")]
    public async Task Gsm8k_LearnedCascadeBeatsRandomAtTheSameCost()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.True(await EvalCascadeCommand.RunAsync(new EvalCascadeCommand.Args("routellm-gsm8k", SharedData.Find("routellm/gsm8k"), "json", 42, 0.95, 256), stdout, stderr, CancellationToken.None) == 0, stderr.ToString());
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.ToString());
        var learned = doc.RootElement.GetProperty("policies").GetProperty("cascade: learned scorer");
        Assert.True(learned.GetProperty("accuracy").GetDouble() > learned.GetProperty("randomAccuracyAtSameCost").GetDouble());
    }
}
