using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace LlmLint.Cli.Pricing;

/// <summary>A model's price per million tokens, in US dollars.</summary>
internal readonly record struct ModelPrice(string Id, decimal InputPerMillionUsd, decimal OutputPerMillionUsd)
{
    public decimal CostPerCall(long inputTokens, long outputTokens)
        => ((inputTokens * InputPerMillionUsd) + (outputTokens * OutputPerMillionUsd)) / 1_000_000m;
}

/// <summary>
/// Prices read from a model catalog file (<c>llmlint.models.json</c> or <c>--catalog</c>) that replace the prices the
/// analyzers computed with. Accepts a <c>models</c> array (or a top-level array) of entries with an <c>id</c>, optional
/// <c>aliases</c>, and input/output prices per million tokens (<c>inputPerMillionUsd</c>/<c>outputPerMillionUsd</c>;
/// <c>inputPer1M</c>/<c>outputPer1M</c> and a nested <c>price</c>/<c>pricing</c> object are read too).
/// </summary>
internal sealed class PriceOverrides
{
    /// <summary>The file name looked up beside the scanned project or solution.</summary>
    public const string DefaultFileName = "llmlint.models.json";

    private static readonly string[] InputKeys = ["inputPerMillionUsd", "inputPer1M", "inputPer1MUsd", "inputUsdPer1M", "inputPerMillion", "input", "prompt"];
    private static readonly string[] OutputKeys = ["outputPerMillionUsd", "outputPer1M", "outputPer1MUsd", "outputUsdPer1M", "outputPerMillion", "output", "completion"];

    private readonly Dictionary<string, ModelPrice> _byId;

    private PriceOverrides(string path, Dictionary<string, ModelPrice> byId)
    {
        Path = path;
        _byId = byId;
    }

    public string Path { get; }

    public int Count => _byId.Count;

    public bool TryGet(string? modelId, out ModelPrice price)
    {
        if (!string.IsNullOrEmpty(modelId) && _byId.TryGetValue(modelId, out price))
        {
            return true;
        }

        price = default;
        return false;
    }

    public static PriceOverrides Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' does not exist.");
        }

        try
        {
            return Parse(File.ReadAllText(path), System.IO.Path.GetFullPath(path));
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' is not valid JSON: {ex.Message}");
        }
    }

    public static PriceOverrides Parse(string json, string path)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = doc.RootElement;
        var byId = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase);
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("models", out var models))
        {
            root = models;
        }

        if (root.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var entry in root.EnumerateArray())
            {
                var id = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
                    ? idElement.GetString()
                    : null;
                if (string.IsNullOrWhiteSpace(id))
                {
                    throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}': model entry {index} has no 'id'.");
                }

                AddEntry(byId, id!, entry, path);
                index++;
            }
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    AddEntry(byId, property.Name, property.Value, path);
                }
            }
        }
        else
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' must hold a 'models' array.");
        }

        if (byId.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' lists no model with prices.");
        }

        return new PriceOverrides(path, byId);
    }

    private static void AddEntry(Dictionary<string, ModelPrice> byId, string id, JsonElement entry, string path)
    {
        var priceObject = entry;
        foreach (var nested in new[] { "price", "prices", "pricing" })
        {
            if (entry.TryGetProperty(nested, out var p) && p.ValueKind == JsonValueKind.Object)
            {
                priceObject = p;
                break;
            }
        }

        var input = ReadPrice(priceObject, InputKeys);
        var output = ReadPrice(priceObject, OutputKeys);
        if (input is null || output is null)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}': model '{id}' needs an input and an output price per million tokens (inputPerMillionUsd, outputPerMillionUsd).");
        }

        if (input < 0 || output < 0)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}': model '{id}' has a negative price.");
        }

        var price = new ModelPrice(id, input.Value, output.Value);
        byId[id] = price;
        if (entry.TryGetProperty("aliases", out var aliases) && aliases.ValueKind == JsonValueKind.Array)
        {
            foreach (var alias in aliases.EnumerateArray())
            {
                if (alias.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(alias.GetString()))
                {
                    byId[alias.GetString()!] = price;
                }
            }
        }
    }

    private static decimal? ReadPrice(JsonElement element, string[] keys)
    {
        foreach (var property in element.EnumerateObject())
        {
            foreach (var key in keys)
            {
                if (!string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDecimal(out var d))
                {
                    return d;
                }

                if (property.Value.ValueKind == JsonValueKind.String
                    && decimal.TryParse(property.Value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out d))
                {
                    return d;
                }
            }
        }

        return null;
    }
}
