using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using LlmLint.Cli.Tests.Infrastructure;

namespace LlmLint.Cli.Tests;

/// <summary>
/// One exit-code contract for every command (docs/cli.md, "Exit codes"): malformed input — a missing file, wrong columns,
/// invalid JSON, invalid UTF-8 or a lone UTF-16 surrogate, a bad option value, an unknown option — ends with exit code 2
/// and one <c>error: …</c> line naming what was wrong; no .NET type name or "failed unexpectedly" reaches the user, and
/// no input file is written to.
/// </summary>
public sealed class ExitCodeContractTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public ExitCodeContractTests()
    {
        _files["{missing}"] = Path.Combine(_dir.Path, "missing.json");
        _files["{bad-json}"] = _dir.File("bad.json", "{ \"schemaVersion\": 1, \"callSites\": [ ");
        _files["{bad-utf8}"] = _dir.File("bad-utf8.json");
        File.WriteAllBytes(_files["{bad-utf8}"], new byte[] { (byte)'{', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)'}' }); // an encoded lone surrogate
        _files["{lone-surrogate}"] = _dir.File("lone.jsonl", "\"fine\"\n\"half of a pair: \\ud83d\"\n");
        _files["{not-strings}"] = _dir.File("numbers.jsonl", "1\n2\n");
        _files["{wrong-columns}"] = _dir.File("wrong.csv", "text\nonly one column\n");
        _files["{not-sqlite}"] = _dir.File("notes.db", "this is a text file, not a database\n");
        _files["{good-sarif}"] = new SarifLog().CallSite("N.T.M", "gpt-4o-mini", 0.0002m).WriteTo(_dir);
        _files["{good-report}"] = _dir.File("report.json", "{ \"schemaVersion\": 1, \"callSites\": [], \"findings\": [] }");
        _files["{wrong-columns-folder}"] = Path.Combine(_dir.Path, "wrongcols");
        Directory.CreateDirectory(_files["{wrong-columns-folder}"]);
        File.WriteAllText(Path.Combine(_files["{wrong-columns-folder}"], "store.csv"), "text\nonly one column\n");
        File.WriteAllText(Path.Combine(_files["{wrong-columns-folder}"], "query.csv"), "text,label\nx,y\n");
        _files["{empty-sqlite}"] = Path.Combine(_dir.Path, "empty.db");
        using (var c = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _files["{empty-sqlite}"] + ";Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE other(x INTEGER)";
            cmd.ExecuteNonQuery();
        }

        _files["{out}"] = Path.Combine(_dir.Path, "out");
        _files["{dir}"] = _dir.Path;
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>The command line, and a fragment the error line must contain (what was wrong, named).</summary>
    public static TheoryData<string, string> Cases => new()
    {
        // scan
        { "scan {missing}", "does not exist" },
        { "scan {dir} --from-sarif {good-sarif} --budget abc", "--budget" },
        { "scan {dir} --from-sarif {good-sarif} --calls-per-day lots", "--calls-per-day" },
        { "scan {dir} --from-sarif {good-sarif} --bogus", "--bogus" },
        { "scan {dir} --from-sarif {bad-json} --output {out}", "bad.json" },
        { "scan {dir} --from-sarif {bad-utf8} --output {out}", "bad-utf8.json" },
        { "scan {dir} --from-sarif {good-sarif} --usage {bad-json} --output {out}", "usage file" },
        { "scan {dir} --from-sarif {good-sarif} --usage {bad-utf8} --output {out}", "not valid UTF-8" },
        { "scan {dir} --from-sarif {good-sarif} --catalog {bad-json} --output {out}", "catalog file" },
        // diff
        { "diff --baseline {missing} --current {good-report}", "baseline" },
        { "diff --baseline {bad-json} --current {good-report}", "bad.json" },
        { "diff --baseline {bad-utf8} --current {good-report}", "bad-utf8.json" },
        { "diff --baseline {good-report} --current {good-report} --max-increase abc", "--max-increase" },
        // embed
        { "embed --input {missing}", "missing.json" },
        { "embed --input {lone-surrogate}", "surrogate" },
        { "embed --input {not-strings}", "numbers.jsonl:1" },
        { "embed --input {bad-utf8}", "bad-utf8.json:1: the line is not valid UTF-8" },
        // evidence
        { "evidence --store {missing}", "missing.json" },
        { "evidence --store {not-sqlite}", "notes.db" },
        { "evidence --target abc", "--target" },
        // eval
        { "eval cache --data {missing}", "missing.json" },
        { "eval cache --data {wrong-columns-folder}", "store.csv" },
        { "eval route --data {wrong-columns}", "wrong.csv" },
        { "eval route --data {missing}", "missing.json" },
        { "eval route --data {wrong-columns} --seed abc", "--seed" },
        { "eval cascade --data {wrong-columns}", "wrong.csv" },
        // distill
        { "distill train --function N.T.M --csv {wrong-columns} --template-hash h --out {out}", "wrong.csv" },
        { "distill train --function N.T.M --csv {missing} --template-hash h --out {out}", "missing.json" },
        { "distill eval --data {missing}", "missing.json" },
        { "distill eval --data {wrong-columns-folder}", "store.csv" },
        { "distill eval --data {wrong-columns-folder} --teacher-cost abc", "--teacher-cost" },
        { "distill export --function N.T.M --store {not-sqlite} --out {out}", "notes.db" },
        { "distill export --function N.T.M --csv {bad-utf8} --out {out}", "bad-utf8.json" },
        { "distill gate --function N.T.M --store {missing} --model {missing}", "missing.json" },
        { "distill gate --function N.T.M --store {not-sqlite} --model {bad-json}", "bad.json" },
        // usage export
        { "usage export --ledger {missing}", "missing.json" },
        { "usage export --ledger {not-sqlite} --output {out}", "notes.db" },
        { "usage export --ledger {empty-sqlite} --output {out}", "llmlint_cost" },
        { "usage export --ledger {empty-sqlite} --days abc", "--days" },
        { "usage export --ledger {empty-sqlite} --output {empty-sqlite}", "never writes to its input" },
        { "usage export --ledger {empty-sqlite} --unknown", "--unknown" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_input_exits_2_with_one_error_line_naming_it(string commandLine, string named)
    {
        string[] args = commandLine.Split(' ').Select(a => _files.Aggregate(a, (s, f) => s.Replace(f.Key, f.Value, StringComparison.Ordinal))).ToArray();
        var before = Inputs();

        CliRun run = CliRunner.Run(args);

        Assert.True(run.ExitCode == ExitCodes.BadInput, run.ToString());
        string first = run.Err.Split('\n')[0].TrimEnd('\r');
        Assert.StartsWith("error: ", first);
        Assert.Contains(named, first, StringComparison.Ordinal);
        foreach (var leak in new[] { "System.", "Exception", "failed unexpectedly", "   at " })
        {
            Assert.DoesNotContain(leak, run.Err, StringComparison.Ordinal);
        }

        Assert.Equal(before, Inputs()); // no input was written to
        Assert.False(Directory.Exists(_files["{out}"]) && Directory.EnumerateFiles(_files["{out}"], "*", SearchOption.AllDirectories).Any(),
            "a failed command left output behind");
    }

    private SortedDictionary<string, string> Inputs()
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_dir.Path))
        {
            hashes[Path.GetFileName(file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return hashes;
    }
}
