namespace LlmLint.Distillation;

/// <summary>The labels a student learns: enum member names and <c>true</c>/<c>false</c>.</summary>
public static class DistillationLabels
{
    /// <summary>Gets a value indicating whether results of type <typeparamref name="T"/> can be answered by a student (enums and <see langword="bool"/>).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <returns><see langword="true"/> for an enum or <see langword="bool"/>.</returns>
    public static bool IsLabelType<T>() => typeof(T).IsEnum || typeof(T) == typeof(bool);

    /// <summary>Gets the label of a result: an enum member's name, or <c>true</c>/<c>false</c>.</summary>
    /// <typeparam name="T">The result type (an enum or <see langword="bool"/>).</typeparam>
    /// <param name="value">The result.</param>
    /// <returns>The label.</returns>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither an enum nor <see langword="bool"/>.</exception>
    public static string Of<T>(T value) => value switch
    {
        bool b => b ? "true" : "false",
        Enum e => e.ToString(),
        _ => throw new NotSupportedException($"A student answers enum and bool results, not {typeof(T)}."),
    };
}
