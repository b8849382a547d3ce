namespace LlmLint.Corpus;

/// <summary>The commit a checkout in the mirror folder is at.</summary>
internal static class Checkout
{
    public static string? Head(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return null;
        }

        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", directory, "rev-parse", "HEAD" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start);
        if (process is null)
        {
            return null;
        }

        var head = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return process.ExitCode == 0 ? head : null;
    }
}
