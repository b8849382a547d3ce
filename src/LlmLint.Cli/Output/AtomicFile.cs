using System.Text;
using System.Threading.Tasks;

namespace LlmLint.Cli.Output;

/// <summary>
/// The one way llmlint writes an output file: through an owner-only temporary file in the same folder, moved into place
/// only when the writing completed. An interrupted or failed command never leaves a half-written output behind (and an
/// earlier file stays whole); reports and exports quote prompts and costs, so they are 0600 on Unix.
/// </summary>
internal static class AtomicFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/>.</summary>
    public static void WriteAllText(string path, string text)
        => WriteAsync(path, stream =>
        {
            byte[] bytes = Utf8NoBom.GetBytes(text);
            stream.Write(bytes);
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>; on any failure the target is untouched.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content to the stream it is given.</param>
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        string full = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(full) ?? Directory.GetCurrentDirectory();
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            await using (var stream = new FileStream(temporary, options))
            {
                await write(stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
