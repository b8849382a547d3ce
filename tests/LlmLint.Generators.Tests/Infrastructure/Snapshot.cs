using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmLint.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a checked-in <c>Snapshots/{name}.verified.cs</c> file. Set <c>LLMLINT_UPDATE_SNAPSHOTS=1</c> to
/// rewrite the files instead; a mismatch fails with the first differing lines and writes <c>{name}.received.cs</c>.
/// </summary>
internal static partial class Snapshot
{
    public const string UpdateVariable = "LLMLINT_UPDATE_SNAPSHOTS";

    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(callerFile)!, "Snapshots");
        string verified = Path.Combine(directory, name + ".verified.cs");
        string received = Path.Combine(directory, name + ".received.cs");
        actual = Scrub(actual);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        if (!File.Exists(verified))
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(received, actual);
            Assert.Fail($"No snapshot '{verified}'. The output was written to '{received}'; run with {UpdateVariable}=1 to accept it.");
        }

        string expected = File.ReadAllText(verified).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail($"Snapshot '{name}' differs (received output in '{received}'; run with {UpdateVariable}=1 to accept):\n{Diff(expected, actual)}");
    }

    /// <summary>Replaces the generator version so that snapshots survive version bumps.</summary>
    public static string Scrub(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n", StringComparison.Ordinal), "GeneratedCode(\"LlmLint\", \"VERSION\")");

    /// <summary>A readable line diff: the first differing line with three lines of context either side.</summary>
    public static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        int first = 0;
        while (first < e.Length && first < a.Length && e[first] == a[first])
        {
            first++;
        }

        var builder = new StringBuilder();
        builder.Append("first difference at line ").Append(first + 1).Append('\n');
        for (int i = Math.Max(0, first - 3); i < Math.Min(Math.Max(e.Length, a.Length), first + 4); i++)
        {
            string? left = i < e.Length ? e[i] : null;
            string? right = i < a.Length ? a[i] : null;
            if (left == right)
            {
                builder.Append("  ").Append(i + 1).Append(": ").Append(left).Append('\n');
            }
            else
            {
                if (left is not null)
                {
                    builder.Append("- ").Append(i + 1).Append(": ").Append(left).Append('\n');
                }

                if (right is not null)
                {
                    builder.Append("+ ").Append(i + 1).Append(": ").Append(right).Append('\n');
                }
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex("GeneratedCode\\(\"LlmLint\", \"[0-9.]+\"\\)")]
    private static partial Regex VersionPattern();
}
