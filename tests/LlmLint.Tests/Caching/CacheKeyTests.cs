using System;
using System.Collections.Generic;
using System.Text.Json;
using LlmLint.Caching;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Caching;

public class CacheKeyTests
{
    private static string Key(ChatOptions? o = null, string text = "hello", string? tenant = "t", string? extra = null) =>
        CacheKey.Compute(Msgs.User(text), o, tenant, "gpt-4o-mini", null, extra);

    [Fact]
    public void Key_IsStable_Versioned_AndHexSha256()
    {
        string a = Key(new ChatOptions { Temperature = 0.5f });
        string b = Key(new ChatOptions { Temperature = 0.5f });
        Assert.Equal(a, b);
        Assert.StartsWith("v2:", a);
        Assert.Equal(3 + 64, a.Length);
        Assert.Equal(2, CacheKey.FormatVersion);
    }

    [Fact]
    public void Key_IsPinned_ForFormatVersion2()
    {
        // Changing this value means every stored answer is invalidated: bump CacheKey.FormatVersion when it changes.
        string canonical = CacheKey.GetCanonicalForm(Msgs.User("hello"), new ChatOptions { Temperature = 0 }, "acme", "gpt-4o-mini");
        Assert.Equal(
            """{"v":2,"tenant":"acme","partition":null,"model":"gpt-4o-mini","tier":null,"extra":null,"instructions":null,"temperature":0,"topP":null,"topK":null,"maxOutputTokens":null,"seed":null,"frequencyPenalty":null,"presencePenalty":null,"stop":null,"format":null,"tools":null,"toolMode":null,"multipleToolCalls":null,"reasoning":null,"properties":null,"messages":[{"role":"user","author":null,"contents":[{"text":"hello"}]}]}""",
            canonical);
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical))).ToLowerInvariant();
        Assert.Equal("v2:" + hash, CacheKey.Compute(Msgs.User("hello"), new ChatOptions { Temperature = 0 }, "acme", "gpt-4o-mini"));
    }

    [Fact]
    public void Key_LeavesTheMessagesOut_OnlyWhenTheKeyValueIdentifiesTheRequest()
    {
        // As the caching client calls it: the extra value comes from the options.
        static string Of(ChatOptions o, string text = "hello", string? tenant = "t") =>
            Key(o, text, tenant, ChatOptionsProperties.Get<string>(o, LlmLintPropertyKeys.CacheKeyExtra));

        Assert.Equal(Of(new ChatOptions().WithCacheKeyOnly("f|h|ticket=a")), Of(new ChatOptions().WithCacheKeyOnly("f|h|ticket=a"), text: "hello  "));
        Assert.NotEqual(Of(new ChatOptions().WithCacheKeyOnly("f|h|ticket=a")), Of(new ChatOptions().WithCacheKeyOnly("f|h|ticket=b")));
        Assert.NotEqual(Of(new ChatOptions().WithCacheKeyOnly("k")), Of(new ChatOptions().WithCacheKeyOnly("k"), tenant: "other"));
        Assert.NotEqual(Of(new ChatOptions().WithCacheKeyOnly("k")), Of(new ChatOptions().WithCacheKey("k")));
        Assert.NotEqual(Of(new ChatOptions().WithCacheKey("k")), Of(new ChatOptions().WithCacheKey("k"), text: "hello  "));

        // Without a key value the flag has no effect: the messages stay in the key.
        var flagOnly = new ChatOptions { AdditionalProperties = new() { [LlmLintPropertyKeys.CacheKeyOnly] = true } };
        Assert.NotEqual(Of(flagOnly), Of(flagOnly, text: "hello  "));

        string canonical = CacheKey.GetCanonicalForm(Msgs.User("hello"), new ChatOptions().WithCacheKeyOnly("k"), "acme", "gpt-4o-mini", null, "k");
        Assert.EndsWith("\"extra\":\"k\",\"instructions\":null,\"temperature\":null,\"topP\":null,\"topK\":null,\"maxOutputTokens\":null,\"seed\":null,\"frequencyPenalty\":null,\"presencePenalty\":null,\"stop\":null,\"format\":null,\"tools\":null,\"toolMode\":null,\"multipleToolCalls\":null,\"reasoning\":null,\"properties\":null,\"messages\":null}", canonical);
    }

    public static IEnumerable<object[]> Variants()
    {
        JsonElement schemaA = JsonDocument.Parse("""{"type":"object","properties":{"a":{"type":"string"}}}""").RootElement;
        JsonElement schemaB = JsonDocument.Parse("""{"type":"object","properties":{"b":{"type":"string"}}}""").RootElement;
        yield return new object[] { "temperature", new ChatOptions { Temperature = 0.1f }, new ChatOptions { Temperature = 0.2f } };
        yield return new object[] { "topP", new ChatOptions { TopP = 0.1f }, new ChatOptions { TopP = 0.2f } };
        yield return new object[] { "topK", new ChatOptions { TopK = 1 }, new ChatOptions { TopK = 2 } };
        yield return new object[] { "max", new ChatOptions { MaxOutputTokens = 10 }, new ChatOptions { MaxOutputTokens = 11 } };
        yield return new object[] { "stop", new ChatOptions { StopSequences = new List<string> { "a" } }, new ChatOptions { StopSequences = new List<string> { "b" } } };
        yield return new object[] { "seed", new ChatOptions { Seed = 1 }, new ChatOptions { Seed = 2 } };
        yield return new object[] { "freq", new ChatOptions { FrequencyPenalty = 0.1f }, new ChatOptions { FrequencyPenalty = 0.2f } };
        yield return new object[] { "pres", new ChatOptions { PresencePenalty = 0.1f }, new ChatOptions { PresencePenalty = 0.2f } };
        yield return new object[] { "instructions", new ChatOptions { Instructions = "a" }, new ChatOptions { Instructions = "b" } };
        yield return new object[] { "model", new ChatOptions { ModelId = "gpt-4o" }, new ChatOptions { ModelId = "gpt-4o-mini-2" } };
        yield return new object[] { "format", new ChatOptions { ResponseFormat = ChatResponseFormat.Text }, new ChatOptions { ResponseFormat = ChatResponseFormat.Json } };
        yield return new object[] { "schema", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schemaA) }, new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schemaB) } };
        yield return new object[] { "tools", new ChatOptions { Tools = new List<AITool> { AIFunctionFactory.Create(() => 1, "one") } }, new ChatOptions { Tools = new List<AITool> { AIFunctionFactory.Create(() => 1, "two") } } };
        yield return new object[] { "tier", new ChatOptions().WithTier(Tier.Small), new ChatOptions().WithTier(Tier.Large) };
        yield return new object[] { "extra", new ChatOptions().WithCacheKey("a"), new ChatOptions().WithCacheKey("b") };
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Key_Changes_WithEveryOutputChangingOption(string name, ChatOptions a, ChatOptions b)
    {
        Assert.NotEqual(Key(a, extra: a.AdditionalProperties?.GetValueOrDefault(LlmLintPropertyKeys.CacheKeyExtra) as string), Key(b, extra: b.AdditionalProperties?.GetValueOrDefault(LlmLintPropertyKeys.CacheKeyExtra) as string));
        Assert.NotNull(name);
    }

    [Fact]
    public void Key_Changes_WithTenant_Messages_Role_AndNonTextContent()
    {
        Assert.NotEqual(Key(tenant: "a"), Key(tenant: "b"));
        Assert.NotEqual(Key(tenant: null), Key(tenant: ""));
        Assert.NotEqual(Key(text: "a"), Key(text: "b"));
        string user = CacheKey.Compute(new[] { new ChatMessage(ChatRole.User, "x") }, null, null);
        string system = CacheKey.Compute(new[] { new ChatMessage(ChatRole.System, "x") }, null, null);
        Assert.NotEqual(user, system);
        string img1 = CacheKey.Compute(new[] { new ChatMessage(ChatRole.User, new List<AIContent> { new DataContent(new byte[] { 1, 2 }, "image/png") }) }, null, null);
        string img2 = CacheKey.Compute(new[] { new ChatMessage(ChatRole.User, new List<AIContent> { new DataContent(new byte[] { 1, 3 }, "image/png") }) }, null, null);
        Assert.NotEqual(img1, img2);
    }

    [Fact]
    public void Key_IgnoresTransientLlmLintOptions()
    {
        var a = new ChatOptions { Temperature = 0 };
        var b = new ChatOptions { Temperature = 0 }.WithCacheRefresh().WithFunctionId("f");
        Assert.Equal(Key(a), Key(b));
    }
}
