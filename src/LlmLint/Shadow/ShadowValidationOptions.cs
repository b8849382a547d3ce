namespace LlmLint.Shadow;

/// <summary>Settings of <see cref="ShadowValidationChatClient"/>.</summary>
public sealed class ShadowValidationOptions
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key that names the LLM function of a call.</summary>
    public const string FunctionKey = "llmlint.function";

    /// <summary>Gets or sets the share of live calls that also run on the baseline (default 0.05).</summary>
    public double SampleRate { get; set; } = 0.05;

    /// <summary>Gets or sets the maximum shadow calls per second (token-bucket refill rate; default 1).</summary>
    public double MaxShadowCallsPerSecond { get; set; } = 1;

    /// <summary>Gets or sets the token-bucket size (default 5).</summary>
    public int Burst { get; set; } = 5;

    /// <summary>Gets or sets the maximum baseline calls in flight; more are skipped, never queued (default 4).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Gets or sets the time limit of one baseline call (default 60 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the tier label recorded for the cheap client (default "Small").</summary>
    public string Tier { get; set; } = "Small";

    /// <summary>Gets or sets the cheap model id used for pricing when the response does not name one.</summary>
    public string? CheapModelId { get; set; }

    /// <summary>Gets or sets the baseline model id used for pricing when the response does not name one.</summary>
    public string? BaselineModelId { get; set; }

    /// <summary>Gets or sets the comparer (default <see cref="NormalizedAnswerComparer"/>).</summary>
    public IAnswerComparer Comparer { get; set; } = NormalizedAnswerComparer.Instance;

    /// <summary>
    /// Gets or sets how a call's function name is found (default: <see cref="FunctionKey"/> in
    /// <see cref="ChatOptions.AdditionalProperties"/>, else "default").
    /// </summary>
    public Func<IEnumerable<ChatMessage>, ChatOptions?, string> FunctionSelector { get; set; } = DefaultFunction;

    /// <summary>Gets or sets the clock of the rate limiter and the records.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The default function selector.</summary>
    public static string DefaultFunction(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        options?.AdditionalProperties is { } p && p.TryGetValue(FunctionKey, out object? v) && v is string s && s.Length > 0 ? s : "default";
}
