using System;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;
using LlmLint.Shadow;

namespace LlmLint.Cli.Tests;

public sealed class EvidenceCommandTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "llmlint-evidence-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    [Fact]
    public async Task PrintsVerdictPerFunction()
    {
        var store = new SqliteShadowResultStore(_path);
        for (int i = 0; i < 200; i++)
        {
            await store.AddAsync(new ShadowRecord("Classify", "Small", true, 0.0001, 0.001, 10, DateTimeOffset.UnixEpoch));
            await store.AddAsync(new ShadowRecord("Summarize", "Small", i % 5 != 0, 0.0001, 0.001, 1, DateTimeOffset.UnixEpoch));
        }

        await store.AddAsync(new ShadowRecord("Rare", "Small", true, 0, 0, 1, DateTimeOffset.UnixEpoch));

        var stdout = new StringWriter();
        Assert.Equal(0, await EvidenceCommand.RunAsync(new EvidenceCommand.Args(_path, 100, 0.95, "json"), stdout, TextWriter.Null, CancellationToken.None));
        using var doc = JsonDocument.Parse(stdout.ToString());
        var functions = doc.RootElement.GetProperty("functions");
        Assert.Equal("Classify", functions[0].GetProperty("function").GetString());
        Assert.Equal("safe to route", functions[0].GetProperty("verdict").GetString());
        Assert.Equal(2000, functions[0].GetProperty("calls").GetInt64());
        Assert.Equal(2000 * 0.0009, functions[0].GetProperty("savingUsd").GetDouble(), 6);
        Assert.Equal("need more samples", functions[1].GetProperty("verdict").GetString());
        Assert.Equal("keep on the larger tier", functions[2].GetProperty("verdict").GetString());

        var text = new StringWriter();
        Assert.Equal(0, await EvidenceCommand.RunAsync(new EvidenceCommand.Args(_path, 100, 0.95, "text"), text, TextWriter.Null, CancellationToken.None));
        Assert.Contains("Summarize", text.ToString());
        Assert.Contains("[73.9%, 85.0%]", text.ToString());
    }

    [Fact]
    public async Task MissingStore_And_BadTarget_Fail()
    {
        var stderr = new StringWriter();
        Assert.Equal(2, await EvidenceCommand.RunAsync(new EvidenceCommand.Args(_path, 100, 0.95, "text"), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("does not exist", stderr.ToString());
        stderr = new StringWriter();
        Assert.Equal(2, await EvidenceCommand.RunAsync(new EvidenceCommand.Args(_path, 100, 1.5, "text"), TextWriter.Null, stderr, CancellationToken.None));
        Assert.Contains("--target", stderr.ToString());
    }

    [Fact]
    public async Task The_store_is_never_written_to()
    {
        File.WriteAllBytes(_path, Array.Empty<byte>());
        var stdout = new StringWriter();

        Assert.Equal(0, await EvidenceCommand.RunAsync(new EvidenceCommand.Args(_path, 100, 0.95, "text"), stdout, TextWriter.Null, CancellationToken.None));

        Assert.Contains("no shadow results yet", stdout.ToString());
        Assert.Equal(0, new FileInfo(_path).Length);
        Assert.False(File.Exists(_path + "-wal"));
    }
}
