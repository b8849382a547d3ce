using System.Collections;
using System.Text.Json;
using System.Threading.Tasks;

namespace LlmLint.Cascade;

/// <summary>Accepts an answer (score 1) that parses into <typeparamref name="T"/> and passes the validators; otherwise 0.</summary>
/// <typeparam name="T">The result type.</typeparam>
public sealed class StructuredOutputScorer<T> : ICascadeScorer
{
    private readonly LlmResultParser<T> _parser;
    private readonly Func<T, string?>[] _validators;

    /// <summary>Initializes a new instance of the <see cref="StructuredOutputScorer{T}"/> class.</summary>
    /// <param name="parser">Parses and validates the text.</param>
    /// <param name="validators">Extra validators; each returns an error, or <see langword="null"/> when valid.</param>
    public StructuredOutputScorer(LlmResultParser<T> parser, params Func<T, string?>[] validators)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(validators);
        _parser = parser;
        _validators = validators;
    }

    /// <summary>Creates a scorer that deserializes JSON with System.Text.Json.</summary>
    /// <param name="jsonOptions">The serializer options (a source-generated context keeps it trimming-safe).</param>
    /// <param name="validators">Extra validators.</param>
    /// <returns>The scorer.</returns>
    public static StructuredOutputScorer<T> Json(JsonSerializerOptions jsonOptions, params Func<T, string?>[] validators)
    {
        ArgumentNullException.ThrowIfNull(jsonOptions);
        var info = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)jsonOptions.GetTypeInfo(typeof(T));
        return new StructuredOutputScorer<T>(
            (string text, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value, out string? error) =>
            {
                try
                {
                    T? parsed = JsonSerializer.Deserialize(text, info);
                    if (parsed is null)
                    {
                        value = default!;
                        error = "the answer is JSON null";
                        return false;
                    }

                    value = parsed;
                    error = null;
                    return true;
                }
                catch (JsonException ex)
                {
                    value = default!;
                    error = ex.Message;
                    return false;
                }
            },
            validators);
    }

    /// <inheritdoc />
    public ValueTask<double> ScoreAsync(CascadeScoringContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_parser(context.Response.Text, out T? value, out _))
        {
            return new ValueTask<double>(0);
        }

        foreach (Func<T, string?> validate in _validators)
        {
            if (validate(value) is not null)
            {
                return new ValueTask<double>(0);
            }
        }

        return new ValueTask<double>(1);
    }
}

/// <summary>
/// Draws <see cref="Samples"/> − 1 more answers from the stage and scores the share of all samples whose normalised text equals
/// the first answer's (1 when all agree).
/// </summary>
public sealed class SelfConsistencyScorer : ICascadeScorer
{
    private readonly Func<string, string> _normalize;

    /// <summary>Initializes a new instance of the <see cref="SelfConsistencyScorer"/> class.</summary>
    /// <param name="samples">The number of samples, the first answer included; at least 2.</param>
    /// <param name="normalize">Normalises an answer before comparison; trims and lower-cases when <see langword="null"/>.</param>
    public SelfConsistencyScorer(int samples = 3, Func<string, string>? normalize = null)
    {
        if (samples < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(samples), samples, "Self-consistency needs at least 2 samples.");
        }

        Samples = samples;
        _normalize = normalize ?? (static s => s.Trim().ToLowerInvariant());
    }

    /// <summary>Gets the number of samples.</summary>
    public int Samples { get; }

    /// <inheritdoc />
    public async ValueTask<double> ScoreAsync(CascadeScoringContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        string first = _normalize(context.Response.Text);
        ChatOptions? options = context.Options?.Clone();
        if (options is not null)
        {
            // Samples must not be served from a cache or coalesced with the first answer.
            (options.AdditionalProperties ??= new())[LlmLintPropertyKeys.CacheBypass] = true;
        }

        var tasks = new Task<ChatResponse>[Samples - 1];
        for (int i = 0; i < tasks.Length; i++)
        {
            tasks[i] = context.Stage.Client.GetResponseAsync(context.Messages, options, cancellationToken);
        }

        ChatResponse[] responses = await Task.WhenAll(tasks);
        int agree = 1;
        foreach (ChatResponse r in responses)
        {
            if (string.Equals(_normalize(r.Text), first, StringComparison.Ordinal))
            {
                agree++;
            }
        }

        return (double)agree / Samples;
    }
}

/// <summary>
/// Scores the geometric-mean token probability, <c>exp(mean(logprob))</c>, of an answer whose provider returned log-probabilities.
/// It reads, in order, <see cref="ChatResponse.AdditionalProperties"/> keys <c>"llmlint.logprobs"</c> and <c>"logprobs"</c>
/// (then the same keys on each message): an enumerable of <see cref="double"/> or <see cref="float"/> token log-probabilities, or a
/// <see cref="JsonElement"/> array of numbers or of objects with a <c>"logprob"</c> number (the OpenAI shape; an object with a
/// <c>"content"</c> array is unwrapped). An answer without log-probabilities scores <see cref="MissingScore"/>.
/// </summary>
public sealed class LogprobConfidenceScorer : ICascadeScorer
{
    /// <summary>Gets or sets the score of an answer without log-probabilities (0 escalates it).</summary>
    public double MissingScore { get; set; }

    /// <inheritdoc />
    public ValueTask<double> ScoreAsync(CascadeScoringContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        double? score = Score(context.Response.AdditionalProperties);
        if (score is null)
        {
            foreach (ChatMessage m in context.Response.Messages)
            {
                score = Score(m.AdditionalProperties);
                if (score is not null)
                {
                    break;
                }
            }
        }

        return new ValueTask<double>(score ?? MissingScore);
    }

    /// <summary>Computes the confidence of a log-probability source.</summary>
    /// <param name="props">The properties.</param>
    /// <returns>The confidence, or <see langword="null"/> when there is none.</returns>
    internal static double? Score(AdditionalPropertiesDictionary? props)
    {
        if (props is null)
        {
            return null;
        }

        object? raw = props.TryGetValue("llmlint.logprobs", out object? a) ? a : props.TryGetValue("logprobs", out object? b) ? b : null;
        double sum = 0;
        int count = 0;
        switch (raw)
        {
            case null:
                return null;
            case JsonElement json:
                Accumulate(json, ref sum, ref count);
                break;
            case IEnumerable<double> doubles:
                foreach (double d in doubles)
                {
                    sum += d;
                    count++;
                }

                break;
            case IEnumerable<float> floats:
                foreach (float f in floats)
                {
                    sum += f;
                    count++;
                }

                break;
            case IEnumerable items:
                foreach (object? item in items)
                {
                    if (item is IConvertible c)
                    {
                        sum += c.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
                        count++;
                    }
                }

                break;
        }

        return count == 0 ? null : Math.Exp(sum / count);
    }

    private static void Accumulate(JsonElement json, ref double sum, ref int count)
    {
        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("content", out JsonElement content))
        {
            json = content;
        }

        if (json.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (JsonElement e in json.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Number)
            {
                sum += e.GetDouble();
                count++;
            }
            else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("logprob", out JsonElement lp) && lp.ValueKind == JsonValueKind.Number)
            {
                sum += lp.GetDouble();
                count++;
            }
        }
    }
}

/// <summary>A scorer over a user delegate.</summary>
public sealed class DelegateScorer : ICascadeScorer
{
    private readonly Func<CascadeScoringContext, CancellationToken, ValueTask<double>> _score;

    /// <summary>Initializes a new instance of the <see cref="DelegateScorer"/> class.</summary>
    /// <param name="score">Scores an answer in [0, 1].</param>
    public DelegateScorer(Func<CascadeScoringContext, CancellationToken, ValueTask<double>> score)
    {
        ArgumentNullException.ThrowIfNull(score);
        _score = score;
    }

    /// <summary>Initializes a new instance of the <see cref="DelegateScorer"/> class.</summary>
    /// <param name="accept">Accepts (1) or rejects (0) an answer.</param>
    public DelegateScorer(Func<ChatResponse, bool> accept)
    {
        ArgumentNullException.ThrowIfNull(accept);
        _score = (c, _) => new ValueTask<double>(accept(c.Response) ? 1 : 0);
    }

    /// <inheritdoc />
    public ValueTask<double> ScoreAsync(CascadeScoringContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _score(context, cancellationToken);
    }
}
