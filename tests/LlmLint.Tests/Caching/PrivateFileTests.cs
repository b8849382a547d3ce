using System;
using System.IO;
using LlmLint.Metering;
using LlmLint.Shadow;
using LlmLint.Stores;

namespace LlmLint.Tests.Caching;

/// <summary>Files holding prompts, answers or costs are created owner-only (0600) on Unix.</summary>
public sealed class PrivateFileTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-private-" + Guid.NewGuid().ToString("N"));

    public PrivateFileTests() => Directory.CreateDirectory(_dir);

    [Fact]
    public void Ledger_shadow_and_report_files_are_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes only
        }

        string ledger = Path.Combine(_dir, "ledger.db");
        string shadow = Path.Combine(_dir, "shadow.db");
        string report = Path.Combine(_dir, "report.json");
        _ = new SqliteCostLedger(ledger);
        _ = new SqliteShadowResultStore(shadow);
        File.WriteAllText(report, "old");
        PrivateFile.WriteAllText(report, "{}");

        foreach (string file in new[] { ledger, shadow, report })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Equal("{}", File.ReadAllText(report));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
