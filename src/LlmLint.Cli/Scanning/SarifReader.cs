using System.Text.Json;

namespace LlmLint.Cli.Scanning;

/// <summary>One result of a SARIF v2.1 log, reduced to what the report needs.</summary>
internal sealed record SarifResult(
    string RuleId,
    string Level,
    string Message,
    string? File,
    int Line,
    int Column,
    IReadOnlyDictionary<string, string> Properties);

/// <summary>
/// Reads the SARIF v2.1 error logs the C# compiler writes (<c>-p:ErrorLog=file,version=2.1</c>).
/// The compiler puts <c>Diagnostic.Properties</c> under <c>results[].properties.customProperties</c>.
/// </summary>
internal static class SarifReader
{
    public static List<SarifResult> ReadFile(string path)
    {
        return Read(Commands.InputText.Read(path, "SARIF log"), path);
    }

    public static List<SarifResult> Read(string json, string sourceName)
    {
        var results = new List<SarifResult>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The SARIF log '{sourceName}' is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("runs", out var runs)
                || runs.ValueKind != JsonValueKind.Array)
            {
                throw new CliException(ExitCodes.BadInput, $"The SARIF log '{sourceName}' has no 'runs' array (expected SARIF v2.1).");
            }

            foreach (var run in runs.EnumerateArray())
            {
                if (!run.TryGetProperty("results", out var items) || items.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var item in items.EnumerateArray())
                {
                    var result = ReadResult(item);
                    if (result is not null)
                    {
                        results.Add(result);
                    }
                }
            }
        }

        return results;
    }

    private static SarifResult? ReadResult(JsonElement item)
    {
        var ruleId = GetString(item, "ruleId");
        if (string.IsNullOrEmpty(ruleId))
        {
            return null;
        }

        var level = GetString(item, "level") ?? "warning";
        var message = item.TryGetProperty("message", out var m) ? GetString(m, "text") ?? "" : "";
        string? file = null;
        int line = 0, column = 0;
        if (item.TryGetProperty("locations", out var locations) && locations.ValueKind == JsonValueKind.Array)
        {
            foreach (var location in locations.EnumerateArray())
            {
                if (!location.TryGetProperty("physicalLocation", out var physical))
                {
                    continue;
                }

                if (physical.TryGetProperty("artifactLocation", out var artifact))
                {
                    file = UriToPath(GetString(artifact, "uri"));
                }

                if (physical.TryGetProperty("region", out var region))
                {
                    line = GetInt(region, "startLine");
                    column = GetInt(region, "startColumn");
                }

                break;
            }
        }

        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        if (item.TryGetProperty("properties", out var bag) && bag.ValueKind == JsonValueKind.Object
            && bag.TryGetProperty("customProperties", out var custom) && custom.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in custom.EnumerateObject())
            {
                properties[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString() ?? ""
                    : property.Value.GetRawText();
            }
        }

        return new SarifResult(ruleId, level, message, file, line, column, properties);
    }

    internal static string? UriToPath(string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return null;
        }

        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile)
        {
            return absolute.LocalPath;
        }

        return Uri.UnescapeDataString(uri);
    }

    private static string? GetString(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static int GetInt(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i)
            ? i
            : 0;
}
