using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmLint.Catalog.Tests;

/// <summary>
/// Every model id constant of the pinned SDK versions is in the catalog with a tier and prices, or listed in
/// src/Shared/Catalog/unsupported-sdk-models.json with a reason. A new SDK constant that is neither fails here.
/// </summary>
public sealed class CatalogCoverageTests
{
    /// <summary>The SDK assemblies the analyzers recognise, at the versions tests/Directory.Packages.props pins.</summary>
    private static readonly Assembly[] SdkAssemblies =
    [
        typeof(Anthropic.AnthropicClient).Assembly,
        typeof(OpenAI.OpenAIClient).Assembly,
        typeof(Azure.AI.OpenAI.AzureOpenAIClient).Assembly,
        typeof(Microsoft.Extensions.AI.IChatClient).Assembly,
        typeof(Microsoft.Extensions.AI.ChatClientBuilder).Assembly,
        typeof(Microsoft.Extensions.AI.OpenAIClientExtensions).Assembly,
        typeof(Microsoft.SemanticKernel.Kernel).Assembly,
        typeof(Microsoft.SemanticKernel.KernelExtensions).Assembly,
        typeof(Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings).Assembly,
        typeof(Microsoft.SemanticKernel.Connectors.AzureOpenAI.AzureOpenAIPromptExecutionSettings).Assembly,
    ];

    private static readonly Regex DateSuffix = new("^-[0-9]{8}$", RegexOptions.CultureInvariant);

    private static List<SdkModelConstant> Constants()
        => SdkAssemblies.Distinct().SelectMany(SdkModelConstants.Of).ToList();

    [Fact]
    public void EverySdkModelConstant_IsPricedInTheCatalog_OrDeliberatelyUnsupported()
    {
        var catalog = ModelCatalog.Default;
        var unsupported = UnsupportedModels.Load();
        var problems = new List<string>();
        foreach (var c in Constants())
        {
            if (unsupported.ContainsKey(c.Id))
            {
                continue;
            }

            if (!catalog.TryGet(c.Id, out var model))
            {
                problems.Add($"{c.Member} = \"{c.Id}\" ({c.Sdk}) is not in models.json and not in unsupported-sdk-models.json");
            }
            else if (!NamesExactly(model, c.Id))
            {
                problems.Add($"{c.Member} = \"{c.Id}\" ({c.Sdk}) only resolves to '{model.Id}' by stripping a suffix that is not a snapshot date: give it its own entry or list it as unsupported");
            }
            else if (!Enum.IsDefined(model.Tier) || model.InputPerMillion <= 0 || model.OutputPerMillion <= 0)
            {
                problems.Add($"{c.Member} = \"{c.Id}\" ({c.Sdk}) resolves to '{model.Id}' without a tier and input/output prices (tier {model.Tier}, ${model.InputPerMillion}/${model.OutputPerMillion} per 1M)");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void TheAnthropicModelEnum_IsEnumerated()
    {
        var anthropic = Constants().Where(c => c.Sdk.StartsWith("Anthropic ", StringComparison.Ordinal)).ToList();
        Assert.Contains(anthropic, c => c.Member == "Anthropic.Models.Messages.Model.ClaudeOpus4_8" && c.Id == "claude-opus-4-8");
        Assert.Contains(anthropic, c => c.Id == "claude-haiku-4-5-20251001");
        Assert.True(anthropic.Count >= 20, $"only {anthropic.Count} Anthropic model constants found");
    }

    [Fact]
    public void UnsupportedList_GivesAReasonPerId_AndHoldsOnlySdkIdsTheCatalogDoesNotPrice()
    {
        var catalog = ModelCatalog.Default;
        var sdkIds = new HashSet<string>(Constants().Select(c => c.Id), StringComparer.OrdinalIgnoreCase);
        var unsupported = UnsupportedModels.Load();
        Assert.NotEmpty(unsupported);
        foreach (var (id, reason) in unsupported)
        {
            Assert.False(string.IsNullOrWhiteSpace(reason), $"'{id}' has no reason");
            Assert.False(catalog.TryGet(id, out var priced), $"'{id}' is listed as unsupported but the catalog prices it as '{priced?.Id}': remove it from the list");
            Assert.True(sdkIds.Contains(id), $"'{id}' is listed as unsupported but no SDK constant names it any more: remove it from the list");
        }
    }

    /// <summary>The entry names the id itself, or the id is the entry plus a snapshot date (<c>claude-opus-4-5-20251101</c>).</summary>
    private static bool NamesExactly(ModelInfo model, string id)
        => model.Aliases.Prepend(model.Id).Any(name =>
            string.Equals(name, id, StringComparison.OrdinalIgnoreCase)
            || (id.StartsWith(name, StringComparison.OrdinalIgnoreCase) && DateSuffix.IsMatch(id[name.Length..])));
}

/// <summary>src/Shared/Catalog/unsupported-sdk-models.json: id → reason.</summary>
internal static class UnsupportedModels
{
    public static Dictionary<string, string> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "unsupported-sdk-models.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            var id = entry.GetProperty("id").GetString() ?? throw new InvalidDataException($"{path}: an entry has no id");
            if (!result.TryAdd(id, entry.TryGetProperty("reason", out var reason) ? reason.GetString() ?? "" : ""))
            {
                throw new InvalidDataException($"{path}: '{id}' is listed twice");
            }
        }

        return result;
    }
}
