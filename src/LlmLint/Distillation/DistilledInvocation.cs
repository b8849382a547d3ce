using System.Threading.Tasks;

namespace LlmLint.Distillation;

/// <summary>
/// One typed call of a distilled function: the student first (enum and bool results), then the teacher — the runtime's
/// cache and cascade — whose validated answer is captured; a sample of local answers is checked against the teacher.
/// </summary>
internal static class DistilledInvocation
{
    /// <summary>Asks the teacher: the runtime's typed call; <c>fresh</c> skips the cache read (shadow checks).</summary>
    public delegate Task<(T Value, ChatResponse Response)> Teacher<T>(bool fresh, CancellationToken cancellationToken);

    public static async Task<T> InvokeAsync<T>(Distiller distiller, LlmFunctionRequest request, LlmDistillationPolicy policy, LlmResultParser<T> parser, Teacher<T> teacher, CancellationToken cancellationToken)
    {
        string input = request.DistillationInput ?? UserText(request);
        bool classifies = DistillationLabels.IsLabelType<T>();
        if (classifies && await distiller.TryAnswerAsync(request.FunctionId, request.TemplateHash, input, policy, cancellationToken) is { } local
            && parser(local.Label, out T? value, out _))
        {
            if (distiller.ShouldShadow(request.FunctionId, policy))
            {
                distiller.ShadowCheck(local, async token =>
                {
                    (T checkedValue, ChatResponse checkedResponse) = await teacher(true, token);
                    string label = DistillationLabels.Of(checkedValue);
                    distiller.Capture(distiller.NewCapture(request.FunctionId, request.TemplateHash, input, request.Messages, request.Arguments ?? request.CacheKey, checkedResponse.Text, label, checkedResponse));
                    return label;
                });
            }

            return value;
        }

        (T answer, ChatResponse response) = await teacher(false, cancellationToken);
        if (!DistillationResponses.IsFromCache(response))
        {
            distiller.Capture(distiller.NewCapture(request.FunctionId, request.TemplateHash, input, request.Messages, request.Arguments ?? request.CacheKey, response.Text, classifies ? DistillationLabels.Of(answer) : null, response));
        }

        return answer;
    }

    private static string UserText(LlmFunctionRequest request)
    {
        for (int i = request.Messages.Count - 1; i >= 0; i--)
        {
            if (request.Messages[i].Role == ChatRole.User)
            {
                return request.Messages[i].Text;
            }
        }

        return string.Empty;
    }
}
