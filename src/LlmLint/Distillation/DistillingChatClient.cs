using System.Linq;
using System.Threading.Tasks;

namespace LlmLint.Distillation;

/// <summary>
/// The distillation stage of an <see cref="IChatClient"/> pipeline: for requests whose <see cref="LlmLintPropertyKeys.FunctionId"/>
/// names a <see cref="DistilledFunction"/>, the function's student answers confident inputs itself ($0, no inner call), and every
/// valid answer of the inner pipeline (the teacher) is captured. Other requests pass through unchanged.
/// </summary>
/// <remarks>
/// Thread-safe. A local answer carries <see cref="DistillationResponses.LocalAnswerKey"/> (<see cref="DistillationResponses.GetLocalAnswer"/>),
/// <see cref="LlmLintPropertyKeys.CostUsd"/> = 0 and model id <see cref="DistillationResponses.StudentModelId"/>. Put the stage outermost, before
/// caches and cascades, so a local answer is never cached. Streamed requests pass through: they are neither answered locally nor captured.
/// </remarks>
public sealed class DistillingChatClient : DelegatingChatClient
{
    private readonly Distiller _distiller;
    private readonly IReadOnlyDictionary<string, DistilledFunction> _functions;

    /// <summary>Initializes a new instance of the <see cref="DistillingChatClient"/> class.</summary>
    /// <param name="innerClient">The teacher pipeline.</param>
    /// <param name="distiller">The distiller (store, students, shadow checks).</param>
    /// <param name="functions">The distilled functions.</param>
    public DistillingChatClient(IChatClient innerClient, Distiller distiller, IEnumerable<DistilledFunction> functions)
        : base(innerClient)
    {
        ArgumentNullException.ThrowIfNull(distiller);
        ArgumentNullException.ThrowIfNull(functions);
        _distiller = distiller;
        var map = new Dictionary<string, DistilledFunction>(StringComparer.Ordinal);
        foreach (DistilledFunction function in functions)
        {
            ArgumentException.ThrowIfNullOrEmpty(function.FunctionId, nameof(functions));
            ArgumentNullException.ThrowIfNull(function.TemplateHash, nameof(functions));
            if (!map.TryAdd(function.FunctionId, function))
            {
                throw new ArgumentException($"The function '{function.FunctionId}' is distilled twice.", nameof(functions));
            }
        }

        _functions = map;
    }

    /// <summary>Gets the distiller.</summary>
    public Distiller Distiller => _distiller;

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (ChatOptionsProperties.Get<string>(options, LlmLintPropertyKeys.FunctionId) is not { } functionId || !_functions.TryGetValue(functionId, out DistilledFunction? function))
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }

        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? messages.ToArray();
        string input = function.Input?.Invoke(list) ?? list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        if (function.ReadLabel is not null
            && await _distiller.TryAnswerAsync(functionId, function.TemplateHash, input, function.Policy, cancellationToken) is { } local)
        {
            if (_distiller.ShouldShadow(functionId, function.Policy))
            {
                ChatOptions fresh = options!.Clone().WithCacheRefresh();
                _distiller.ShadowCheck(local, async token => Capture(function, input, list, await base.GetResponseAsync(list, fresh, token)));
            }

            return DistillationResponses.Local(local);
        }

        ChatResponse response = await base.GetResponseAsync(list, options, cancellationToken);
        Capture(function, input, list, response);
        return response;
    }

    /// <summary>Captures a valid, accepted teacher answer that is not a cache hit; returns its label.</summary>
    private string? Capture(DistilledFunction function, string input, IReadOnlyList<ChatMessage> messages, ChatResponse response)
    {
        string text = response.Text;
        string? label = function.ReadLabel?.Invoke(text);
        bool rejected = response.AdditionalProperties?.TryGetValue(LlmLintPropertyKeys.Accepted, out object? a) == true && a is false;
        if (!rejected && !DistillationResponses.IsFromCache(response) && (function.ReadLabel is null || label is not null))
        {
            _distiller.Capture(_distiller.NewCapture(function.FunctionId, function.TemplateHash, input, messages, null, text, label, response));
        }

        return rejected ? null : label;
    }
}
