using System;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Anthropic;
using Anthropic.Core;
using LlmLint.Batching;
using LlmLint.Metering;
using Microsoft.Extensions.AI;

namespace LlmLint.Tests.Batching;

/// <summary>Anthropic's Message Batches through the real Anthropic SDK client, pointed at a loopback fake of the endpoints.</summary>
public sealed class AnthropicBatchTests : IDisposable
{
    private const string Model = "claude-haiku-4-5";
    private readonly FakeAnthropicBatchServer _server = new();

    [Fact]
    public async Task Requests_go_through_message_batches_with_their_system_prompt_and_errors_fail_only_their_request()
    {
        _server.FailingQuestions["ticket 3"] = true;
        var ledger = new InMemoryCostLedger();
        using var http = new HttpClient();
        var anthropic = new AnthropicClient(new ClientOptions { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString().TrimEnd('/'), HttpClient = http, MaxRetries = 0 });
        await using var executor = new BatchExecutor(new AnthropicBatchProvider(anthropic, Model), new InMemoryBatchQueue(), new BatchingOptions
        {
            MaxBatchSize = 20,
            MaxWait = TimeSpan.FromMilliseconds(50),
            PollInterval = TimeSpan.FromMilliseconds(20),
            MaxPollInterval = TimeSpan.FromMilliseconds(100),
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });
        using IChatClient client = new ChatClientBuilder(new FakeChatClient()).UseCostMetering(o => o.Ledger = ledger).UseBatching(executor).Build();

        Task<ChatResponse>[] calls = Enumerable.Range(0, 20).Select(i => client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, "Classify the ticket: billing, technical or other."), new ChatMessage(ChatRole.User, $"ticket {i}")])).ToArray();

        for (int i = 0; i < calls.Length; i++)
        {
            if (i == 3)
            {
                var error = await Assert.ThrowsAsync<BatchRequestException>(() => calls[i]);
                Assert.Contains("invalid_request_error: max_tokens: too large for this model", error.Message, StringComparison.Ordinal);
                continue;
            }

            ChatResponse response = await calls[i];
            Assert.Equal($"answer to: ticket {i}", response.Text);
            Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        }

        JsonNode sent = _server.ReceivedParams.First();
        Assert.Equal("Classify the ticket: billing, technical or other.", (string)sent["system"]!);
        Assert.Equal(1024, (int)sent["max_tokens"]!);
        Assert.Equal(Model, (string)sent["model"]!);
        Assert.Equal(20, _server.ReceivedParams.Count);

        Assert.True(CostCalculator.Default.TryCost(Model, 10, 5, 0, out decimal full));
        decimal discount = (decimal)CostCalculator.Default.BatchDiscount(Model)!.Value;
        Assert.Equal(19, ledger.Records.Count);
        Assert.All(ledger.Records, r => Assert.Equal(full * (1 - discount), r.CostUsd));
    }

    public void Dispose() => _server.Dispose();
}
