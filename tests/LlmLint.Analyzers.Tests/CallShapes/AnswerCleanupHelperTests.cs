using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using VerifySmallerModel = LlmLint.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<LlmLint.Analyzers.Rules.UseSmallerModelAnalyzer>;

namespace LlmLint.Analyzers.Tests.CallShapes;

/// <summary>
/// Result-use analysis follows the answer through a project helper that cleans it up (strips code fences, trims) and
/// returns a string: what the cleaned answer feeds is what the call is for. The helper alone is no evidence.
/// </summary>
public class AnswerCleanupHelperTests
{
    private const string Documents = """
        using System.Text.Json;
        using OpenAI.Chat;

        public record DocumentKind(string Type, bool IsComplete);

        public class Documents
        {
            private readonly ChatClient _chat = new ChatClient("gpt-4o", "key");

            public RETURN Read(string document)
            {
                ChatCompletion c = _chat.MARK(new UserChatMessage("Read this document and answer in the agreed format: " + document));
                var text = CleanResponse(c.Content[0].Text);
                USE
            }

            private static string CleanResponse(string text) => text.Trim().Trim('`');
        }
        """;

    [Fact]
    public Task CleanedAnswerDeserializedIntoSmallRecord_LLM2001Fires() => VerifySmallerModel.VerifyAsync(
        Documents.Replace("RETURN", "DocumentKind").Replace("MARK", "{|LLM2001:CompleteChat|}")
            .Replace("USE", "return JsonSerializer.Deserialize<DocumentKind>(text) ?? new DocumentKind(\"Unclassified\", false);"),
        s => s.Sdks = Sdks.OpenAI);

    [Fact]
    public Task CleanedAnswerReturnedAsText_NoLLM2001() => VerifySmallerModel.VerifyAsync(
        Documents.Replace("RETURN", "string").Replace("MARK", "CompleteChat").Replace("USE", "return text;"),
        s => s.Sdks = Sdks.OpenAI);
}
