using System.IO;
using System.Text;

namespace LlmLint.Stores;

/// <summary>
/// Files that hold prompts, answers or costs (cache and ledger databases, shadow results, scan reports) are created readable
/// and writable by their owner only: mode 0600 on Unix (SQLite gives its journal files the database file's mode).
/// </summary>
internal static class PrivateFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> as an empty owner-only file when it does not exist.</summary>
    /// <param name="path">The file path, or <see langword="null"/> (nothing to do).</param>
    public static void Create(string? path)
    {
        if (path is null || File.Exists(path))
        {
            return;
        }

        try
        {
            using FileStream stream = Open(path, FileMode.CreateNew);
        }
        catch (IOException) when (File.Exists(path))
        {
            // created concurrently: keep the other creator's file
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to an owner-only file, replacing its content and its mode.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="text">The text.</param>
    public static void WriteAllText(string path, string text)
    {
        using (FileStream stream = Open(path, FileMode.Create))
        {
            byte[] bytes = new UTF8Encoding(false).GetBytes(text);
            stream.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly); // an existing file keeps its mode on open
        }
    }

    private static FileStream Open(string path, FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }
}
