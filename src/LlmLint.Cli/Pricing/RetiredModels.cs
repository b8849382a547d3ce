using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace LlmLint.Cli.Pricing;

/// <summary>A model id no provider serves any more, and the catalog model suggested in its place.</summary>
internal sealed record RetiredModel(string Id, string Provider, string? Successor);

/// <summary>
/// The retired ids without a price entry (src/Shared/Catalog/retired-models.json), so a report names
/// <c>claude-2.1</c> retired rather than "not in the model catalog". Retired models that still have prices are catalog
/// entries with status "retired".
/// </summary>
internal static class RetiredModels
{
    public const string ResourceName = "LlmLint.Catalog.retired-models.json";

    private static readonly Lazy<Dictionary<string, RetiredModel>> All = new(Load);

    public static bool TryGet(string? modelId, out RetiredModel model)
    {
        if (!string.IsNullOrEmpty(modelId) && All.Value.TryGetValue(Normalize(modelId), out model!))
        {
            return true;
        }

        model = null!;
        return false;
    }

    /// <summary>"anthropic/claude-2.1" and "Claude-2.1" name "claude-2.1".</summary>
    private static string Normalize(string id)
    {
        int slash = id.LastIndexOf('/');
        return (slash >= 0 ? id[(slash + 1)..] : id).Trim().ToLowerInvariant();
    }

    private static Dictionary<string, RetiredModel> Load()
    {
        using Stream stream = typeof(RetiredModels).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new CliException(ExitCodes.ToolError, "The retired-model list of llmlint is missing; reinstall llmlint.");
        using JsonDocument doc = JsonDocument.Parse(stream);
        var result = new Dictionary<string, RetiredModel>(StringComparer.Ordinal);
        foreach (JsonElement entry in doc.RootElement.GetProperty("retired").EnumerateArray())
        {
            string id = entry.GetProperty("id").GetString()!;
            result[Normalize(id)] = new RetiredModel(
                id,
                entry.GetProperty("provider").GetString()!,
                entry.TryGetProperty("successor", out JsonElement s) ? s.GetString() : null);
        }

        return result;
    }
}
