namespace LlmLint.Stores;

/// <summary>
/// One SQLite database file of a store: created owner-only with its schema when missing, opened with pooled connections and a
/// short busy wait, and re-created when the file is deleted or replaced or a table is dropped under a running store (each
/// counted as a <see cref="Recoveries">recovery</see>). Thread-safe.
/// </summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _path;
    private readonly string _schema;
    private readonly SemaphoreSlim _init = new(1, 1);
    private long _identity; // the file's creation time when last opened; 0 before the first open, -1 to re-create the schema
    private long _recoveries;

    /// <summary>Initializes a new instance of the <see cref="SqliteDatabase"/> class.</summary>
    /// <param name="path">The database file; created when missing.</param>
    /// <param name="schema">The statements that create the tables when missing (<c>CREATE TABLE IF NOT EXISTS</c>).</param>
    /// <param name="busyTimeoutSeconds">How long a command waits for a database locked by another connection; a cache waits
    /// briefly (<see cref="SqliteFile.BusyTimeoutSeconds"/>), a record that must not be lost waits longer.</param>
    public SqliteDatabase(string path, string schema, int busyTimeoutSeconds = SqliteFile.BusyTimeoutSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = System.IO.Path.GetFullPath(path);
        _schema = schema;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = busyTimeoutSeconds,
        }.ToString();
    }

    /// <summary>Gets the full path of the file.</summary>
    public string Path => _path;

    /// <summary>Gets the number of times the schema was re-created or the file reopened after it was lost (deleted, replaced, dropped).</summary>
    public long Recoveries => Interlocked.Read(ref _recoveries);

    /// <summary>Runs one command on a connection to the current file; a dropped table is created again and the command retried once.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="work">Fills in and runs the command.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The command's result.</returns>
    public async Task<T> RunAsync<T>(Func<SqliteCommand, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            await using SqliteConnection connection = await OpenAsync(cancellationToken);
            await using SqliteCommand command = connection.CreateCommand();
            try
            {
                return await work(command, cancellationToken);
            }
            catch (SqliteException ex) when (attempt == 0 && ex.SqliteErrorCode == 1 && ex.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Exchange(ref _identity, -1); // re-create the table on the next open, counted as a recovery
            }
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        long? identity = SqliteFile.IdentityOf(_path);
        if (identity is null || identity != Interlocked.Read(ref _identity))
        {
            await _init.WaitAsync(cancellationToken);
            try
            {
                identity = SqliteFile.IdentityOf(_path);
                if (identity is null || identity != _identity)
                {
                    await InitializeAsync(cancellationToken);
                }
            }
            finally
            {
                _init.Release();
            }
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates (or, after the file was deleted or replaced, re-creates) the file and its tables; pooled connections to a lost file are dropped.</summary>
    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        bool recovering = _identity != 0;
        PrivateFile.Create(_path);
        if (recovering)
        {
            // Pooled connections still point at the lost file: drop them before opening the new one.
            await using var stale = new SqliteConnection(_connectionString);
            await stale.OpenAsync(cancellationToken);
            SqliteConnection.ClearPool(stale);
        }

        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (SqliteCommand create = connection.CreateCommand())
        {
            create.CommandText = _schema;
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        Interlocked.Exchange(ref _identity, SqliteFile.IdentityOf(_path) ?? 0);
        if (recovering)
        {
            Interlocked.Increment(ref _recoveries);
        }
    }
}
