using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmLint.Cli.Model;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(Report))]
[JsonSerializable(typeof(Diff.ReportDiff))]
[JsonSerializable(typeof(Usage.UsageFile))]
internal sealed partial class ReportJsonContext : JsonSerializerContext
{
}

/// <summary>Reads and writes report.json.</summary>
internal static class ReportJson
{
    public static string Serialize(Report report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.Report);

    public static string Serialize(Diff.ReportDiff diff) => JsonSerializer.Serialize(diff, ReportJsonContext.Default.ReportDiff);

    /// <summary>Loads a report written by <c>llmlint scan</c>; <paramref name="role"/> names it in errors ("baseline").</summary>
    public static Report Load(string path, string role)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} report '{path}' does not exist.");
        }

        Report? report;
        try
        {
            report = JsonSerializer.Deserialize(Commands.InputText.Read(path, role + " report"), ReportJsonContext.Default.Report);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} report '{path}' is not a valid llmlint report.json: {ex.Message}");
        }

        if (report is null || report.SchemaVersion < 1 || report.CallSites is null || report.Findings is null)
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} report '{path}' is not a valid llmlint report.json (no schemaVersion or callSites).");
        }

        if (report.SchemaVersion > Report.CurrentSchemaVersion)
        {
            throw new CliException(ExitCodes.BadInput, $"The {role} report '{path}' has schema version {report.SchemaVersion}; this llmlint reads version {Report.CurrentSchemaVersion}. Update llmlint.");
        }

        foreach (var site in report.CallSites)
        {
            if (string.IsNullOrEmpty(site?.Id))
            {
                throw new CliException(ExitCodes.BadInput, $"The {role} report '{path}' has a call site without an 'id'.");
            }
        }

        return report;
    }
}
