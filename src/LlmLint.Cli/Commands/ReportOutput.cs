using System.Text;

namespace LlmLint.Cli.Commands;

/// <summary>Writes a command's report to standard output as JSON (<c>--format json</c>) or as text.</summary>
internal static class ReportOutput
{
    public static void Write(string format, TextWriter stdout, Action<Stream> writeJson, Action<TextWriter> writeText)
    {
        if (format == "json")
        {
            using var buffer = new MemoryStream();
            writeJson(buffer);
            stdout.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            writeText(stdout);
        }
    }
}
