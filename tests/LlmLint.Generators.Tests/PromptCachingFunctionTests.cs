using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using LlmLint.Generators.Tests.Functions;
using LlmLint.Generators.Tests.Infrastructure;
using LlmLint.PromptCaching;
using LlmLint.Tests.PromptCaching;
using Microsoft.Extensions.AI;

namespace LlmLint.Generators.Tests;

/// <summary>
/// A generated <c>[Prompt]</c> function gets prompt caching from the tier's <c>UsePromptCaching()</c>: its
/// <c>System</c> prompt is sent first, so the Anthropic SDK request carries a breakpoint right after it and the
/// ticket follows outside the cached prefix.
/// </summary>
public sealed class PromptCachingFunctionTests
{
    [Fact]
    public async Task The_system_prompt_of_a_generated_function_is_the_cached_prefix_of_the_anthropic_request()
    {
        var handler = new RecordingHandler(_ => ProviderClients.AnthropicAnswer);
        IChatClient large = new ChatClientBuilder(ProviderClients.Anthropic(handler)).UsePromptCaching().Build();
        var functions = new PolicyFunctions(RuntimeFactories.CreateReal(new Dictionary<Tier, IChatClient> { [Tier.Large] = large }));

        Assert.Equal("Normal", await functions.RateAsync("The export button is greyed out."));
        Assert.Equal("Normal", await functions.RateAsync("I was charged twice for March."));

        Assert.Equal(2, handler.All.Count);
        foreach (JsonObject body in handler.All)
        {
            JsonArray system = body["system"]!.AsArray();
            Assert.StartsWith("You are the triage assistant of the Contoso customer support organisation.", (string?)system[0]!["text"], System.StringComparison.Ordinal);
            Assert.Equal("ephemeral", (string?)system[^1]!["cache_control"]!["type"]);
            JsonNode user = body["messages"]!.AsArray().Single()!;
            Assert.DoesNotContain("cache_control", user.ToJsonString(), System.StringComparison.Ordinal);
            Assert.Contains("Ticket:", user.ToJsonString(), System.StringComparison.Ordinal);
        }
    }
}
