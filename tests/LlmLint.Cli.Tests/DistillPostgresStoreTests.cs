using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Commands;
using LlmLint.Distillation;
using LlmLint.Stores;
using LlmLint.Tests;

namespace LlmLint.Cli.Tests;

/// <summary><c>llmlint distill train --store "Host=…"</c> reads the captures an app wrote to its PostgreSQL store (a real server: PGlite).</summary>
public sealed class DistillPostgresStoreTests : IClassFixture<PgliteServer>, IDisposable
{
    private const string Function = "Support.Triage.ClassifyAsync";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-distill-pg-" + Guid.NewGuid().ToString("N"));
    private readonly PgliteServer _server;

    public DistillPostgresStoreTests(PgliteServer server)
    {
        _server = server;
        Directory.CreateDirectory(_dir);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Train_reads_the_captures_of_a_postgres_store_under_the_newest_template()
    {
        await using (var captures = new PostgresDistillationStore(new PostgresStoreOptions { ConnectionString = _server.ConnectionString }))
        {
            DateTimeOffset at = DateTimeOffset.UtcNow.AddHours(-1);
            await captures.AddAsync(new DistillationCapture(Function, "old-template", at.AddDays(-1), "old", "old", null, null, "refund", "refund", Tier.Large, "gpt-4o", null));
            int i = 0;
            foreach ((string text, string label) in DistillCommandTests.Rows(first: 0, count: 20))
            {
                await captures.AddAsync(new DistillationCapture(Function, "h-new", at.AddSeconds(i++), text, "Classify: " + text, null, null, label, label, Tier.Large, "gpt-4o", 0.002m));
            }
        }

        string models = Path.Combine(_dir, "models");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs(Function, _server.ConnectionString, null, null, models, 0.9, 42), stdout, stderr, CancellationToken.None);

        Assert.True(code == 0, stderr.ToString());
        StudentModel model = StudentModelFile.Read(StudentModelFile.PathFor(models, Function));
        Assert.Equal("h-new", model.TemplateHash);
        Assert.Equal(new[] { "password", "refund" }, model.Student.Classifier.Labels);
    }

    [Fact]
    public async Task A_postgres_store_without_the_function_exits_2_and_lists_what_it_holds()
    {
        string table = "llmlint_distill"; // the default table, as an app that set no TableName writes it
        await using (var captures = new PostgresDistillationStore(new PostgresStoreOptions { ConnectionString = _server.ConnectionString, TableName = table }))
        {
            await captures.AddAsync(new DistillationCapture("Other.Function", "h", DateTimeOffset.UtcNow, "x", "x", null, null, "A", "A", null, null, null));
        }

        var stderr = new StringWriter();
        int code = await DistillCommand.RunTrainAsync(new DistillCommand.TrainArgs("Nobody.Function", _server.ConnectionString, null, null, Path.Combine(_dir, "m"), 0.9, 42), TextWriter.Null, stderr, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("the PostgreSQL store holds no captures of 'Nobody.Function'", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("Other.Function", stderr.ToString(), StringComparison.Ordinal);
    }
}
