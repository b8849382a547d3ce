using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.SemanticCache;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmLint.Tests.SemanticCache;

/// <summary><c>UseSemanticCache</c> on Microsoft.Extensions.AI's builder takes the tenant from a registered <see cref="ILlmTenantProvider"/>.</summary>
public sealed class SemanticCacheBuilderTenantTests
{
    [Fact]
    public async Task UseSemanticCache_TakesTheRegisteredTenantProvider_AndNeverServesOneTenantAnothersAnswer()
    {
        string tenant = "acme";
        var inner = FakeChatClient.Answering("Use the reset link.");
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new FakeEmbeddingGenerator());
        services.AddSingleton<ILlmTenantProvider>(new DelegateTenantProvider(() => tenant));
        using ServiceProvider provider = services.BuildServiceProvider();
        IChatClient client = new ChatClientBuilder(inner).UseSemanticCache(configure: o => o.Threshold = 0.75f).Build(provider);

        await client.GetResponseAsync(Msgs.User("How do I reset my password"));
        ChatResponse sameTenant = await client.GetResponseAsync(Msgs.User("how can I reset my password?"));
        Assert.Equal(1, inner.Calls);
        Assert.Equal("Accepted", sameTenant.AdditionalProperties![SemanticCacheOptions.VerdictProperty]);

        tenant = "globex";
        await client.GetResponseAsync(Msgs.User("how can I reset my password?"));
        Assert.Equal(2, inner.Calls);
    }
}
