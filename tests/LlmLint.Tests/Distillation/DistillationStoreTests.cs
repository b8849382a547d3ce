using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.Stores;
using Npgsql;

namespace LlmLint.Tests.Distillation;

/// <summary>The same contract for the in-memory, the SQLite and the PostgreSQL distillation store: order, template filter, retention by count and age.</summary>
public sealed class DistillationStoreTests : IDisposable, IClassFixture<PgliteServer>
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-distill-store-" + Guid.NewGuid().ToString("N"));
    private readonly ManualTimeProvider _time = new();

    private readonly PgliteServer _postgres;

    public DistillationStoreTests(PgliteServer postgres)
    {
        _postgres = postgres;
        Directory.CreateDirectory(_dir);
    }

    public static TheoryData<string> Stores => new() { "memory", "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Captures_round_trip_oldest_first_and_filter_by_template(string kind)
    {
        IDistillationStore store = Create(kind, new DistillationRetention());
        DistillationCapture full = Capture("f", "h1", 0) with { SystemPrompt = "sys", Arguments = "x=1:a;", Tier = Tier.Large, ModelId = "gpt-4o", CostUsd = 0.000125m };
        await store.AddAsync(full);
        await store.AddAsync(Capture("f", "h2", 1) with { Label = null, Tier = null, ModelId = null, CostUsd = null });
        await store.AddAsync(Capture("g", "h1", 2));

        IReadOnlyList<DistillationCapture> all = await store.ReadAsync("f");
        Assert.Equal(new[] { "input-0", "input-1" }, all.Select(c => c.Input));
        Assert.Equal(full, all[0]);
        Assert.Null(all[1].Label);
        Assert.Null(all[1].CostUsd);
        Assert.Equal(new[] { "input-0" }, (await store.ReadAsync("f", "h1")).Select(c => c.Input));
        Assert.Empty(await store.ReadAsync("nobody"));
        Assert.Equal(new[] { "f", "g" }, await store.FunctionsAsync());
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Retention_keeps_the_newest_captures_of_each_function_up_to_the_count(string kind)
    {
        IDistillationStore store = Create(kind, new DistillationRetention { MaxCapturesPerFunction = 3 });
        for (int i = 0; i < 7; i++)
        {
            await store.AddAsync(Capture("f", "h", i));
        }

        await store.AddAsync(Capture("g", "h", 100));

        Assert.Equal(new[] { "input-4", "input-5", "input-6" }, (await store.ReadAsync("f")).Select(c => c.Input));
        Assert.Single(await store.ReadAsync("g"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Retention_drops_captures_older_than_the_age(string kind)
    {
        IDistillationStore store = Create(kind, new DistillationRetention { MaxAge = TimeSpan.FromDays(1) });
        await store.AddAsync(Capture("f", "h", 0, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromHours(20));
        await store.AddAsync(Capture("f", "h", 1, _time.GetUtcNow()));
        _time.Advance(TimeSpan.FromHours(5));

        Assert.Equal(new[] { "input-1" }, (await store.ReadAsync("f")).Select(c => c.Input));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await store.ReadAsync("f"));
        Assert.Empty(await store.FunctionsAsync());
    }

    [Fact]
    public void Bad_retention_is_refused_with_the_limit_named()
    {
        var count = Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryDistillationStore(new DistillationRetention { MaxCapturesPerFunction = 0 }));
        Assert.Equal("MaxCapturesPerFunction", count.ParamName);
        var age = Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteDistillationStore(Path.Combine(_dir, "x.db"), new DistillationRetention { MaxAge = TimeSpan.Zero }));
        Assert.Equal("MaxAge", age.ParamName);
    }

    [Fact]
    public async Task The_sqlite_file_is_owner_only_and_re_created_when_deleted()
    {
        string path = Path.Combine(_dir, "captures.db");
        var store = new SqliteDistillationStore(path, timeProvider: _time);
        await store.AddAsync(Capture("f", "h", 0));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        File.Delete(path);
        File.Delete(path + "-wal");
        File.Delete(path + "-shm");
        await store.AddAsync(Capture("f", "h", 1));

        Assert.Equal(new[] { "input-1" }, (await store.ReadAsync("f")).Select(c => c.Input));
        Assert.Equal(1, store.Recoveries);
    }

    [Fact]
    public async Task The_postgres_table_is_created_again_when_dropped()
    {
        string table = "distill_" + Guid.NewGuid().ToString("N");
        await using var store = new PostgresDistillationStore(PostgresOptions(table), timeProvider: _time);
        await store.AddAsync(Capture("f", "h", 0));
        await using (var connection = new NpgsqlConnection(_postgres.ConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP TABLE {table}", connection);
            await drop.ExecuteNonQueryAsync();
        }

        await store.AddAsync(Capture("f", "h", 1));

        Assert.Equal(new[] { "input-1" }, (await store.ReadAsync("f")).Select(c => c.Input));
        Assert.Equal(1, store.Recoveries);
    }

    [Fact]
    public void A_bad_postgres_table_name_is_refused_with_the_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgresDistillationStore(PostgresOptions("captures; drop")));
        Assert.Contains("captures; drop", error.Message, StringComparison.Ordinal);
        Assert.Equal("options", error.ParamName);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static DistillationCapture Capture(string function, string hash, int i, DateTimeOffset? at = null) =>
        new(function, hash, at ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(i), "input-" + i, "prompt " + i, null, null, "answer " + i, "label-" + (i % 2), Tier.Small, "gpt-4o-mini", 0.0001m);

    private IDistillationStore Create(string kind, DistillationRetention retention) => kind switch
    {
        "memory" => new InMemoryDistillationStore(retention, _time),
        "sqlite" => new SqliteDistillationStore(Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".db"), retention, _time),
        _ => new PostgresDistillationStore(PostgresOptions("distill_" + Guid.NewGuid().ToString("N")), retention, _time),
    };

    private PostgresStoreOptions PostgresOptions(string table) => new() { ConnectionString = _postgres.ConnectionString, TableName = table, SerializeConnections = true };
}
