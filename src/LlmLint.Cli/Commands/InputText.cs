using System;
using System.IO;
using System.Text;

namespace LlmLint.Cli.Commands;

/// <summary>
/// Reads a text input file strictly: a missing file, an unreadable one or bytes that are not valid UTF-8 (a lone
/// surrogate, a truncated sequence) end the command with exit code 2 and a message naming the file.
/// </summary>
internal static class InputText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Read(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} '{path}' does not exist.");
        }

        try
        {
            using var reader = new StreamReader(path, Strict, detectEncodingFromByteOrderMarks: true);
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
