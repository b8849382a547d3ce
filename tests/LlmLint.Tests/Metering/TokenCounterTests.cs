using System.Threading.Tasks;
using LlmLint.Metering;
using LlmLint.Offline;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmLint.Tests.Metering;

public class TokenCounterTests
{
    private const string Multilingual = "Rückerstattung für Bestellung 5531? 返金をお願いします。 Возврат средств, пожалуйста.";

    [Theory]
    [InlineData("gpt-4")]
    [InlineData("gpt-4-turbo")]
    [InlineData("gpt-3.5-turbo")]
    [InlineData("text-embedding-3-small")]
    [InlineData("gpt-4o")]
    [InlineData("gpt-4o-mini")]
    [InlineData("gpt-4.1-mini")]
    [InlineData("o3-mini")]
    public void OpenAI_models_are_counted_with_the_encoding_tiktoken_gives_them(string model)
    {
        TiktokenTokenizer expected = TiktokenTokenizer.CreateForModel(model);

        Assert.Equal(expected.CountTokens(Multilingual), TokenCounter.Count(Multilingual, model));
    }

    [Theory]
    [InlineData("gpt-4", "cl100k_base")]
    [InlineData("openai/gpt-3.5-turbo", "cl100k_base")]
    [InlineData("gpt-4o", "o200k_base")]
    [InlineData("gpt-5-nano", "o200k_base")]
    [InlineData("claude-sonnet-4-5", "o200k_base")]
    [InlineData(null, "o200k_base")]
    public void Each_model_has_one_encoding(string? model, string encoding) => Assert.Equal(encoding, TokenCounter.EncodingOf(model));

    [Fact]
    public void The_two_encodings_really_differ_on_the_test_text()
    {
        Assert.NotEqual(TokenCounter.Count(Multilingual, "gpt-4"), TokenCounter.Count(Multilingual, "gpt-4o"));
        Assert.Equal(0, TokenCounter.Count(null));
        Assert.Equal(0, TokenCounter.Count(string.Empty));
    }

    [Fact]
    public async Task The_offline_client_reports_tiktoken_counts()
    {
        using var client = ScriptedChatClient.FromCallback(_ => "The refund is approved.", "gpt-4o-mini");
        TiktokenTokenizer o200k = TiktokenTokenizer.CreateForEncoding("o200k_base");

        ChatResponse response = await client.GetResponseAsync(Multilingual);

        Assert.Equal(o200k.CountTokens(Multilingual), response.Usage!.InputTokenCount);
        Assert.Equal(o200k.CountTokens("The refund is approved."), response.Usage.OutputTokenCount);
    }
}
