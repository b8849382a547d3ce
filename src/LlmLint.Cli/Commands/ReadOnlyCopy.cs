using System.Threading.Tasks;

namespace LlmLint.Cli.Commands;

/// <summary>
/// Reads a SQLite database through a private copy (with its <c>-wal</c> journal), so that a command never writes to
/// its input: opening a store may create its schema or replay its journal, which must not touch the user's file.
/// </summary>
internal static class ReadOnlyCopy
{
    public static async Task<T> UseAsync<T>(string database, Func<string, Task<T>> read)
    {
        string folder = Path.Combine(Path.GetTempPath(), "llmlint-read-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string copy = Path.Combine(folder, Path.GetFileName(database));
            File.Copy(database, copy);
            if (File.Exists(database + "-wal"))
            {
                File.Copy(database + "-wal", copy + "-wal");
            }

            return await read(copy);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A pooled handle may outlive the read on some platforms; the temporary folder is left to the OS.
            }
        }
    }
}
