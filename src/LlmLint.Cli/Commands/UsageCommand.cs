using System.CommandLine;
using LlmLint.Cli.Output;
using LlmLint.Cli.Usage;

namespace LlmLint.Cli.Commands;

/// <summary><c>llmlint usage export</c>: the traffic a cost ledger recorded, as the file <c>scan --usage</c> prices from.</summary>
internal static class UsageCommand
{
    public static Command Create(CliIO io)
    {
        var ledger = new Option<string>("--ledger") { Description = "The SQLite cost ledger the app writes (SqliteCostLedger).", Required = true, HelpName = "file" };
        var output = new Option<string>("--output", "-o") { Description = "The usage file to write.", DefaultValueFactory = _ => "usage.json", HelpName = "file" };
        var days = new Option<string?>("--days") { Description = "Only the records of the last N days (default: all).", HelpName = "N" };
        var export = new Command("export", "Write calls per day, the models used (with shares) and the measured tokens per function from a cost ledger, for 'llmlint scan --usage'.")
        {
            ledger, output, days,
        };

        export.SetAction((parse, cancellationToken) => CliApp.Guard(io, () =>
        {
            string ledgerPath = parse.GetValue(ledger)!;
            string outputPath = parse.GetValue(output)!;
            DateTimeOffset? since = null;
            if (parse.GetValue(days) is { } text)
            {
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                {
                    throw new CliException(ExitCodes.BadInput, $"--days must be a whole number of days, 1 or more; got '{text}'.");
                }

                since = DateTimeOffset.UtcNow.AddDays(-n);
            }

            if (!File.Exists(ledgerPath))
            {
                throw new CliException(ExitCodes.BadInput, $"The cost ledger '{ledgerPath}' does not exist; the app writes it with UseCostLedger(new SqliteCostLedger(path)).");
            }

            if (SamePath(ledgerPath, outputPath))
            {
                throw new CliException(ExitCodes.BadInput, $"--output '{outputPath}' is the ledger itself; llmlint never writes to its input.");
            }

            UsageFile usage;
            try
            {
                usage = ReadOnlyCopy.UseAsync(ledgerPath, copy => LedgerExport.ReadAsync(copy, since, cancellationToken)).GetAwaiter().GetResult();
            }
            catch (CliException ex) when (ex.ExitCode == ExitCodes.BadInput)
            {
                throw new CliException(ExitCodes.BadInput, $"Cannot read the cost ledger '{ledgerPath}': {ex.Message}.");
            }
            catch (Exception ex) when (ex is Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.BadInput, $"Cannot read the cost ledger '{ledgerPath}': {ex.Message}");
            }

            usage.Ledger = Path.GetFullPath(ledgerPath);
            try
            {
                AtomicFile.WriteAllText(outputPath, UsageJson.Serialize(usage));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.BadInput, $"Cannot write the usage file '{outputPath}': {ex.Message}");
            }

            long calls = 0;
            foreach (var f in usage.Functions)
            {
                calls += f.Calls;
            }

            io.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {outputPath}: {usage.Functions.Count} function(s), {calls} call(s) over {usage.Days:0} day(s)"));
            return ExitCodes.Ok;
        }));

        return new Command("usage", "Export the traffic the runtime recorded, so reports price what ran.") { export };
    }

    private static bool SamePath(string a, string b)
        => string.Equals(Path.GetFullPath(a), Path.GetFullPath(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
