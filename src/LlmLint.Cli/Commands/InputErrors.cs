namespace LlmLint.Cli.Commands;

/// <summary>
/// The exceptions reading a user's input raises (a missing or unreadable file, bytes that are not the expected format,
/// a file that is not a SQLite database): each is bad input, exit code 2, reported with its message — never as an
/// unexpected failure.
/// </summary>
internal static class InputErrors
{
    public static bool IsBadInput(Exception e)
        => e is IOException or FormatException or UnauthorizedAccessException or ArgumentException or InvalidDataException
            or System.Text.Json.JsonException or System.Text.DecoderFallbackException or Microsoft.Data.Sqlite.SqliteException;
}
