namespace LlmLint.Distillation;

/// <summary>
/// An <see cref="IDistillationStore"/> in PostgreSQL, shared by every instance of the app (table <c>llmlint_distill</c> by
/// default, created when missing): captures made on any instance train one student.
/// </summary>
/// <remarks>
/// Thread-safe. Each add drops the function's captures beyond the retention. A table that disappears (dropped, or a server
/// replaced or restarted empty) is created again on the next operation, which is retried once, and counted in
/// <see cref="Recoveries"/>. The table holds prompts and answers as the redaction hook left them
/// (<see cref="DistillationOptions.Redact"/>): grant access to it as to the data it came from.
/// </remarks>
public sealed class PostgresDistillationStore : IDistillationStore, IAsyncDisposable
{
    private const string Columns = "function_id, template_hash, ts, input, prompt, system_prompt, arguments, answer, label, tier, model, cost_usd";
    private readonly PostgresConnectionGate _gate;
    private readonly DistillationRetention _retention;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="PostgresDistillationStore"/> class.</summary>
    /// <param name="options">The connection options.</param>
    /// <param name="retention">The retention; defaults when <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock of the age limit.</param>
    /// <exception cref="ArgumentException">The connection string is empty or the table name is not a plain identifier.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A retention limit is out of range (the exception names it).</exception>
    public PostgresDistillationStore(PostgresStoreOptions options, DistillationRetention? retention = null, TimeProvider? timeProvider = null)
    {
        _retention = retention ?? new DistillationRetention();
        _retention.Validate();
        _time = timeProvider ?? TimeProvider.System;
        _gate = new PostgresConnectionGate(
            options,
            "llmlint_distill",
            t => $"""
                CREATE TABLE IF NOT EXISTS {t} (
                  id bigserial PRIMARY KEY, function_id text NOT NULL, template_hash text NOT NULL, ts timestamptz NOT NULL,
                  input text NOT NULL, prompt text NOT NULL, system_prompt text, arguments text, answer text NOT NULL,
                  label text, tier integer, model text, cost_usd numeric);
                CREATE INDEX IF NOT EXISTS {t}_function ON {t} (function_id, id)
                """,
            nameof(options));
    }

    /// <summary>Gets the number of times the table was created again after it was found missing (dropped, or a replaced server).</summary>
    public long Recoveries => _gate.Recoveries;

    /// <inheritdoc />
    public async ValueTask AddAsync(DistillationCapture capture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(capture);
        await _gate.RunAsync((connection, ct) => InsertAsync(connection, capture, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DistillationCapture>> ReadAsync(string functionId, string? templateHash = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        return await _gate.RunAsync((connection, ct) => SelectAsync(connection, functionId, templateHash, ct), cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<string>> FunctionsAsync(CancellationToken cancellationToken = default)
    {
        return await _gate.RunAsync<IReadOnlyList<string>>(
            async (connection, ct) =>
            {
                await using var cmd = new NpgsqlCommand($"""SELECT function_id FROM {_gate.Table} WHERE ts >= $1 GROUP BY function_id ORDER BY function_id COLLATE "C" """, connection);
                cmd.Parameters.Add(Cutoff());
                var functions = new List<string>();
                await using NpgsqlDataReader reader = await cmd.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    functions.Add(reader.GetString(0));
                }

                return functions;
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _gate.DisposeAsync();

    private async Task<int> InsertAsync(NpgsqlConnection connection, DistillationCapture capture, CancellationToken cancellationToken)
    {
        string table = _gate.Table;
        await using var cmd = new NpgsqlCommand(
            $"""
            WITH added AS (INSERT INTO {table} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id)
            DELETE FROM {table} WHERE function_id = $1 AND EXISTS (SELECT 1 FROM added)
              AND (ts < $13 OR id <= (SELECT id FROM {table} WHERE function_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $14))
            """,
            connection);
        NpgsqlParameterCollection p = cmd.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = capture.FunctionId });
        p.Add(new NpgsqlParameter<string> { TypedValue = capture.TemplateHash });
        p.Add(new NpgsqlParameter<DateTime> { TypedValue = capture.Timestamp.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        p.Add(new NpgsqlParameter<string> { TypedValue = capture.Input });
        p.Add(new NpgsqlParameter<string> { TypedValue = capture.Prompt });
        p.Add(Text(capture.SystemPrompt));
        p.Add(Text(capture.Arguments));
        p.Add(new NpgsqlParameter<string> { TypedValue = capture.Answer });
        p.Add(Text(capture.Label));
        p.Add(new NpgsqlParameter { Value = capture.Tier is { } tier ? (int)tier : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        p.Add(Text(capture.ModelId));
        p.Add(new NpgsqlParameter { Value = capture.CostUsd is { } cost ? cost : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Numeric });
        p.Add(Cutoff());
        p.Add(new NpgsqlParameter<int> { TypedValue = _retention.MaxCapturesPerFunction - 1 }); // the statement does not see the row it adds
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<DistillationCapture>> SelectAsync(NpgsqlConnection connection, string functionId, string? templateHash, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT {Columns} FROM {_gate.Table} WHERE function_id = $1 AND ts >= $2 AND ($3::text IS NULL OR template_hash = $3) ORDER BY id",
            connection);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = functionId });
        cmd.Parameters.Add(Cutoff());
        cmd.Parameters.Add(Text(templateHash));
        var captures = new List<DistillationCapture>();
        await using NpgsqlDataReader r = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            captures.Add(new DistillationCapture(
                r.GetString(0),
                r.GetString(1),
                new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(2), DateTimeKind.Utc)),
                r.GetString(3),
                r.GetString(4),
                r.IsDBNull(5) ? null : r.GetString(5),
                r.IsDBNull(6) ? null : r.GetString(6),
                r.GetString(7),
                r.IsDBNull(8) ? null : r.GetString(8),
                r.IsDBNull(9) ? null : (Tier)r.GetInt32(9),
                r.IsDBNull(10) ? null : r.GetString(10),
                r.IsDBNull(11) ? null : r.GetDecimal(11)));
        }

        return captures;
    }

    private NpgsqlParameter<DateTime> Cutoff() => new()
    {
        TypedValue = _retention.MaxAge is { } age ? (_time.GetUtcNow() - age).UtcDateTime : DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc),
        NpgsqlDbType = NpgsqlDbType.TimestampTz,
    };

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };
}
