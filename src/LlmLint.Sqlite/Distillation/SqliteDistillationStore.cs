using System.Globalization;

namespace LlmLint.Distillation;

/// <summary>A persistent <see cref="IDistillationStore"/> in one SQLite file (table <c>llmlint_distill</c>, created when missing).</summary>
/// <remarks>
/// Thread-safe. The file is created readable by its owner only (0600 on Unix): it holds prompts and answers. A busy database is
/// waited for at most one second; a file deleted or replaced under a running store is re-created (<see cref="Recoveries"/>).
/// Each add drops the function's captures beyond the retention.
/// </remarks>
public sealed class SqliteDistillationStore : IDistillationStore
{
    private const string Schema = "PRAGMA journal_mode=WAL; CREATE TABLE IF NOT EXISTS llmlint_distill(id INTEGER PRIMARY KEY AUTOINCREMENT, function TEXT NOT NULL, template TEXT NOT NULL, ts INTEGER NOT NULL, input TEXT NOT NULL, prompt TEXT NOT NULL, system TEXT NULL, arguments TEXT NULL, answer TEXT NOT NULL, label TEXT NULL, tier INTEGER NULL, model TEXT NULL, cost TEXT NULL); CREATE INDEX IF NOT EXISTS llmlint_distill_function ON llmlint_distill(function, id)";
    private const string Columns = "function, template, ts, input, prompt, system, arguments, answer, label, tier, model, cost";
    private readonly SqliteDatabase _database;
    private readonly DistillationRetention _retention;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="SqliteDistillationStore"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    /// <param name="retention">The retention; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the age limit.</param>
    public SqliteDistillationStore(string path, DistillationRetention? retention = null, TimeProvider? timeProvider = null)
    {
        _database = new SqliteDatabase(path, Schema);
        _retention = retention ?? new DistillationRetention();
        _retention.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the database path.</summary>
    public string Path => _database.Path;

    /// <summary>Gets the number of times the store re-created its table or reopened its file after it was lost.</summary>
    public long Recoveries => _database.Recoveries;

    /// <inheritdoc />
    public async ValueTask AddAsync(DistillationCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        await _database.RunAsync(
            (command, ct) =>
            {
                command.CommandText =
                    $"INSERT INTO llmlint_distill({Columns}) VALUES($f, $t, $ts, $input, $prompt, $system, $arguments, $answer, $label, $tier, $model, $cost);" +
                    " DELETE FROM llmlint_distill WHERE function = $f AND (ts < $cutoff OR id <= (SELECT id FROM llmlint_distill WHERE function = $f ORDER BY id DESC LIMIT 1 OFFSET $keep))";
                SqliteParameterCollection p = command.Parameters;
                p.AddWithValue("$f", capture.FunctionId);
                p.AddWithValue("$t", capture.TemplateHash);
                p.AddWithValue("$ts", capture.Timestamp.ToUnixTimeMilliseconds());
                p.AddWithValue("$input", capture.Input);
                p.AddWithValue("$prompt", capture.Prompt);
                p.AddWithValue("$system", (object?)capture.SystemPrompt ?? DBNull.Value);
                p.AddWithValue("$arguments", (object?)capture.Arguments ?? DBNull.Value);
                p.AddWithValue("$answer", capture.Answer);
                p.AddWithValue("$label", (object?)capture.Label ?? DBNull.Value);
                p.AddWithValue("$tier", capture.Tier is { } tier ? (int)tier : DBNull.Value);
                p.AddWithValue("$model", (object?)capture.ModelId ?? DBNull.Value);
                p.AddWithValue("$cost", capture.CostUsd is { } cost ? cost.ToString(CultureInfo.InvariantCulture) : DBNull.Value);
                p.AddWithValue("$cutoff", Cutoff());
                p.AddWithValue("$keep", _retention.MaxCapturesPerFunction);
                return command.ExecuteNonQueryAsync(ct);
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DistillationCapture>> ReadAsync(string functionId, string? templateHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        return await _database.RunAsync<IReadOnlyList<DistillationCapture>>(
            async (command, ct) =>
            {
                command.CommandText = $"SELECT {Columns} FROM llmlint_distill WHERE function = $f AND ts >= $cutoff AND ($t IS NULL OR template = $t) ORDER BY id";
                command.Parameters.AddWithValue("$f", functionId);
                command.Parameters.AddWithValue("$t", (object?)templateHash ?? DBNull.Value);
                command.Parameters.AddWithValue("$cutoff", Cutoff());
                var captures = new List<DistillationCapture>();
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    captures.Add(new DistillationCapture(
                        reader.GetString(0),
                        reader.GetString(1),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                        reader.GetString(3),
                        reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5),
                        reader.IsDBNull(6) ? null : reader.GetString(6),
                        reader.GetString(7),
                        reader.IsDBNull(8) ? null : reader.GetString(8),
                        reader.IsDBNull(9) ? null : (Tier)reader.GetInt32(9),
                        reader.IsDBNull(10) ? null : reader.GetString(10),
                        reader.IsDBNull(11) ? null : decimal.Parse(reader.GetString(11), NumberStyles.Float, CultureInfo.InvariantCulture)));
                }

                return captures;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> FunctionsAsync(CancellationToken cancellationToken = default)
    {
        return await _database.RunAsync<IReadOnlyList<string>>(
            async (command, ct) =>
            {
                command.CommandText = "SELECT DISTINCT function FROM llmlint_distill WHERE ts >= $cutoff ORDER BY function COLLATE BINARY";
                command.Parameters.AddWithValue("$cutoff", Cutoff());
                var functions = new List<string>();
                await using SqliteDataReader reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    functions.Add(reader.GetString(0));
                }

                return functions;
            },
            cancellationToken);
    }

    private long Cutoff() => _retention.MaxAge is { } age ? (_time.GetUtcNow() - age).ToUnixTimeMilliseconds() : long.MinValue;
}
