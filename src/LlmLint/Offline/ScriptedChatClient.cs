using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LlmLint.Catalog;
using LlmLint.Metering;

namespace LlmLint.Offline;

/// <summary>
/// An <see cref="IChatClient"/> that answers without a network: by rule, from a recording or from a callback. It counts
/// its calls and reports token usage (estimated from the text) and a model id, so routing, caching and cost metering
/// work on it as on a real provider. Use it to try LlmLint offline and in tests.
/// </summary>
/// <remarks>
/// Rules are tried in the order they were added; the first that matches answers. A request no rule answers throws
/// <see cref="InvalidOperationException"/> naming the request, unless <see cref="Otherwise(string)"/> gave a default.
/// Thread-safe once configured.
/// </remarks>
/// <example>
/// <code>
/// var client = new ScriptedChatClient("gpt-4o-mini")
///     .WhenUserSays("refund", "Billing")
///     .WhenUserMatches(@"password|log ?in", "Account")
///     .Otherwise("Other");
/// </code>
/// </example>
public sealed class ScriptedChatClient : IChatClient
{
    private readonly List<Func<ScriptedRequest, string?>> _rules = new();
    private readonly List<ScriptedCall> _calls = new();
    private readonly ChatClientMetadata _metadata;
    private Func<ScriptedRequest, string>? _otherwise;

    /// <summary>Initializes a client that reports <paramref name="modelId"/> when a request names no model.</summary>
    /// <param name="modelId">The model id it reports (it also prices the usage when metered).</param>
    public ScriptedChatClient(string modelId = "scripted")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelId);
        ModelId = modelId;
        TokenCounter.Prepare(modelId); // the usage it reports is counted with the model's tokenizer: load it before the first call
        _metadata = new ChatClientMetadata("llmlint-scripted", defaultModelId: modelId);
    }

    /// <summary>Gets the model id reported when a request names none.</summary>
    public string ModelId { get; }

    /// <summary>Gets the number of calls answered so far.</summary>
    public int CallCount
    {
        get
        {
            lock (_calls)
            {
                return _calls.Count;
            }
        }
    }

    /// <summary>Gets a snapshot of the calls answered so far, oldest first.</summary>
    public IReadOnlyList<ScriptedCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    /// <summary>Creates a client that answers every request through <paramref name="answer"/>.</summary>
    /// <param name="answer">Computes the answer of a request.</param>
    /// <param name="modelId">The model id it reports.</param>
    /// <returns>The client.</returns>
    public static ScriptedChatClient FromCallback(Func<ScriptedRequest, string> answer, string modelId = "scripted")
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new ScriptedChatClient(modelId).Otherwise(answer);
    }

    /// <summary>Creates a client that answers from a recording (see <see cref="RecordedAnswers"/> for the format).</summary>
    /// <param name="path">The JSON Lines recording.</param>
    /// <param name="modelId">The model id it reports.</param>
    /// <returns>The client; a prompt the recording lacks throws <see cref="InvalidOperationException"/>.</returns>
    public static ScriptedChatClient FromRecording(string path, string modelId = "scripted")
    {
        IReadOnlyDictionary<string, string> answers = RecordedAnswers.Load(path);
        return new ScriptedChatClient(modelId).When(r => answers.TryGetValue(r.LastUserText.Trim(), out string? a) ? a : null);
    }

    /// <summary>Answers <paramref name="answer"/> when the last user message contains <paramref name="text"/> (ignoring case).</summary>
    /// <param name="text">The text to look for.</param>
    /// <param name="answer">The answer.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient WhenUserSays(string text, string answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        ArgumentNullException.ThrowIfNull(answer);
        return When(r => r.LastUserText.Contains(text, StringComparison.OrdinalIgnoreCase) ? answer : null);
    }

    /// <summary>Answers <paramref name="answer"/> when the last user message matches <paramref name="pattern"/> (ignoring case).</summary>
    /// <param name="pattern">A regular expression.</param>
    /// <param name="answer">The answer.</param>
    /// <returns>This client.</returns>
    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public ScriptedChatClient WhenUserMatches(string pattern, string answer)
    {
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(answer);
        var regex = new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return When(r => regex.IsMatch(r.LastUserText) ? answer : null);
    }

    /// <summary>Adds a rule: it answers with a non-null string, or returns null to let the next rule try.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient When(Func<ScriptedRequest, string?> rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        _rules.Add(rule);
        return this;
    }

    /// <summary>Answers <paramref name="answer"/> when no rule matches.</summary>
    /// <param name="answer">The default answer.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Otherwise(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return Otherwise(_ => answer);
    }

    /// <summary>Computes the answer when no rule matches.</summary>
    /// <param name="answer">Computes the default answer.</param>
    /// <returns>This client.</returns>
    public ScriptedChatClient Otherwise(Func<ScriptedRequest, string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        _otherwise = answer;
        return this;
    }

    /// <inheritdoc/>
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        (ScriptedRequest request, string answer) = Answer(messages, options, streamed: false);
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, answer))
        {
            ModelId = options?.ModelId ?? ModelId,
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(request, answer, options?.ModelId ?? ModelId),
        };
        return Task.FromResult(response);
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        (ScriptedRequest request, string answer) = Answer(messages, options, streamed: true);
        string modelId = options?.ModelId ?? ModelId;
        int start = 0;
        while (start < answer.Length)
        {
            int space = answer.IndexOf(' ', start);
            int end = space < 0 ? answer.Length : space + 1;
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, answer.Substring(start, end - start)) { ModelId = modelId };
            start = end;
        }

        yield return new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = modelId,
            FinishReason = ChatFinishReason.Stop,
            Contents = { new UsageContent(Usage(request, answer, modelId)) },
        };
    }

    /// <inheritdoc/>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private (ScriptedRequest Request, string Answer) Answer(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streamed)
    {
        ChatMessage[] list = messages.ToArray();
        string lastUser = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var request = new ScriptedRequest(list, options, lastUser);
        string? answer = null;
        foreach (Func<ScriptedRequest, string?> rule in _rules)
        {
            answer = rule(request);
            if (answer is not null)
            {
                break;
            }
        }

        answer ??= _otherwise?.Invoke(request)
            ?? throw new InvalidOperationException(
                $"The scripted chat client has no answer for the request whose last user message is '{Shorten(lastUser)}'; add a rule or an Otherwise answer.");

        lock (_calls)
        {
            _calls.Add(new ScriptedCall(request, answer, streamed));
        }

        return (request, answer);
    }

    private static UsageDetails Usage(ScriptedRequest request, string answer, string modelId)
    {
        long input = 0;
        foreach (ChatMessage message in request.Messages)
        {
            input += TokenCounter.Count(message.Text, modelId);
        }

        long output = TokenCounter.Count(answer, modelId);
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text.Substring(0, 77) + "...";
}
