using System;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace LlmLint.Cli.Tests.Infrastructure;

/// <summary>Headless Chromium, installed by eng/install-chromium.sh (which test.sh runs).</summary>
internal static class Chromium
{
    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("LLMLINT_CHROMIUM");
        if (!string.IsNullOrEmpty(configured) && File.Exists(configured))
        {
            return configured;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome" })
        {
            var hit = path.Split(Path.PathSeparator).Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
            if (hit is not null)
            {
                return hit;
            }
        }

        throw new InvalidOperationException(
            "Chromium is not installed: the report.html test renders the page in headless Chromium. Run eng/install-chromium.sh (test.sh does), or set LLMLINT_CHROMIUM to a Chromium binary.");
    }

    /// <summary>Loads <paramref name="htmlFile"/>, runs its scripts and returns the serialized DOM and Chromium's log.</summary>
    public static (string Dom, string Log) DumpDom(string htmlFile) => Run(htmlFile, "--dump-dom");

    /// <summary>Loads <paramref name="htmlFile"/> in a window <paramref name="width"/> px wide and returns the serialized DOM.</summary>
    public static (string Dom, string Log) DumpDom(string htmlFile, int width, int height)
        => Run(htmlFile, "--dump-dom", $"--window-size={width},{height}");

    /// <summary>Saves a PNG of <paramref name="htmlFile"/> rendered <paramref name="width"/> × <paramref name="height"/> px.</summary>
    public static string Screenshot(string htmlFile, string png, int width, int height)
    {
        var (_, log) = Run(htmlFile, "--screenshot=" + png, $"--window-size={width},{height}", "--hide-scrollbars");
        return log;
    }

    private static (string Dom, string Log) Run(string htmlFile, params string[] mode)
    {
        var profile = Path.Combine(Path.GetTempPath(), "llmlint-chromium-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(profile);
        try
        {
            var start = new ProcessStartInfo(Find())
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000",
            }.Concat(mode).Append(new Uri(htmlFile).AbsoluteUri))
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var dom = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium did not finish within 60 s.");
            }

            return (dom, stderr.GetAwaiter().GetResult());
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
