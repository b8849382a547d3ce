using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;

namespace LlmLint.Cli.Tests;

public sealed class EvalCachePairsTests
{
    private static string Fixture => Path.Combine(AppContext.BaseDirectory, "Fixtures", "evalcache");

    [Fact]
    public async Task A_pairs_file_with_wrong_columns_exits_2_naming_the_file_and_the_columns()
    {
        string file = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "question,answer\nhello,world\n");
        try
        {
            var stderr = new StringWriter();
            int code = await EvalCacheCommand.RunAsync(file, "text", null, false, null, null, null, null, null, new StringWriter(), stderr, CancellationToken.None);
            Assert.Equal(2, code);
            Assert.Contains(file, stderr.ToString());
            Assert.Contains("stored,query,same_meaning", stderr.ToString());
            Assert.Contains("question,answer", stderr.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_summary_carries_the_shipped_default_row_and_a_pairs_file_reports_what_was_served()
    {
        string file = Path.Combine(Path.GetTempPath(), $"pairs-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "stored,query,same_meaning\n\"How do I reset my password?\",\"How can I reset my password\",1\nBuy 10 shares of AAPL,Sell 10 shares of AAPL,0\n");
        try
        {
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            int code = await EvalCacheCommand.RunAsync(file, "json", null, false, null, null, null, null, null, ablateGuards: true, stdout, stderr, CancellationToken.None);
            Assert.True(code == 0, stderr.ToString());
            string[] lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            using JsonDocument summary = JsonDocument.Parse(lines[^2]);
            JsonElement shipped = summary.RootElement.GetProperty("default");
            Assert.Equal(0.65, shipped.GetProperty("threshold").GetDouble(), 3);
            Assert.Equal(1, shipped.GetProperty("differentMeaning").GetInt32());
            Assert.Equal(1, shipped.GetProperty("paraphrases").GetInt32());
            Assert.Equal(0, shipped.GetProperty("differentMeaningServed").GetInt32()); // buy/sell is never served
            using JsonDocument ablation = JsonDocument.Parse(lines[^1]);
            Assert.Contains(ablation.RootElement.GetProperty("ablation").EnumerateArray(), c => c.GetProperty("check").GetString() == "antonyms");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
