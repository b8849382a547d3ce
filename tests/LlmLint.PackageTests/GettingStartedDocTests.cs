using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LlmLint.PackageTests;

/// <summary>
/// Runs docs/getting-started.md as written, against the packed <c>LlmLint</c> and <c>LlmLint.Cli</c> packages: every
/// command block in order in one shell, every file block written where it says, and every "prints" block checked
/// against what the commands before it printed.
/// </summary>
public sealed class GettingStartedDocTests : IDisposable
{
    private const string StepMarker = "@@llmlint-doc-step ";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-getting-started-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void GettingStarted_RunsAsWritten_AndPrintsWhatItSays()
    {
        var doc = Path.Combine(RepoPaths.Root, "docs", "getting-started.md");
        var steps = DocumentedSteps.Read(doc);
        Assert.Contains(steps, s => s.Kind == DocumentedStepKind.Commands);
        Assert.Contains(steps, s => s.Kind == DocumentedStepKind.Prints);
        RepoPaths.FindPackage("LlmLint");
        RepoPaths.FindPackage("LlmLint.Cli");

        Directory.CreateDirectory(_dir);
        LocalFeed.Write(_dir);
        var script = Path.Combine(_dir, "steps.sh");
        File.WriteAllText(script, ToScript(steps));

        var (exit, output) = ChildProcess.Run("bash", $"\"{script}\"", TimeSpan.FromMinutes(12), _dir, new Dictionary<string, string>
        {
            // A package cache of its own: the freshly packed LlmLint is restored, never an older copy of the same version.
            ["NUGET_PACKAGES"] = Path.Combine(_dir, ".nuget-packages"),
            // No compiler server left running after the test.
            ["UseSharedCompilation"] = "false",
        });
        Assert.True(exit == 0, $"docs/getting-started.md stopped at a failing command (exit {exit}):\n{ChildProcess.Tail(output)}");

        var printed = SplitByStep(output);
        var lastCommands = -1;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i].Kind == DocumentedStepKind.Commands)
            {
                lastCommands = i;
            }
            else if (steps[i].Kind == DocumentedStepKind.Prints)
            {
                Assert.True(lastCommands >= 0, $"getting-started.md:{steps[i].Line}: a 'prints' block before any command block.");
                var stepOutput = printed.TryGetValue(lastCommands, out var text) ? text : string.Empty;
                foreach (var expected in steps[i].Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    Assert.True(
                        PrintedLineMatches(stepOutput, expected),
                        $"getting-started.md:{steps[i].Line}: the commands at line {steps[lastCommands].Line} did not print\n  {expected}\nThey printed:\n{ChildProcess.Tail(stepOutput)}");
                }
            }
        }
    }

    /// <summary>True when one printed line holds the parts of <paramref name="expected"/> around each <c>…</c>, in order.</summary>
    internal static bool PrintedLineMatches(string output, string expected)
    {
        var parts = expected.Trim().Split('…');
        foreach (var line in output.Split('\n'))
        {
            var at = 0;
            var all = true;
            foreach (var part in parts)
            {
                var found = line.IndexOf(part, at, StringComparison.Ordinal);
                if (found < 0)
                {
                    all = false;
                    break;
                }

                at = found + part.Length;
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string ToScript(IReadOnlyList<DocumentedStep> steps)
    {
        var script = new StringBuilder("set -euo pipefail\n");
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Kind == DocumentedStepKind.Commands)
            {
                script.Append("echo '").Append(StepMarker).Append(i).Append("'\n").Append(step.Text);
            }
            else if (step.Kind == DocumentedStepKind.File)
            {
                Assert.False(Path.IsPathRooted(step.FilePath) || step.FilePath!.Contains("..", StringComparison.Ordinal), $"getting-started.md:{step.Line}: file paths are relative to the starting folder.");
                var path = "\"$LLMLINT_DOC_ROOT/" + step.FilePath + "\"";
                script.Append("mkdir -p \"$(dirname ").Append(path).Append(")\"\n")
                    .Append("cat > ").Append(path).Append(" <<'LLMLINT_DOC_FILE'\n").Append(step.Text).Append("LLMLINT_DOC_FILE\n");
            }
        }

        return "LLMLINT_DOC_ROOT=\"$(pwd)\"\n" + script;
    }

    private static Dictionary<int, string> SplitByStep(string output)
    {
        var byStep = new Dictionary<int, string>();
        var current = -1;
        var text = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith(StepMarker, StringComparison.Ordinal))
            {
                byStep[current] = text.ToString();
                current = int.Parse(line.AsSpan(StepMarker.Length).Trim(), System.Globalization.CultureInfo.InvariantCulture);
                text.Clear();
            }
            else
            {
                text.Append(line).Append('\n');
            }
        }

        byStep[current] = text.ToString();
        return byStep;
    }
}
