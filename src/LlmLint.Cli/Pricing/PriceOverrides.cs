using System.Text.Json;
using LlmLint.Catalog;

namespace LlmLint.Cli.Pricing;

/// <summary>A model's price per million tokens, in US dollars.</summary>
internal readonly record struct ModelPrice(string Id, decimal InputPerMillionUsd, decimal OutputPerMillionUsd)
{
    public decimal CostPerCall(long inputTokens, long outputTokens)
        => ((Math.Max(0, inputTokens) * InputPerMillionUsd) + (Math.Max(0, outputTokens) * OutputPerMillionUsd)) / 1_000_000m;
}

/// <summary>
/// The prices of a user model catalog (<c>llmlint.models.json</c> or <c>--catalog</c>), in the format of the built-in
/// catalog (<see cref="ModelCatalog"/>), merged over the built-in one. Only the models the file lists replace the
/// costs the analyzers computed: the others keep the analyzers' prices.
/// </summary>
internal sealed class PriceOverrides
{
    /// <summary>The file name looked up beside the scanned project or solution.</summary>
    public const string DefaultFileName = ModelCatalog.OverrideFileName;

    private readonly ModelCatalog _catalog;
    private readonly HashSet<string> _listed;

    private PriceOverrides(string path, ModelCatalog catalog, HashSet<string> listed)
    {
        Path = path;
        _catalog = catalog;
        _listed = listed;
    }

    public string Path { get; }

    /// <summary>How many models the file lists.</summary>
    public int Count => _listed.Count;

    /// <summary>The built-in catalog's date, for the report.</summary>
    public string? BuiltInUpdated => SafeDefault()?.Updated;

    public string Description
        => $"{System.IO.Path.GetFileName(Path)} ({Count} model(s)) over the LlmLint built-in model catalog{(BuiltInUpdated is { } d ? " of " + d : "")}";

    /// <summary>Resolves <paramref name="modelId"/> (aliases and snapshots included) to a model the file lists.</summary>
    public bool TryGet(string? modelId, out ModelPrice price)
    {
        if (!string.IsNullOrEmpty(modelId) && _catalog.TryGet(modelId, out var info) && _listed.Contains(info.Id))
        {
            price = new ModelPrice(info.Id, info.InputPerMillion, info.OutputPerMillion);
            return true;
        }

        price = default;
        return false;
    }

    /// <summary>Whether the file lists <paramref name="modelId"/> (its canonical id).</summary>
    public bool Lists(string modelId) => _listed.Contains(modelId);

    /// <summary>
    /// Resolves <paramref name="modelId"/> in the built-in catalog merged with <paramref name="prices"/> (when given): the
    /// price of any catalog model, not only the listed ones.
    /// </summary>
    public static bool TryGetModel(PriceOverrides? prices, string? modelId, out ModelInfo model)
    {
        var catalog = prices?._catalog ?? SafeDefault();
        if (catalog is not null && !string.IsNullOrEmpty(modelId) && catalog.TryGet(modelId, out model))
        {
            return true;
        }

        model = null!;
        return false;
    }

    public static PriceOverrides Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' does not exist.");
        }

        string json = Commands.InputText.Read(path, "catalog file");

        return Parse(json, System.IO.Path.GetFullPath(path));
    }

    public static PriceOverrides Parse(string json, string path)
    {
        var builtIn = SafeDefault() ?? throw new CliException(ExitCodes.ToolError, "The built-in model catalog of llmlint cannot be read; reinstall llmlint.");
        ModelCatalog merged;
        try
        {
            merged = ModelCatalog.ParseOverrides(json, path, builtIn);
        }
        catch (ModelCatalogException ex)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' is malformed: {ex.Message}");
        }

        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        using (var doc = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }))
        {
            if (doc.RootElement.TryGetProperty("models", out var models) && models.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in models.EnumerateArray())
                {
                    if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                        && merged.FindById(id.GetString()) is { } info)
                    {
                        listed.Add(info.Id);
                    }
                }
            }
        }

        if (listed.Count == 0)
        {
            throw new CliException(ExitCodes.BadInput, $"The catalog file '{path}' lists no model.");
        }

        return new PriceOverrides(path, merged, listed);
    }

    private static ModelCatalog? SafeDefault()
    {
        try
        {
            return ModelCatalog.Default;
        }
        catch (ModelCatalogException)
        {
            return null;
        }
    }
}
