using System.Diagnostics;
using System.Text;

namespace LlmLint.Corpus;

/// <summary>Runs <c>dotnet</c> with a time limit and collects its output.</summary>
internal static class ProcessRunner
{
    public static (int ExitCode, string Output) Dotnet(IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDTERMINALLOGGER"] = "off";
        var output = new StringBuilder();
        using var process = Process.Start(start) ?? throw new HarnessException("Cannot start 'dotnet'; install the .NET SDK and put it on PATH.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout))
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.WaitForExit();
            lock (output) return (-1, output + $"{Environment.NewLine}timed out after {timeout.TotalSeconds:0} s");
        }

        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
