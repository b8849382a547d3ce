using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace LlmLint.Shadow;

/// <summary>Decides whether the cheap tier's answer agrees with the baseline model's answer.</summary>
public interface IAnswerComparer
{
    /// <summary>Returns true when <paramref name="candidate"/> is as good as <paramref name="baseline"/> for the caller.</summary>
    bool Agrees(string candidate, string baseline);
}

/// <summary>
/// Normalised equality for typed outputs: when both answers parse as JSON they are compared in canonical form
/// (object properties sorted ordinally, numbers compared by value, no insignificant whitespace, string values
/// compared exactly); otherwise text is trimmed, case-folded (invariant) and runs of whitespace collapsed.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class NormalizedAnswerComparer : IAnswerComparer
{
    /// <summary>The shared instance.</summary>
    public static NormalizedAnswerComparer Instance { get; } = new();

    /// <inheritdoc />
    public bool Agrees(string candidate, string baseline)
    {
        if (candidate is null)
        {
            throw new ArgumentNullException(nameof(candidate));
        }

        if (baseline is null)
        {
            throw new ArgumentNullException(nameof(baseline));
        }

        string? a = TryCanonicalJson(candidate), b = TryCanonicalJson(baseline);
        if (a is not null && b is not null)
        {
            return string.Equals(a, b, StringComparison.Ordinal);
        }

        return string.Equals(NormalizeText(candidate), NormalizeText(baseline), StringComparison.Ordinal);
    }

    /// <summary>Trims, lower-cases (invariant) and collapses whitespace runs to one space.</summary>
    public static string NormalizeText(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        var sb = new StringBuilder(text.Length);
        bool pendingSpace = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    /// <summary>Returns the canonical JSON form of <paramref name="text"/>, or null when it is not a JSON object or array.</summary>
    public static string? TryCanonicalJson(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        string trimmed = StripFence(text.Trim());
        if (trimmed.Length == 0 || (trimmed[0] != '{' && trimmed[0] != '['))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(trimmed);
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream))
            {
                Write(doc.RootElement, writer);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        int firstLine = text.IndexOf('\n');
        int end = text.LastIndexOf("```", StringComparison.Ordinal);
        return firstLine > 0 && end > firstLine ? text.Substring(firstLine + 1, end - firstLine - 1).Trim() : text;
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new System.Collections.Generic.List<JsonProperty>();
                foreach (var p in element.EnumerateObject())
                {
                    properties.Add(p);
                }

                properties.Sort(static (x, y) => string.CompareOrdinal(x.Name, y.Name));
                writer.WriteStartObject();
                foreach (var p in properties)
                {
                    writer.WritePropertyName(p.Name);
                    Write(p.Value, writer);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, writer);
                }

                writer.WriteEndArray();
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
