using System.IO;

namespace LlmLint.Stores;

/// <summary>
/// The database file of a SQLite store: identified by its creation time so that a file deleted or replaced under a running
/// store is noticed, and opened with a short busy wait. (It is created by <see cref="PrivateFile"/>, owner-only.)
/// </summary>
internal static class SqliteFile
{
    /// <summary>The busy wait of SQLite commands, in seconds (the smallest Microsoft.Data.Sqlite accepts); the cache bounds its own wait below it.</summary>
    public const int BusyTimeoutSeconds = 1;

    /// <summary>The busy wait of stores whose writes are records that must not be dropped (cost ledger, shadow results), in seconds: Microsoft.Data.Sqlite's default.</summary>
    public const int RecordBusyTimeoutSeconds = 30;

    /// <summary>Gets the file path of a connection string, or <see langword="null"/> for an in-memory database.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The full path, or <see langword="null"/>.</returns>
    public static string? PathOf(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        string source = builder.DataSource;
        return builder.Mode == SqliteOpenMode.Memory || source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetFullPath(source);
    }

    /// <summary>Gets the identity of the file: its creation time in ticks, or <see langword="null"/> when it does not exist.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The identity.</returns>
    public static long? IdentityOf(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.CreationTimeUtc.Ticks : null;
    }

    /// <summary>Returns the connection string with a busy wait of <see cref="BusyTimeoutSeconds"/> unless it sets one.</summary>
    /// <param name="connectionString">The connection string.</param>
    /// <returns>The connection string to open.</returns>
    public static string WithShortBusyWait(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = BusyTimeoutSeconds;
        }

        return builder.ToString();
    }
}
