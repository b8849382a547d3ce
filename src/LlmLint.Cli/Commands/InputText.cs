using System.Text;

namespace LlmLint.Cli.Commands;

/// <summary>
/// Reads a text input file strictly: a missing file, an unreadable one or bytes that are not valid UTF-8 (a lone
/// surrogate, a truncated sequence) end the command with exit code 2 and a message naming the file.
/// </summary>
internal static class InputText
{
    /// <summary>UTF-8 that throws on bytes that are not UTF-8, rather than reading them as replacement characters.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} '{path}' does not exist.");
        }

        try
        {
            using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} '{path}' is not valid UTF-8 text (invalid byte at index {ex.Index}).");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.BadInput, $"Cannot read the {role} '{path}': {ex.Message}");
        }
    }
}
