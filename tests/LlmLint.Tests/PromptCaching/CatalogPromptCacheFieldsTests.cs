using LlmLint.Catalog;
using LlmLint.Metering;

namespace LlmLint.Tests.PromptCaching;

/// <summary>The catalog's schema-2 prompt-cache fields, and older override files.</summary>
public class CatalogPromptCacheFieldsTests
{
    [Fact]
    public void BuiltInCatalog_HasAnthropicWritePremiumAndMinimums()
    {
        foreach (ModelInfo m in ModelCatalog.Default.Models)
        {
            if (m.Provider == "anthropic")
            {
                Assert.Equal(m.InputPerMillion * 1.25m, m.CacheWritePerMillion);
                Assert.Equal(m.Id.Contains("haiku", System.StringComparison.Ordinal) ? 2048 : 1024, m.MinCacheableTokens);
            }
            else if (m.Provider == "openai")
            {
                Assert.Null(m.CacheWritePerMillion);
                Assert.Equal(m.CachedInputPerMillion < m.InputPerMillion ? 1024 : null, m.MinCacheableTokens);
            }
        }
    }

    [Fact]
    public void Version1OverrideFile_StillLoads_AndKeepsTheBuiltInCacheFields()
    {
        ModelCatalog c = ModelCatalog.ParseOverrides("""{ "schemaVersion": 1, "models": [ { "id": "claude-opus-4-8", "inputPerMillion": 4 } ] }""", "llmlint.models.json", ModelCatalog.Default);

        ModelInfo opus = c.Find("claude-opus-4-8")!;
        Assert.Equal(4m, opus.InputPerMillion);
        Assert.Equal(6.25m, opus.CacheWritePerMillion);
        Assert.Equal(1024, opus.MinCacheableTokens);
        Assert.NotNull(CostCalculator.FromOverrides("""{"schemaVersion":1,"models":[{"id":"gpt-4o-mini","inputPerMillion":1}]}""", "old.json"));
    }

    [Fact]
    public void Version2OverrideFile_SetsAndClearsTheFields()
    {
        ModelCatalog c = ModelCatalog.ParseOverrides(
            """
            { "schemaVersion": 2, "models": [
              { "id": "claude-opus-4-8", "cacheWritePerMillion": 10, "minCacheableTokens": 4096 },
              { "id": "claude-haiku-4-5", "cacheWritePerMillion": null, "minCacheableTokens": null },
              { "id": "acme-small", "provider": "acme", "tier": "Small", "inputPerMillion": 0.1, "cachedInputPerMillion": 0.01,
                "outputPerMillion": 0.2, "batchDiscount": 0, "contextWindow": 8192, "status": "current",
                "priceSource": "contract", "priceDate": "2026-01-01" } ] }
            """, "llmlint.models.json", ModelCatalog.Default);

        Assert.Equal(10m, c.Find("claude-opus-4-8")!.CacheWritePerMillion);
        Assert.Equal(4096, c.Find("claude-opus-4-8")!.MinCacheableTokens);
        Assert.Null(c.Find("claude-haiku-4-5")!.CacheWritePerMillion);
        Assert.Null(c.Find("claude-haiku-4-5")!.MinCacheableTokens);
        ModelInfo acme = c.Find("acme-small")!;
        Assert.Null(acme.CacheWritePerMillion); // optional for a new entry
        Assert.Equal(0.1m * 100 / 1_000_000m, acme.CostUsd(0, 0, 0, 0) + (100 * acme.EffectiveCacheWritePerMillion / 1_000_000m));
    }

    [Theory]
    [InlineData("""{ "schemaVersion": 1, "models": [ { "id": "gpt-4o", "minCacheableTokens": 1024 } ] }""", "needs \"schemaVersion\": 2")]
    [InlineData("""{ "schemaVersion": 3, "models": [] }""", "reads versions 1 to 2")]
    [InlineData("""{ "schemaVersion": 2, "models": [ { "id": "gpt-4o", "minCacheableTokens": 0 } ] }""", "minCacheableTokens")]
    [InlineData("""{ "schemaVersion": 2, "models": [ { "id": "gpt-4o", "cacheWritePerMillion": -1 } ] }""", "cacheWritePerMillion")]
    [InlineData("""{ "schemaVersion": 2, "models": [ { "id": "gpt-4o", "minCacheableTokens": "many" } ] }""", "expected an integer")]
    public void BadFields_AreReportedByName(string json, string expected)
    {
        var e = Assert.Throws<ModelCatalogException>(() => ModelCatalog.ParseOverrides(json, "llmlint.models.json", ModelCatalog.Default));
        Assert.Contains(expected, e.Message, System.StringComparison.Ordinal);
        Assert.Contains("llmlint.models.json", e.Message, System.StringComparison.Ordinal);
    }
}
