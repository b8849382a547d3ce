using System;
using System.Collections.Generic;
using System.Text.Json;
using LlmLint.Caching;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Caching;

/// <summary>Anything that changes the answer changes the exact-cache key.</summary>
public sealed class CacheKeyCompletenessTests
{
    private static readonly List<ChatMessage> Messages = Msgs.User("What is the weather in Paris?");

    [Fact]
    public void Tool_mode_is_keyed()
    {
        AITool weather = AIFunctionFactory.Create((string city) => "sunny", "get_weather");
        Assert.NotEqual(Key(new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.Auto }), Key(new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.RequireAny }));
        Assert.NotEqual(Key(new ChatOptions { Tools = [weather], ToolMode = ChatToolMode.None }), Key(new ChatOptions { Tools = [weather] }));
        Assert.NotEqual(Key(new ChatOptions { Tools = [weather], AllowMultipleToolCalls = false }), Key(new ChatOptions { Tools = [weather] }));
    }

    [Fact]
    public void Tool_description_and_parameters_are_keyed()
    {
        AITool byCity = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Weather by city");
        AITool byCoordinates = AIFunctionFactory.Create((double lat, double lon) => "sunny", "get_weather", "Weather by city");
        AITool otherDescription = AIFunctionFactory.Create((string city) => "sunny", "get_weather", "Weather forecast for tomorrow");
        Assert.NotEqual(Key(new ChatOptions { Tools = [byCity] }), Key(new ChatOptions { Tools = [byCoordinates] }));
        Assert.NotEqual(Key(new ChatOptions { Tools = [byCity] }), Key(new ChatOptions { Tools = [otherDescription] }));
    }

    [Fact]
    public void Reasoning_options_are_keyed()
    {
        Assert.NotEqual(
            Key(new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.Low } }),
            Key(new ChatOptions { Reasoning = new ReasoningOptions { Effort = ReasoningEffort.High } }));
    }

    [Fact]
    public void Provider_specific_properties_are_keyed_but_llmlint_controls_are_not()
    {
        ChatOptions With(string key, object value) => new() { AdditionalProperties = new AdditionalPropertiesDictionary { [key] = value } };
        Assert.NotEqual(Key(With("reasoning_effort", "low")), Key(With("reasoning_effort", "high")));
        Assert.NotEqual(Key(null), Key(With("logit_bias", JsonDocument.Parse("""{"50256":-100}""").RootElement)));
        Assert.Equal(Key(With(LlmLintPropertyKeys.CacheTtl, TimeSpan.FromMinutes(5))), Key(With(LlmLintPropertyKeys.CacheTtl, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void Key_order_of_provider_properties_does_not_matter()
    {
        var a = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["a"] = 1, ["b"] = "x" } };
        var b = new ChatOptions { AdditionalProperties = new AdditionalPropertiesDictionary { ["b"] = "x", ["a"] = 1 } };
        Assert.Equal(Key(a), Key(b));
    }

    private static string Key(ChatOptions? options) => CacheKey.Compute(Messages, options, "acme", "gpt-4o-mini");
}
