using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;

namespace LlmLint.PackageTests;

/// <summary>Runs a command to completion with its output captured, out of the build servers, with a time limit.</summary>
internal static class ChildProcess
{
    public static (int Exit, string Output) Run(string file, string arguments, TimeSpan limit, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{file} {arguments}' took more than {limit.TotalMinutes:0} minutes.\n{Tail(output.ToString())}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString());
    }

    public static string Tail(string text) => text.Length <= 6000 ? text : text.Substring(text.Length - 6000);
}
