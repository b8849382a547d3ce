using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmLint.PackageTests;

/// <summary>What a fenced block of a runnable doc page is: commands, a file to write, or what the commands print.</summary>
internal enum DocumentedStepKind
{
    /// <summary>A <c>```bash</c> block: commands run in order, in one shell.</summary>
    Commands,

    /// <summary>A block whose info string names a file (<c>```csharp file=Dir/Name.cs</c>): its text is that file.</summary>
    File,

    /// <summary>A <c>```text prints</c> block: lines the previous commands print (<c>…</c> stands for any text).</summary>
    Prints,
}

/// <summary>One fenced block of a runnable doc page.</summary>
internal sealed record DocumentedStep(DocumentedStepKind Kind, string Text, string? FilePath, int Line);

/// <summary>
/// Reads the fenced blocks of a doc page that a test runs as written: <c>bash</c> blocks are commands, a block with
/// <c>file=path</c> in its info string is a file to write (path relative to the folder the commands start in), and a
/// <c>text prints</c> block lists lines the previous commands must print. Other blocks are prose.
/// </summary>
internal static class DocumentedSteps
{
    public static IReadOnlyList<DocumentedStep> Read(string markdownPath)
    {
        var steps = new List<DocumentedStep>();
        var lines = File.ReadAllLines(markdownPath);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("```", StringComparison.Ordinal) || lines[i].Length == 3)
            {
                continue;
            }

            var info = lines[i].Substring(3).Trim();
            var start = i + 1;
            var body = new StringBuilder();
            for (i = start; i < lines.Length && lines[i] != "```"; i++)
            {
                body.Append(lines[i]).Append('\n');
            }

            if (i == lines.Length)
            {
                throw new InvalidDataException($"{markdownPath}:{start}: the fenced block is never closed.");
            }

            var step = Classify(info, body.ToString(), start);
            if (step is not null)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static DocumentedStep? Classify(string info, string body, int line)
    {
        var words = info.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (word.StartsWith("file=", StringComparison.Ordinal))
            {
                return new DocumentedStep(DocumentedStepKind.File, body, word.Substring("file=".Length), line);
            }
        }

        if (words.Length == 1 && words[0] == "bash")
        {
            return new DocumentedStep(DocumentedStepKind.Commands, body, null, line);
        }

        return words.Length == 2 && words[1] == "prints" ? new DocumentedStep(DocumentedStepKind.Prints, body, null, line) : null;
    }
}
