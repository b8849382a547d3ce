using System;
using System.Diagnostics;
using System.IO;

namespace LlmLint.Embeddings.Onnx.Tests;

/// <summary>
/// USE-lite converted to ONNX by eng/models/convert-use-lite.py, once per test run, into a temporary folder; the input is
/// the USE-lite model that the LlmLint.Embeddings.UseLite package copies next to the tests.
/// </summary>
public sealed class UseLiteOnnxModel : IDisposable
{
    public UseLiteOnnxModel()
    {
        Directory = Path.Combine(Path.GetTempPath(), "llmlint-use-lite-onnx-" + Guid.NewGuid().ToString("N"));
        if (UseLiteOnnxFactAttribute.Unavailable is null)
        {
            // Every test of the class is skipped otherwise (the fact attribute says why).
            ConversionOutput = Convert(UseLiteDirectory, Directory, out int exitCode);
            ConversionExitCode = exitCode;
        }
    }

    /// <summary>The converter's exit code (0: the model folder is complete).</summary>
    public int ConversionExitCode { get; } = -1;

    /// <summary>The USE-lite TF.js model the tests convert (the data package's files in the test output).</summary>
    public static string UseLiteDirectory => Path.Combine(AppContext.BaseDirectory, "llmlint-models", "use-lite");

    /// <summary>The converted model folder (model.onnx, vocab.json, config.json).</summary>
    public string Directory { get; }

    /// <summary>What the converter printed.</summary>
    public string ConversionOutput { get; } = string.Empty;

    /// <summary>Runs the converter; returns its stdout and stderr.</summary>
    public static string Convert(string source, string destination, out int exitCode)
    {
        var start = new ProcessStartInfo(UseLiteOnnxFactAttribute.Python, $"\"{Script}\" \"{source}\" \"{destination}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        exitCode = process.ExitCode;
        return output;
    }

    public void Dispose()
    {
        try
        {
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }

    private static string Script => Path.Combine(TestRepo.Root, "eng", "models", "convert-use-lite.py");
}

/// <summary>A fact that runs where Python 3 with the onnx and numpy modules is installed (./test.sh installs python3-onnx).</summary>
public sealed class UseLiteOnnxFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Check = new(FindReason);

    public UseLiteOnnxFactAttribute()
    {
        if (Unavailable is { } reason) Skip = reason;
    }

    public static string Python => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Why the converter cannot run here, or null when it can.</summary>
    public static string? Unavailable => Check.Value;

    private static string? FindReason()
    {
        try
        {
            var start = new ProcessStartInfo(Python, "-c \"import onnx, numpy\"") { RedirectStandardError = true, RedirectStandardOutput = true };
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null
                : $"Python's onnx module is not installed ({error.Trim().Split('\n')[^1]}); ./test.sh installs python3-onnx (eng/models/install.sh)";
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return $"python3 cannot be started ({exception.Message}); eng/models/convert-use-lite.py needs Python 3 with onnx";
        }
    }
}
