using System;
using System.Collections.Generic;
using System.IO;
using LlmLint.Catalog;

namespace LlmLint.Tests.Catalog;

public sealed class ModelCatalogTests
{
    private static ModelCatalog Catalog => ModelCatalog.Default;

    [Fact]
    public void EveryEntry_ParsesAndIsComplete()
    {
        Assert.True(Catalog.Models.Count >= 40, "The catalog has only " + Catalog.Models.Count + " models.");
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in Catalog.Models)
        {
            Assert.False(string.IsNullOrWhiteSpace(model.Id));
            Assert.Equal(model.Id.ToLowerInvariant(), model.Id);
            Assert.False(string.IsNullOrWhiteSpace(model.Provider), model.Id);
            Assert.True(model.InputPerMillion >= 0 && model.OutputPerMillion >= 0 && model.CachedInputPerMillion >= 0, model.Id);
            Assert.True(model.CachedInputPerMillion <= model.InputPerMillion, model.Id + ": cached input costs more than input");
            Assert.True(model.ContextWindow > 0, model.Id);
            Assert.InRange(model.BatchDiscount, 0, 1);
            Assert.False(string.IsNullOrWhiteSpace(model.PriceSource), model.Id);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", model.PriceDate);
            Assert.True(names.Add(model.Id), "Duplicate id or alias " + model.Id);
            foreach (var alias in model.Aliases)
            {
                Assert.True(names.Add(alias), "Duplicate id or alias " + alias);
            }

            if (model.Status == ModelStatus.Retired)
            {
                Assert.False(string.IsNullOrEmpty(model.Successor), model.Id + " is retired without a successor");
                Assert.True(Catalog.TryGet(model.Successor, out var successor), model.Id + ": unknown successor " + model.Successor);
                Assert.NotEqual(ModelStatus.Retired, successor.Status);
            }

            if (model.IsLocal)
            {
                Assert.Equal(ModelTier.Small, model.Tier);
                Assert.Equal(0m, model.InputPerMillion + model.OutputPerMillion);
            }
            else
            {
                Assert.True(model.InputPerMillion + model.OutputPerMillion > 0, model.Id + " is a hosted model priced at $0");
            }
        }
    }

    [Theory]
    [InlineData("gpt-5")]
    [InlineData("gpt-5-mini")]
    [InlineData("gpt-5-nano")]
    [InlineData("gpt-4.1")]
    [InlineData("gpt-4.1-mini")]
    [InlineData("gpt-4.1-nano")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("o3")]
    [InlineData("o4-mini")]
    [InlineData("gpt-4")]
    [InlineData("gpt-4-turbo")]
    [InlineData("gpt-4-1106-preview")]
    [InlineData("gpt-3.5-turbo")]
    [InlineData("claude-fable-5")]
    [InlineData("claude-opus-4-8")]
    [InlineData("claude-sonnet-4-6")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("claude-sonnet-5")]
    [InlineData("claude-3-opus")]
    [InlineData("claude-3-haiku")]
    [InlineData("claude-3-5-sonnet")]
    [InlineData("claude-3-5-haiku")]
    [InlineData("gemini-2.5-pro")]
    [InlineData("gemini-2.5-flash")]
    [InlineData("open-mixtral-8x7b")]
    [InlineData("deepseek-chat")]
    [InlineData("llama3.1")]
    [InlineData("phi-4")]
    [InlineData("mistral:7b")]
    public void RequiredModels_ArePresent(string id)
    {
        Assert.NotNull(Catalog.FindById(id));
    }

    [Theory]
    [InlineData("claude-fable-5", 10, 50)]
    [InlineData("claude-opus-4-8", 5, 25)]
    [InlineData("claude-sonnet-4-6", 3, 15)]
    [InlineData("claude-haiku-4-5", 0.80, 4)]
    public void AnthropicPrices_AreTheJune2026List(string id, double input, double output)
    {
        var model = Catalog.FindById(id)!;
        Assert.Equal((decimal)input, model.InputPerMillion);
        Assert.Equal((decimal)output, model.OutputPerMillion);
        Assert.Equal(model.InputPerMillion / 10, model.CachedInputPerMillion);
    }

    [Fact]
    public void WithinAProvider_TiersOrderByPrice()
    {
        var byProvider = new Dictionary<string, List<ModelInfo>>(StringComparer.Ordinal);
        foreach (var model in Catalog.Models)
        {
            if (model.Status != ModelStatus.Current)
            {
                continue;
            }

            if (!byProvider.TryGetValue(model.Provider, out var list))
            {
                byProvider[model.Provider] = list = new List<ModelInfo>();
            }

            list.Add(model);
        }

        foreach (var (provider, models) in byProvider)
        {
            foreach (var lower in models)
            {
                foreach (var higher in models)
                {
                    if (higher.Tier > lower.Tier)
                    {
                        Assert.True(
                            higher.InputPerMillion + higher.OutputPerMillion >= lower.InputPerMillion + lower.OutputPerMillion,
                            $"{provider}: {higher.Id} ({higher.Tier}) is cheaper than {lower.Id} ({lower.Tier})");
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("GPT-4O", "gpt-4o")]
    [InlineData("openai/gpt-4o", "gpt-4o")]
    [InlineData("gpt-35-turbo", "gpt-3.5-turbo")]
    [InlineData("gpt-41-mini", "gpt-4.1-mini")]
    [InlineData("gpt-4-0613", "gpt-4")]
    [InlineData("claude-3-5-sonnet-20241022", "claude-3-5-sonnet")]
    [InlineData("claude-3-5-sonnet-latest", "claude-3-5-sonnet")]
    [InlineData("claude-sonnet-4-6-20260101", "claude-sonnet-4-6")]
    [InlineData("mistralai/Mixtral-8x7B-Instruct-v0.1", "open-mixtral-8x7b")]
    [InlineData("llama3.1:8b", "llama3.1")]
    [InlineData("mistral:latest", "mistral:7b")]
    [InlineData("azure-gpt-4o", "gpt-4o")]
    [InlineData("bedrock-claude-sonnet-4", "claude-sonnet-4")]
    [InlineData("OpenAI-gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    public void AliasesAndSnapshots_Resolve(string spelling, string id)
    {
        Assert.True(Catalog.TryGet(spelling, out var model), spelling + " did not resolve");
        Assert.Equal(id, model.Id);
    }

    [Theory]
    [InlineData("gpt-9")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("foo/bar")]
    [InlineData("my-fine-tune")]
    [InlineData("azure-")]
    [InlineData("azure-my-deployment")]
    [InlineData("prod-gpt-4o")]
    public void UnknownIds_AreUnknown_NeverPricedAtZero(string? id)
    {
        Assert.False(Catalog.TryGet(id, out _));
        Assert.Null(Catalog.Find(id));
    }

    [Fact]
    public void Costs_UsePricesPerMillionTokens()
    {
        var gpt4o = Catalog.FindById("gpt-4o")!;
        Assert.Equal(12.50m, gpt4o.CostUsd(1_000_000, 1_000_000));
        Assert.Equal(1.25m, gpt4o.CostUsd(1_000_000, 0, cachedInputTokens: 1_000_000));
        Assert.Equal(0.00625m, Catalog.FindById("gpt-5")!.CostUsd(1_000, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => gpt4o.CostUsd(-1, 0));
    }

    [Theory]
    [InlineData("gpt-4o", "gpt-4o-mini")]
    [InlineData("gpt-4.1", "gpt-4.1-mini")]
    [InlineData("gpt-5", "gpt-5-mini")]
    [InlineData("claude-opus-4-8", "claude-haiku-4-5")]
    [InlineData("claude-sonnet-4-6", "claude-haiku-4-5")]
    public void SuggestSmaller_StaysWithTheProvider(string id, string expected)
    {
        Assert.Equal(expected, Catalog.SuggestSmaller(Catalog.FindById(id)!)?.Id);
    }

    [Fact]
    public void SuggestSmaller_OfASmallModel_IsNull()
    {
        Assert.Null(Catalog.SuggestSmaller(Catalog.FindById("gpt-4o-mini")!));
    }

    [Fact]
    public void ClosestIds_SuggestsTheNearestSpelling()
    {
        Assert.Equal("gpt-4o-mini", Catalog.ClosestIds("gpt-4o-mni", 3)[0]);
        Assert.Empty(Catalog.ClosestIds("zzzzzz", 3));
    }

    [Fact]
    public void UserFile_OverridesPricesAndAddsModels()
    {
        const string overrides = """
            {
              "schemaVersion": 1,
              "models": [
                { "id": "gpt-4o", "inputPerMillion": 2.0, "aliases": ["my-gpt4o-deployment"] },
                { "id": "acme-small", "aliases": [], "provider": "acme", "tier": "Small", "inputPerMillion": 0.1,
                  "cachedInputPerMillion": 0.05, "outputPerMillion": 0.2, "batchDiscount": 0, "contextWindow": 8192,
                  "status": "current", "priceSource": "contract", "priceDate": "2026-01-01" }
              ]
            }
            """;
        var merged = ModelCatalog.ParseOverrides(overrides, "llmlint.models.json", Catalog);

        var gpt4o = merged.FindById("gpt-4o")!;
        Assert.Equal(2.0m, gpt4o.InputPerMillion);
        Assert.Equal(Catalog.FindById("gpt-4o")!.OutputPerMillion, gpt4o.OutputPerMillion);
        Assert.True(merged.TryGet("my-gpt4o-deployment", out var viaAlias));
        Assert.Equal("gpt-4o", viaAlias.Id);
        Assert.True(merged.TryGet("acme-small", out var acme));
        Assert.Equal("acme", acme.Provider);

        // The built-in catalog is not changed by an override.
        Assert.Equal(2.5m, Catalog.FindById("gpt-4o")!.InputPerMillion);
        Assert.False(Catalog.TryGet("acme-small", out _));
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "tier": "Tiny" } ] }""", "tier")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "inputPerMillion": -1 } ] }""", "inputPerMillion")]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "new-model", "tier": "Small" } ] }""", "new-model")]
    [InlineData("""{ "schemaVersion": 1, "models": [ """, "llmlint.models.json")]
    public void MalformedUserFile_IsReportedWithTheFieldAndSource(string json, string expectedInMessage)
    {
        var error = Assert.Throws<ModelCatalogException>(() => ModelCatalog.ParseOverrides(json, "llmlint.models.json", Catalog));
        Assert.Contains(expectedInMessage, error.Message, StringComparison.Ordinal);
        Assert.Contains("llmlint.models.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShippedCatalogFile_IsTheEmbeddedOne()
    {
        var path = Path.Combine(TestRepo.Root, "src", "Shared", "Catalog", "models.json");
        var fromFile = ModelCatalog.Parse(File.ReadAllText(path), path);
        Assert.Equal(Catalog.Models.Count, fromFile.Models.Count);
    }
}
