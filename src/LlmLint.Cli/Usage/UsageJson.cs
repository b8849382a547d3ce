using System.Text.Json;

namespace LlmLint.Cli.Usage;

/// <summary>Reads and writes usage.json.</summary>
internal static class UsageJson
{
    public static string Serialize(UsageFile usage) => JsonSerializer.Serialize(usage, Model.ReportJsonContext.Default.UsageFile);

    /// <summary>Loads a usage export; every problem is a <see cref="CliException"/> with exit code 2 naming the file.</summary>
    public static UsageFile Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The usage file '{path}' does not exist; write it with 'llmlint usage export --ledger <file> --output {path}'.");
        }

        UsageFile? usage;
        try
        {
            usage = JsonSerializer.Deserialize(Commands.InputText.Read(path, "usage file"), Model.ReportJsonContext.Default.UsageFile);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The usage file '{path}' is not a valid llmlint usage export: {ex.Message}");
        }

        if (usage?.Functions is null)
        {
            throw new CliException(ExitCodes.BadInput, $"The usage file '{path}' is not a valid llmlint usage export (no 'functions').");
        }

        if (usage.SchemaVersion is < 1 or > UsageFile.CurrentSchemaVersion)
        {
            throw new CliException(ExitCodes.BadInput, $"The usage file '{path}' has schema version {usage.SchemaVersion}; this llmlint reads version {UsageFile.CurrentSchemaVersion}.");
        }

        foreach (var function in usage.Functions)
        {
            if (function is null || string.IsNullOrWhiteSpace(function.Id))
            {
                throw new CliException(ExitCodes.BadInput, $"The usage file '{path}' has a function without an 'id'.");
            }

            if (!(function.CallsPerDay >= 0) || double.IsInfinity(function.CallsPerDay) || function.Calls < 0 || function.CacheHits < 0 || function.Models is null)
            {
                throw new CliException(ExitCodes.BadInput, $"The usage file '{path}': function '{function.Id}' has a negative or invalid count.");
            }

            foreach (var model in function.Models)
            {
                if (model is null || string.IsNullOrWhiteSpace(model.Model) || model.Calls < 0 || !(model.Share is >= 0 and <= 1)
                    || !(model.MeanInputTokens >= 0) || !(model.MeanOutputTokens >= 0) || !(model.MeanCachedInputTokens >= 0))
                {
                    throw new CliException(ExitCodes.BadInput, $"The usage file '{path}': function '{function.Id}' has a model entry without a model id or with an invalid figure.");
                }
            }
        }

        return usage;
    }
}
