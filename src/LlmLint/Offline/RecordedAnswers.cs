using System.IO;
using System.Text.Json;

namespace LlmLint.Offline;

/// <summary>
/// Answers read from a recording: a JSON Lines file whose every line is <c>{"prompt": "…", "response": "…"}</c>, the
/// prompt being the text of the last user message. Blank lines and lines starting with <c>//</c> are ignored.
/// </summary>
public static class RecordedAnswers
{
    /// <summary>Reads a recording into a prompt → answer map (the prompt compared after trimming, case-sensitively).</summary>
    /// <param name="path">The recording's path.</param>
    /// <returns>The answers by prompt.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">A line is not a JSON object with string <c>prompt</c> and <c>response</c>, or a prompt repeats with another answer.</exception>
    public static IReadOnlyDictionary<string, string> Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The recording '{path}' does not exist.", path);
        }

        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            (string prompt, string response) = ParseLine(trimmed, path, lineNumber);
            if (answers.TryGetValue(prompt, out string? earlier) && earlier != response)
            {
                throw new FormatException($"{path}:{lineNumber}: the prompt '{Shorten(prompt)}' is recorded twice with different responses.");
            }

            answers[prompt] = response;
        }

        return answers;
    }

    private static (string Prompt, string Response) ParseLine(string line, string path, int lineNumber)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(line);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("prompt", out JsonElement prompt) && prompt.ValueKind == JsonValueKind.String
                && root.TryGetProperty("response", out JsonElement response) && response.ValueKind == JsonValueKind.String)
            {
                return (prompt.GetString()!.Trim(), response.GetString()!);
            }
        }
        catch (JsonException exception)
        {
            throw new FormatException($"{path}:{lineNumber}: not valid JSON ({exception.Message}).", exception);
        }

        throw new FormatException($"{path}:{lineNumber}: expected an object with string properties \"prompt\" and \"response\".");
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text.Substring(0, 57) + "...";
}
