using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LlmLint.Generated;

/// <summary>
/// Helpers that the code generated for <see cref="PromptAttribute"/> methods calls: invariant prompt rendering,
/// cache-key normalisation, tolerant parsing of answers, and reflection-free JSON reading. Not meant for direct use.
/// </summary>
/// <remarks>
/// <para>Everything here is reflection-free, so generated LLM functions are safe to trim and compile ahead of time.</para>
/// <para>
/// Cache keys: each prompt parameter contributes <c>name=length:value;</c> (or <c>name=~;</c> for null), where strings
/// are trimmed and every run of white space is collapsed to one space, and other values are formatted with the
/// invariant culture (round-trip formats for floating-point numbers and dates). The key therefore does not depend on
/// the machine's culture, and trivially different spacing of the same text hits the same entry.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LlmFunctionSupport
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Appends <paramref name="value"/> formatted with the invariant culture.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The prompt being rendered.</param>
    /// <param name="value">The value.</param>
    /// <param name="format">The format specifier from the placeholder, or <see langword="null"/>.</param>
    public static void AppendFormatted<T>(StringBuilder builder, T value, string? format)
        where T : IFormattable
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (value is not null)
        {
            builder.Append(value.ToString(format, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Appends a nullable <paramref name="value"/> formatted with the invariant culture; null renders nothing.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="builder">The prompt being rendered.</param>
    /// <param name="value">The value.</param>
    /// <param name="format">The format specifier from the placeholder, or <see langword="null"/>.</param>
    public static void AppendNullableFormatted<T>(StringBuilder builder, T? value, string? format)
        where T : struct, IFormattable
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (value.HasValue)
        {
            builder.Append(value.GetValueOrDefault().ToString(format, CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Appends the items of a sequence, one per line, each formatted with the invariant culture.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="builder">The prompt being rendered.</param>
    /// <param name="items">The items; null renders nothing.</param>
    public static void AppendLines<T>(StringBuilder builder, IEnumerable<T>? items)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (items is null)
        {
            return;
        }

        bool first = true;
        foreach (T item in items)
        {
            if (!first)
            {
                builder.Append('\n');
            }

            first = false;
            AppendValue(builder, item);
        }
    }

    /// <summary>Appends any value: formattable values with the invariant culture, others with <see cref="object.ToString"/>.</summary>
    /// <param name="builder">The prompt being rendered.</param>
    /// <param name="value">The value; null renders nothing.</param>
    public static void AppendValue(StringBuilder builder, object? value)
    {
        ArgumentNullException.ThrowIfNull(builder);
        switch (value)
        {
            case null: break;
            case string text: builder.Append(text); break;
            case bool flag: builder.Append(flag ? "true" : "false"); break;
            case IFormattable formattable: builder.Append(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: builder.Append(value.ToString()); break;
        }
    }

    /// <summary>Appends a string argument to a cache key, trimmed and with white space collapsed.</summary>
    /// <param name="key">The key being built.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The argument.</param>
    public static void AppendKey(StringBuilder key, string name, string? value)
    {
        ArgumentNullException.ThrowIfNull(key);
        key.Append(name).Append('=');
        if (value is null)
        {
            key.Append("~;");
            return;
        }

        string normalized = NormalizeKeyText(value);
        key.Append(normalized.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(normalized).Append(';');
    }

    /// <summary>Appends a formattable argument to a cache key, formatted with the invariant culture.</summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="key">The key being built.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The argument.</param>
    /// <param name="format">The invariant format (round-trip for floating-point numbers and dates).</param>
    public static void AppendFormattableKey<T>(StringBuilder key, string name, T value, string? format)
        where T : IFormattable
    {
        ArgumentNullException.ThrowIfNull(key);
        key.Append(name).Append('=');
        if (value is null)
        {
            key.Append("~;");
            return;
        }

        string text = value.ToString(format, CultureInfo.InvariantCulture);
        key.Append(text.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(text).Append(';');
    }

    /// <summary>Appends a nullable formattable argument to a cache key.</summary>
    /// <typeparam name="T">The argument type.</typeparam>
    /// <param name="key">The key being built.</param>
    /// <param name="name">The parameter name.</param>
    /// <param name="value">The argument.</param>
    /// <param name="format">The invariant format.</param>
    public static void AppendNullableKey<T>(StringBuilder key, string name, T? value, string? format)
        where T : struct, IFormattable
    {
        if (value.HasValue)
        {
            AppendFormattableKey(key, name, value.GetValueOrDefault(), format);
        }
        else
        {
            ArgumentNullException.ThrowIfNull(key);
            key.Append(name).Append("=~;");
        }
    }

    /// <summary>Trims <paramref name="value"/> and collapses every run of white space to a single space.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The normalised text.</returns>
    public static string NormalizeKeyText(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        ReadOnlySpan<char> span = value.AsSpan().Trim();
        bool clean = true;
        for (int i = 0; i < span.Length; i++)
        {
            if (char.IsWhiteSpace(span[i]) && (span[i] != ' ' || (i + 1 < span.Length && char.IsWhiteSpace(span[i + 1]))))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return span.Length == value.Length ? value : span.ToString();
        }

        var builder = new StringBuilder(span.Length);
        bool inSpace = false;
        foreach (char c in span)
        {
            if (char.IsWhiteSpace(c))
            {
                inSpace = true;
                continue;
            }

            if (inSpace)
            {
                builder.Append(' ');
                inSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Builds a JSON-schema response format from a schema generated at compile time.</summary>
    /// <param name="schema">The JSON schema text.</param>
    /// <param name="name">The schema name.</param>
    /// <returns>The response format.</returns>
    public static ChatResponseFormat JsonSchemaFormat(string schema, string name)
    {
        ArgumentNullException.ThrowIfNull(schema);
        using JsonDocument document = JsonDocument.Parse(schema);
        return ChatResponseFormat.ForJsonSchema(document.RootElement.Clone(), name, null);
    }

    /// <summary>
    /// Reduces a one-value answer to its value: trims white space, code fences, quotes, emphasis and a trailing period,
    /// and unwraps a JSON object with a single value such as <c>{"value": "Billing"}</c>.
    /// </summary>
    /// <param name="text">The answer text.</param>
    /// <returns>The bare value.</returns>
    public static string NormalizeChoice(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        ReadOnlySpan<char> span = StripFences(text.AsSpan());
        if (span.Length > 1 && span[0] == '{' && span[span.Length - 1] == '}')
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(span.ToString(), DocumentOptions);
                foreach (JsonProperty property in document.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    {
                        return NormalizeChoice(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: treat it as text.
            }
        }

        while (true)
        {
            int length = span.Length;
            span = span.Trim().TrimEnd(".!").Trim();
            if (span.Length >= 2 && IsQuote(span[0]) && IsQuote(span[span.Length - 1]))
            {
                span = span.Slice(1, span.Length - 2);
            }

            if (span.Length == length)
            {
                break;
            }
        }

        return span.ToString();
    }

    /// <summary>Compares an answer with an allowed choice, ignoring case, spaces, underscores and hyphens.</summary>
    /// <param name="answer">The (normalised) answer.</param>
    /// <param name="choice">The allowed choice.</param>
    /// <returns><see langword="true"/> when they match.</returns>
    public static bool ChoiceEquals(string? answer, string choice)
    {
        ArgumentNullException.ThrowIfNull(choice);
        if (answer is null)
        {
            return false;
        }

        ReadOnlySpan<char> a = answer.AsSpan().Trim();
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && IsSeparator(a[i]))
            {
                i++;
            }

            while (j < choice.Length && IsSeparator(choice[j]))
            {
                j++;
            }

            if (i == a.Length || j == choice.Length)
            {
                return i == a.Length && j == choice.Length;
            }

            if (char.ToUpperInvariant(a[i]) != char.ToUpperInvariant(choice[j]))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    /// <summary>Parses a yes/no answer (<c>true</c>, <c>false</c>, <c>yes</c>, <c>no</c>, any case).</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a yes or a no.</returns>
    public static bool TryParseBoolean(string? text, out bool value)
    {
        string choice = NormalizeChoice(text);
        if (ChoiceEquals(choice, "true") || ChoiceEquals(choice, "yes"))
        {
            value = true;
            return true;
        }

        value = false;
        return ChoiceEquals(choice, "false") || ChoiceEquals(choice, "no");
    }

    /// <summary>Parses a whole-number answer with the invariant culture.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a whole number.</returns>
    public static bool TryParseInt32(string? text, out int value) =>
        int.TryParse(NormalizeChoice(text), NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a whole-number answer with the invariant culture.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a whole number.</returns>
    public static bool TryParseInt64(string? text, out long value) =>
        long.TryParse(NormalizeChoice(text), NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a number answer with the invariant culture.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a number.</returns>
    public static bool TryParseSingle(string? text, out float value) =>
        float.TryParse(NormalizeChoice(text), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a number answer with the invariant culture.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a number.</returns>
    public static bool TryParseDouble(string? text, out double value) =>
        double.TryParse(NormalizeChoice(text), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a number answer with the invariant culture.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the answer is a number.</returns>
    public static bool TryParseDecimal(string? text, out decimal value) =>
        decimal.TryParse(NormalizeChoice(text), NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value);

    /// <summary>Parses a JSON answer, tolerating code fences and text around the JSON value.</summary>
    /// <param name="text">The answer text.</param>
    /// <param name="document">The parsed document, when the answer is JSON; the caller disposes it.</param>
    /// <param name="error">Why the answer is not JSON, when it is not.</param>
    /// <returns><see langword="true"/> when the answer holds a JSON object or array.</returns>
    public static bool TryParseJson(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonDocument? document, out string? error)
    {
        document = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the answer is empty";
            return false;
        }

        ReadOnlySpan<char> span = StripFences(text.AsSpan());
        int start = span.IndexOfAny('{', '[');
        if (start < 0)
        {
            error = "the answer holds no JSON object";
            return false;
        }

        char close = span[start] == '{' ? '}' : ']';
        int end = span.LastIndexOf(close);
        if (end < start)
        {
            error = "the answer holds an incomplete JSON value";
            return false;
        }

        try
        {
            document = JsonDocument.Parse(span.Slice(start, end - start + 1).ToString(), DocumentOptions);
            error = null;
            return true;
        }
        catch (JsonException exception)
        {
            error = "the answer is not valid JSON (" + exception.Message + ")";
            return false;
        }
    }

    /// <summary>Gets a property of a JSON object by exact name, or else by a case-insensitive match.</summary>
    /// <param name="element">The JSON object.</param>
    /// <param name="name">The property name.</param>
    /// <param name="value">The property value.</param>
    /// <returns><see langword="true"/> when the property is present.</returns>
    public static bool TryGetProperty(JsonElement element, string name, out JsonElement value)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            value = default;
            return false;
        }

        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>Reads a JSON value as text: a string, or the raw text of a number or bool.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The text.</param>
    /// <returns><see langword="true"/> when the value is a string, number or bool.</returns>
    public static bool TryReadString(JsonElement element, out string value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String: value = element.GetString() ?? string.Empty; return true;
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False: value = element.GetRawText(); return true;
            default: value = string.Empty; return false;
        }
    }

    /// <summary>Reads a JSON bool, or a string holding a yes or no.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a bool.</returns>
    public static bool TryReadBoolean(JsonElement element, out bool value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.True: value = true; return true;
            case JsonValueKind.False: value = false; return true;
            case JsonValueKind.String: return TryParseBoolean(element.GetString(), out value);
            default: value = false; return false;
        }
    }

    /// <summary>Reads a JSON number, or a string holding one.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a whole number in range.</returns>
    public static bool TryReadInt32(JsonElement element, out int value) =>
        TryReadNumber(element, out value, static (JsonElement e, out int v) => e.TryGetInt32(out v), TryParseInt32);

    /// <summary>Reads a JSON number, or a string holding one.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a whole number in range.</returns>
    public static bool TryReadInt64(JsonElement element, out long value) =>
        TryReadNumber(element, out value, static (JsonElement e, out long v) => e.TryGetInt64(out v), TryParseInt64);

    /// <summary>Reads a JSON number, or a string holding one.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a number.</returns>
    public static bool TryReadSingle(JsonElement element, out float value) =>
        TryReadNumber(element, out value, static (JsonElement e, out float v) => e.TryGetSingle(out v), TryParseSingle);

    /// <summary>Reads a JSON number, or a string holding one.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a number.</returns>
    public static bool TryReadDouble(JsonElement element, out double value) =>
        TryReadNumber(element, out value, static (JsonElement e, out double v) => e.TryGetDouble(out v), TryParseDouble);

    /// <summary>Reads a JSON number, or a string holding one.</summary>
    /// <param name="element">The JSON value.</param>
    /// <param name="value">The value.</param>
    /// <returns><see langword="true"/> when the value is a number.</returns>
    public static bool TryReadDecimal(JsonElement element, out decimal value) =>
        TryReadNumber(element, out value, static (JsonElement e, out decimal v) => e.TryGetDecimal(out v), TryParseDecimal);

    /// <summary>Reads a JSON number with <paramref name="fromNumber"/>, or a string holding one with <paramref name="fromText"/>.</summary>
    private static bool TryReadNumber<T>(JsonElement element, out T value, JsonNumberReader<T> fromNumber, NumberTextParser<T> fromText)
        where T : struct
    {
        value = default;
        return element.ValueKind switch
        {
            JsonValueKind.Number => fromNumber(element, out value),
            JsonValueKind.String => fromText(element.GetString(), out value),
            _ => false,
        };
    }

    private delegate bool JsonNumberReader<T>(JsonElement element, out T value);

    private delegate bool NumberTextParser<T>(string? text, out T value);

    /// <summary>Gets whether a JSON value is absent or null.</summary>
    /// <param name="element">The JSON value.</param>
    /// <returns><see langword="true"/> for an undefined or null value.</returns>
    public static bool IsNull(JsonElement element) => element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    private static ReadOnlySpan<char> StripFences(ReadOnlySpan<char> span)
    {
        span = span.Trim();
        if (span.StartsWith("```", StringComparison.Ordinal))
        {
            int newline = span.IndexOf('\n');
            span = newline < 0 ? span.Slice(3) : span.Slice(newline + 1);
            int fence = span.LastIndexOf("```", StringComparison.Ordinal);
            if (fence >= 0)
            {
                span = span.Slice(0, fence);
            }
        }

        return span.Trim();
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '`' or '*' or '“' or '”';

    private static bool IsSeparator(char c) => c is ' ' or '_' or '-';
}
