namespace LlmLint.Stores;

/// <summary>Options shared by the PostgreSQL cache store and cost ledger.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>Gets or sets the connection string.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets the table name (letters, digits and underscores).</summary>
    public string? TableName { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether operations hold one connection at a time (for servers that accept a single
    /// connection, such as PGlite, or to cap the load one instance puts on the database).
    /// </summary>
    internal bool SerializeConnections { get; set; }
}

/// <summary>Opens connections for the PostgreSQL stores, one at a time when asked, and creates the schema once.</summary>
internal sealed class PostgresConnectionGate : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly SemaphoreSlim? _serial;
    private readonly SemaphoreSlim _init = new(1, 1);
    private readonly string _schemaSql;
    private volatile bool _initialized;
    private long _recoveries;

    public PostgresConnectionGate(PostgresStoreOptions options, string defaultTable, Func<string, string> schemaSql, string paramName)
    {
        ArgumentNullException.ThrowIfNull(options, paramName);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException("The PostgreSQL connection string is empty.", paramName);
        }

        Table = options.TableName ?? defaultTable;
        foreach (char c in Table)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"The table name '{Table}' may hold only ASCII letters, digits and underscores.", paramName);
            }
        }

        _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        _serial = options.SerializeConnections ? new SemaphoreSlim(1, 1) : null;
        _schemaSql = schemaSql(Table);
    }

    public string Table { get; }

    /// <summary>Gets the number of times the schema was re-created after it was found missing (a dropped table, a replaced server).</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>Returns <see langword="true"/> when <paramref name="exception"/> says the table, its schema or a type it uses does not exist.</summary>
    /// <param name="exception">The server error.</param>
    /// <returns>Whether the schema must be created again.</returns>
    public static bool IsMissingSchema(PostgresException exception)
        => exception.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedObject or PostgresErrorCodes.InvalidSchemaName;

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection. When the table is missing (dropped, or the server was replaced by
    /// an empty one) the schema is created again and the work retried once; the recovery is counted.
    /// </summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The result of the work.</returns>
    public async Task<T> RunAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            await using Lease lease = await OpenAsync(cancellationToken);
            try
            {
                return await work(lease.Connection, cancellationToken);
            }
            catch (PostgresException ex) when (attempt == 0 && IsMissingSchema(ex))
            {
                _initialized = false;
                Interlocked.Increment(ref _recoveries);
            }
        }
    }

    public async ValueTask<Lease> OpenAsync(CancellationToken cancellationToken)
    {
        if (_serial is not null)
        {
            await _serial.WaitAsync(cancellationToken);
        }

        NpgsqlConnection? connection = null;
        try
        {
            connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            if (!_initialized)
            {
                await _init.WaitAsync(cancellationToken);
                try
                {
                    if (!_initialized)
                    {
                        await using var create = new NpgsqlCommand(_schemaSql, connection);
                        await create.ExecuteNonQueryAsync(cancellationToken);
                        _initialized = true;
                    }
                }
                finally
                {
                    _init.Release();
                }
            }

            return new Lease(connection, _serial);
        }
        catch
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }

            _serial?.Release();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    internal readonly struct Lease : IAsyncDisposable
    {
        private readonly SemaphoreSlim? _serial;

        public Lease(NpgsqlConnection connection, SemaphoreSlim? serial)
        {
            Connection = connection;
            _serial = serial;
        }

        public NpgsqlConnection Connection { get; }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await Connection.DisposeAsync();
            }
            finally
            {
                _serial?.Release();
            }
        }
    }
}
