namespace LlmLint;

/// <summary>Typed reads of a request's <see cref="ChatOptions.AdditionalProperties"/> by key (<see cref="LlmLintPropertyKeys"/>).</summary>
internal static class ChatOptionsProperties
{
    internal static T? Get<T>(ChatOptions? options, string key)
    {
        if (options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? value) && value is T t)
        {
            return t;
        }

        return default;
    }

    internal static bool TryGet<T>(ChatOptions? options, string key, out T value)
    {
        if (options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? raw) && raw is T t)
        {
            value = t;
            return true;
        }

        value = default!;
        return false;
    }

    internal static bool IsTrue(ChatOptions? options, string key) =>
        options?.AdditionalProperties is { } props && props.TryGetValue(key, out object? v) && v is true;
}
