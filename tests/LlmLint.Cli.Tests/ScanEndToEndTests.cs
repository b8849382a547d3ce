using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>
/// Builds the fixture solution twice (about 20–40 s each) and shares the results: a baseline scan, then a diff that
/// scans the tree again after ClassifyAsync moved from gpt-4o-mini to gpt-4o. Uses the stand-in analyzer
/// (<see cref="FakeAnalyzer"/>), which honours the LLM2000/LLM2001 property contract.
/// </summary>
public sealed class ScanFixture : IDisposable
{
    private readonly TempDir _dir = new();

    public ScanFixture()
    {
        Project = Path.Combine(_dir.Path, "TicketApp");
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "TicketApp"), Project);
        SourceBefore = Snapshot(Project);
        BaselineDir = Path.Combine(_dir.Path, "baseline");
        Scan = CliRunner.Run("scan", Project, "--analyzer", FakeAnalyzer.Path, "--output", BaselineDir, "--format", "json");
        SourceAfterScan = Snapshot(Project);

        var triage = Path.Combine(Project, "TicketTriage.cs");
        var source = File.ReadAllText(triage)
            .Replace("Llm.Complete(\"gpt-4o-mini\", \"Classify: \"", "Llm.Complete(\"gpt-4o\", \"Classify: \"", StringComparison.Ordinal);
        File.WriteAllText(triage, "// A comment block that moves every call site down.\n//\n//\n" + source);
        CurrentDir = Path.Combine(_dir.Path, "current");
        Diff = CliRunner.Run("diff", "--baseline", Path.Combine(BaselineDir, "report.json"), Project, "--analyzer", FakeAnalyzer.Path,
            "--output", CurrentDir, "--format", "json");
    }

    public string Project { get; }
    public string BaselineDir { get; }
    public string CurrentDir { get; }
    internal CliRun Scan { get; }
    internal CliRun Diff { get; }
    public Dictionary<string, string> SourceBefore { get; }
    public Dictionary<string, string> SourceAfterScan { get; }

    public void Dispose() => _dir.Dispose();

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    /// <summary>Every file outside bin/ and obj/, with its content.</summary>
    private static Dictionary<string, string> Snapshot(string root)
        => Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.StartsWith("bin", StringComparison.Ordinal) && !f.StartsWith("obj", StringComparison.Ordinal))
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));
}

public sealed class ScanEndToEndTests : IClassFixture<ScanFixture>
{
    private readonly ScanFixture _fx;

    public ScanEndToEndTests(ScanFixture fx) => _fx = fx;

    [Fact]
    public void Scan_FindsEveryCallSite_WithStableIdsCostsAndVolumes()
    {
        Assert.True(_fx.Scan.ExitCode == ExitCodes.Ok, _fx.Scan.ToString());
        using var doc = JsonDocument.Parse(_fx.Scan.Out);
        var sites = doc.RootElement.GetProperty("callSites").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(
            new[] { "TicketApp.TicketTriage.ClassifyAsync#OpenAI#0", "TicketApp.TicketTriage.SummarizeAsync#OpenAI#0", "TicketApp.TicketTriage.SummarizeAsync#OpenAI#1" },
            sites.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray());
        Assert.Equal("gpt-4o", sites["TicketApp.TicketTriage.SummarizeAsync#OpenAI#0"].GetProperty("model").GetString());
        Assert.Equal("gpt-4o-mini", sites["TicketApp.TicketTriage.SummarizeAsync#OpenAI#1"].GetProperty("model").GetString());

        var classify = sites["TicketApp.TicketTriage.ClassifyAsync#OpenAI#0"];
        Assert.Equal(5000, classify.GetProperty("callsPerDay").GetDouble());
        var miniCost = (500 * 0.15m + 200 * 0.6m) / 1_000_000m;
        Assert.Equal(miniCost, classify.GetProperty("costPerCallUsd").GetDecimal());
        Assert.Equal(miniCost * 5000 * 30, classify.GetProperty("monthlyUsd").GetDecimal());
        Assert.EndsWith("TicketTriage.cs", classify.GetProperty("file").GetString());
        Assert.Equal(10, classify.GetProperty("line").GetInt32());
        Assert.Empty(doc.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public void Scan_ShowsProgress_AndWritesEveryReportFile()
    {
        Assert.Contains("Building", _fx.Scan.Err);
        Assert.Contains("1 compilation(s) analysed", _fx.Scan.Err);
        foreach (var name in new[] { "report.json", "report.md", "report.html", "report.sarif" })
        {
            Assert.True(new FileInfo(Path.Combine(_fx.BaselineDir, name)).Length > 0, name);
        }

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(_fx.BaselineDir, "report.sarif")));
        var results = sarif.RootElement.GetProperty("runs").EnumerateArray().SelectMany(r => r.GetProperty("results").EnumerateArray()).ToList();
        Assert.Equal(3, results.Count);
        Assert.All(results, r => Assert.Equal("LLM2000", r.GetProperty("ruleId").GetString()));
    }

    [Fact]
    public void Scan_LeavesTheUsersFilesAlone()
    {
        Assert.Equal(_fx.SourceBefore, _fx.SourceAfterScan);
    }

    [Fact]
    public void Diff_ByScanningTheChangedTree_ReportsTheModelMove()
    {
        Assert.True(_fx.Diff.ExitCode == ExitCodes.Ok, _fx.Diff.ToString());
        using var doc = JsonDocument.Parse(_fx.Diff.Out);
        var change = Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray());
        var miniCost = (500 * 0.15m + 200 * 0.6m) / 1_000_000m;
        var largeCost = (500 * 2.5m + 200 * 10m) / 1_000_000m;
        Assert.Equal((largeCost - miniCost) * 5000 * 30, change.GetProperty("deltaMonthlyUsd").GetDecimal());
        Assert.Equal("+$458.25/month: TicketTriage.ClassifyAsync moved from gpt-4o-mini to gpt-4o", change.GetProperty("summary").GetString());

        var finding = Assert.Single(doc.RootElement.GetProperty("newFindings").EnumerateArray());
        Assert.Equal("LLM2001", finding.GetProperty("ruleId").GetString());
        Assert.Equal("TicketApp.TicketTriage.ClassifyAsync#OpenAI#0", finding.GetProperty("callSiteId").GetString());
        Assert.Equal((largeCost - miniCost) * 5000 * 30, finding.GetProperty("monthlySavingUsd").GetDecimal());
        Assert.True(File.Exists(Path.Combine(_fx.CurrentDir, "report.html")));
    }
}

/// <summary>Scans that end in a documented non-zero exit code. Each builds a small project once.</summary>
public sealed class ScanFailureTests
{
    [Fact]
    public void ProjectThatDoesNotBuild_ExitsThree_WithTheCompilerErrors()
    {
        using var dir = new TempDir();
        dir.File("Broken/Broken.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
        dir.File("Broken/Code.cs", "public class Broken { public void M() { int x = } }");
        var run = CliRunner.Run("scan", Path.Combine(dir.Path, "Broken"), "--analyzer", FakeAnalyzer.Path, "-o", Path.Combine(dir.Path, "out"));
        Assert.True(run.ExitCode == ExitCodes.BuildFailed, run.ToString());
        var lines = run.Err.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("error: The build of ", StringComparison.Ordinal) && l.Contains("failed"));
        Assert.Contains("error CS1525", run.Err);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "report.json")));
    }

    [Fact]
    public void ProjectWhosePackagesDoNotRestore_ExitsThree_NamingTheRestoreError()
    {
        using var dir = new TempDir();
        // The only feed is an empty local folder, so restore fails the same way offline and online.
        Directory.CreateDirectory(Path.Combine(dir.Path, "feed"));
        dir.File("Offline/nuget.config", "<configuration><packageSources><clear /><add key=\"local\" value=\"../feed\" /></packageSources></configuration>");
        dir.File("Offline/Offline.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>"
            + "<ItemGroup><PackageReference Include=\"LlmLint.Tests.NoSuchPackage\" Version=\"1.0.0\" /></ItemGroup></Project>");
        dir.File("Offline/Code.cs", "public static class C { }");

        var run = CliRunner.Run("scan", Path.Combine(dir.Path, "Offline"), "--analyzer", FakeAnalyzer.Path, "-o", Path.Combine(dir.Path, "out"));

        Assert.True(run.ExitCode == ExitCodes.BuildFailed, run.ToString());
        var first = run.Err.Split('\n').First(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.StartsWith("error: package restore failed: NU1101: Unable to find package LlmLint.Tests.NoSuchPackage", first);
        Assert.Contains("run 'dotnet restore ", first);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "report.json")));
    }

    [Fact]
    public void DirectoryOfProjectsWithoutCalls_UsesTheShippedAnalyzer_AndRequireCallsExitsFour()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "A", "B" })
        {
            dir.File($"{name}/{name}.csproj", "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup></Project>");
            dir.File($"{name}/Code.cs", $"namespace {name}; public static class C {{ public static int Twice(int x) => x * 2; }}");
        }

        // No --analyzer: the LlmLint.Analyzers.dll copied beside the CLI (analyzers/) is used.
        Assert.True(File.Exists(Path.Combine(AppContext.BaseDirectory, "analyzers", "LlmLint.Analyzers.dll")));
        var run = CliRunner.Run("scan", dir.Path, "-o", Path.Combine(dir.Path, "out"), "--require-calls");
        Assert.True(run.ExitCode == ExitCodes.NoCallSites, run.ToString());
        Assert.Contains("2 compilation(s) analysed", run.Err);
        Assert.Contains("No LLM call sites found.", run.Out);
        Assert.Contains("error: no LLM call sites found", run.Err);
        Assert.False(Directory.EnumerateFiles(dir.Path, "*.sln*", SearchOption.AllDirectories).Any(), "the scan must not write a solution into the user's tree");
    }
}
