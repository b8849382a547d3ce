using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Evaluation.Tests;

public sealed class RouteLlmDataTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-eval-" + Guid.NewGuid().ToString("N"));

    public RouteLlmDataTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Csv_ParsesBooleansNumbersQuotesAndCosts()
    {
        const string csv = "prompt,weak_correct,strong_correct,weak_cost,strong_cost\n\"What is 2+2?\nAnswer:\",true,1,0.001,0.01\n\"Say \"\"hi\"\"\",0,False,0,0.02\n";
        var data = RouteLlmData.LoadCsv(new StringReader(csv), "t.csv");
        Assert.Equal(2, data.Samples.Count);
        Assert.Equal("What is 2+2?\nAnswer:", data.Samples[0].Prompt);
        Assert.Equal(1, data.Samples[0].WeakQuality);
        Assert.Equal(1, data.Samples[0].StrongQuality);
        Assert.Equal(0.001, data.Samples[0].WeakCost);
        Assert.Equal("Say \"hi\"", data.Samples[1].Prompt);
        Assert.Equal(0, data.Samples[1].StrongQuality);
        Assert.Equal(0.02, data.Samples[1].StrongCost);
    }

    [Theory]
    [InlineData("prompt,weak_correct\nx,1\n", "missing column 'strong_correct'")]
    [InlineData("prompt,weak_correct,strong_correct\nx,maybe,1\n", "row 2, column 'weak_correct': 'maybe'")]
    [InlineData("prompt,weak_correct,strong_correct\nx,1\n", "row 2 has 2 fields")]
    [InlineData("prompt,weak_correct,strong_correct,weak_cost\nx,1,1,0.1\n", "both 'weak_cost' and 'strong_cost'")]
    [InlineData("prompt,weak_correct,strong_correct,weak_cost,strong_cost\nx,1,1,-1,2\n", "'weak_cost': '-1'")]
    [InlineData("prompt,weak_correct,strong_correct\n", "no rows")]
    [InlineData("prompt,weak_correct,strong_correct\n\"open,1,1\n", "unterminated quoted field")]
    public void Csv_BadInput_NamesTheProblem(string csv, string expected)
    {
        var e = Assert.Throws<FormatException>(() => RouteLlmData.LoadCsv(new StringReader(csv), "bad.csv"));
        Assert.Contains("bad.csv", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Load_UnknownNameOrMissingFile_Throws()
    {
        var e = Assert.Throws<FileNotFoundException>(() => RouteLlmData.Load(Path.Combine(_dir, "nope.csv"), null));
        Assert.Contains("routellm-mmlu", e.Message);
    }

    [Fact]
    public void Mmlu_ExcludesContaminatedPromptsAfterWhitespaceNormalisation_AndUsesSubjects()
    {
        string folder = Path.Combine(_dir, "mmlu");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "mmlu_anatomy.csv"), "prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview\n\"Q1\nA. x\",True,True\n\"Q2  leaked\",False,True\n");
        File.WriteAllText(Path.Combine(folder, "mmlu_virology.csv"), "prompt,mistralai/Mixtral-8x7B-Instruct-v0.1,gpt-4-1106-preview\nQ3,False,False\n");
        File.WriteAllText(Path.Combine(folder, "contaminated_prompts.jsonl"), "{\"train_prompt\":\"q\",\"eval_prompt\":\"Q2 leaked\\n\",\"train_idx\":\"1\",\"eval_idx\":\"1\"}\n");
        var data = RouteLlmData.LoadMmlu(folder);
        Assert.Equal(1, data.Excluded);
        Assert.Equal(new[] { "Q1\nA. x", "Q3" }, data.Samples.Select(s => s.Prompt));
        Assert.Equal(new[] { "anatomy", "virology" }, data.Samples.Select(s => s.Group));
    }

    [Fact]
    public void Contaminated_InvalidJson_NamesFileAndLine()
    {
        string path = Path.Combine(_dir, "c.jsonl");
        File.WriteAllText(path, "{\"eval_prompt\":\"a\"}\n{oops\n");
        var e = Assert.Throws<FormatException>(() => RouteLlmData.LoadContaminated(path));
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public async Task RunAsync_OnSeparableCsv_LearnedRoutersBeatRandom_AndJsonHasTheSchema()
    {
        // Prompts about "algebra" are failed by the weak model; "greeting" prompts are not.
        var sb = new StringBuilder("prompt,weak_correct,strong_correct\n");
        for (int i = 0; i < 200; i++)
        {
            bool hard = i % 2 == 0;
            sb.Append(hard ? $"solve the algebra equation number {i} for x" : $"write a friendly greeting card number {i}")
              .Append(',').Append(hard ? 0 : 1).Append(",1\n");
        }

        var data = RouteLlmData.LoadCsv(new StringReader(sb.ToString()), "sep.csv");
        var report = await RouteEvaluation.RunAsync(data, EmbedderRegistry.ToBatchEmbedder(new HashingTextEmbedder()), "hashing", new RouteEvaluationOptions { K = 8 }, CancellationToken.None);
        var byName = report.Routers.ToDictionary(r => r.Name);
        Assert.Equal(0.5, byName["random"].Metrics.Apgr, 9);
        double oracle = byName["oracle"].Metrics.Apgr; // about 0.75 when half the prompts need the strong model
        Assert.True(byName["knn"].Metrics.Apgr > oracle - 0.02, $"knn APGR {byName["knn"].Metrics.Apgr} vs oracle {oracle}");
        Assert.True(byName["logistic"].Metrics.Apgr > oracle - 0.02, $"logistic APGR {byName["logistic"].Metrics.Apgr} vs oracle {oracle}");
        Assert.True(byName["knn"].Metrics.SavingAt95 > byName["random"].Metrics.SavingAt95);

        using var stream = new MemoryStream();
        RouteEvaluation.WriteJson(report, stream);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var routers = doc.RootElement.GetProperty("routers");
        foreach (string name in new[] { "knn", "logistic", "random" })
        {
            var r = routers.GetProperty(name);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("apgr").ValueKind);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("cpt50").ValueKind);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("cpt80").ValueKind);
            Assert.Equal(JsonValueKind.Number, r.GetProperty("savingAt95").ValueKind);
        }

        Assert.Equal("sep", doc.RootElement.GetProperty("dataset").GetString());
        Assert.Equal(100, doc.RootElement.GetProperty("test").GetInt32());
    }

    [Fact]
    public async Task RunAsync_PerGroupLogistic_LearnsAWordWhoseMeaningDependsOnTheGroup()
    {
        // In "physics" the weak model fails the prompts about "vectors"; in "poetry" it fails the ones about "rhymes".
        // Both words occur in both groups, so a shared weight per word (logistic+group) cannot tell hard from easy;
        // the per-group weights can.
        var sb = new StringBuilder("prompt,weak_correct,strong_correct,group\n");
        for (int i = 0; i < 400; i++)
        {
            bool physics = i % 2 == 0;
            bool vectors = (i / 2) % 2 == 0;
            bool hard = physics == vectors;
            sb.Append(vectors ? $"explain the vectors in item {i}" : $"explain the rhymes in item {i}")
              .Append(',').Append(hard ? 0 : 1).Append(",1,").Append(physics ? "physics" : "poetry").Append('\n');
        }

        var data = RouteLlmData.LoadCsv(new StringReader(sb.ToString()), "interaction.csv");
        var report = await RouteEvaluation.RunAsync(data, EmbedderRegistry.ToBatchEmbedder(new HashingTextEmbedder()), "hashing", new RouteEvaluationOptions { K = 8 }, CancellationToken.None);
        var byName = report.Routers.ToDictionary(r => r.Name);
        double perGroup = byName["logistic-per-group"].Metrics.Apgr;
        double shared = byName["logistic+group"].Metrics.Apgr;
        Assert.True(perGroup > byName["oracle"].Metrics.Apgr - 0.02, $"logistic-per-group APGR {perGroup:0.000}");
        Assert.True(perGroup > shared + 0.1, $"logistic-per-group APGR {perGroup:0.000} vs logistic+group {shared:0.000}");
    }

    [Fact]
    public void FindDataRoot_WalksUpToASharedDataFolderWithRouteLlm()
    {
        string deep = Path.Combine(_dir, "repo", "src", "deep");
        Directory.CreateDirectory(deep);
        Directory.CreateDirectory(Path.Combine(_dir, "repo", "shared", "data")); // no routellm/ inside: passed over
        Directory.CreateDirectory(Path.Combine(_dir, "shared", "data", "routellm"));
        Assert.Equal(Path.GetFullPath(Path.Combine(_dir, "shared", "data")), RouteLlmData.FindDataRoot(deep));
    }
}
