using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace LlmLint.Caching;

/// <summary>
/// Computes exact-cache keys. Format version 2: <c>"v2:" + hex(SHA-256(canonical JSON))</c>, where the canonical JSON is one
/// object written in this order: <c>v</c> (1), <c>tenant</c>, <c>partition</c>, <c>model</c>, <c>tier</c> (the requested <see cref="LlmLintPropertyKeys.Tier"/> as a number), <c>extra</c>, <c>instructions</c>,
/// <c>temperature</c>, <c>topP</c>, <c>topK</c>, <c>maxOutputTokens</c>, <c>seed</c>, <c>frequencyPenalty</c>,
/// <c>presencePenalty</c>, <c>stop</c> (array), <c>format</c> (<c>null</c>, <c>"text"</c>, or an object of
/// <c>kind</c>/<c>name</c>/<c>description</c>/<c>schema</c>), <c>tools</c> (in order, each an object of <c>name</c>,
/// <c>description</c> and <c>schema</c>), <c>toolMode</c> (<c>null</c>, <c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or
/// <c>"required:</c><i>name</i><c>"</c>), <c>multipleToolCalls</c>, <c>reasoning</c> (<c>effort</c>/<c>output</c>),
/// <c>properties</c> (the provider-specific <see cref="ChatOptions.AdditionalProperties"/>, every key not starting with
/// <c>llmlint.</c>, sorted ordinally, values in their JSON form), <c>messages</c> (each an object
/// of <c>role</c>, <c>author</c> and <c>contents</c>: text as <c>{"text":…}</c>, any other content as <c>{"type":…,"value":…}</c>
/// with its Microsoft.Extensions.AI JSON form), or <c>null</c> when the request sets <see cref="LlmLintPropertyKeys.CacheKeyOnly"/>
/// and <c>extra</c> is present. Absent values are written as <c>null</c>. Changing any part of this layout
/// changes <see cref="FormatVersion"/>.
/// </summary>
public static class CacheKey
{
    /// <summary>The key format version.</summary>
    public const int FormatVersion = 2;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Computes the key of a request.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="tenant">The tenant/partition of the call.</param>
    /// <param name="defaultModelId">The model id used when <see cref="ChatOptions.ModelId"/> is not set.</param>
    /// <param name="partition">An application-level partition.</param>
    /// <param name="extra">Extra key values (for example normalised arguments).</param>
    /// <returns>The key.</returns>
    public static string Compute(IEnumerable<ChatMessage> messages, ChatOptions? options, string? tenant, string? defaultModelId = null, string? partition = null, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArrayBufferWriter<byte> buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        Utf8JsonWriter writer = t_writer ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true });
        writer.Reset(buffer);
        try
        {
            Write(writer, messages, options, tenant, defaultModelId, partition, extra);
            writer.Flush();
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.WrittenSpan, hash);
            return string.Create(3 + 64, hash.ToArray(), static (chars, h) =>
            {
                chars[0] = 'v';
                chars[1] = (char)('0' + FormatVersion);
                chars[2] = ':';
                const string Hex = "0123456789abcdef";
                for (int i = 0; i < h.Length; i++)
                {
                    chars[3 + (2 * i)] = Hex[h[i] >> 4];
                    chars[4 + (2 * i)] = Hex[h[i] & 0xF];
                }
            });
        }
        finally
        {
            if (buffer.Capacity > 256 * 1024)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    /// <summary>Writes the canonical form (for inspection and tests).</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The options.</param>
    /// <param name="tenant">The tenant.</param>
    /// <param name="defaultModelId">The default model id.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="extra">Extra key values.</param>
    /// <returns>The canonical JSON.</returns>
    public static string GetCanonicalForm(IEnumerable<ChatMessage> messages, ChatOptions? options, string? tenant, string? defaultModelId = null, string? partition = null, string? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, messages, options, tenant, defaultModelId, partition, extra);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(Utf8JsonWriter w, IEnumerable<ChatMessage> messages, ChatOptions? o, string? tenant, string? defaultModelId, string? partition, string? extra)
    {
        w.WriteStartObject();
        w.WriteNumber("v", FormatVersion);
        w.WriteString("tenant", tenant);
        w.WriteString("partition", partition);
        w.WriteString("model", o?.ModelId ?? defaultModelId);
        if (ChatOptionsProperties.TryGet(o, LlmLintPropertyKeys.Tier, out Tier tier))
        {
            w.WriteNumber("tier", (int)tier);
        }
        else
        {
            w.WriteNull("tier");
        }

        w.WriteString("extra", extra);
        w.WriteString("instructions", o?.Instructions);
        WriteNumber(w, "temperature", o?.Temperature);
        WriteNumber(w, "topP", o?.TopP);
        WriteNumber(w, "topK", o?.TopK);
        WriteNumber(w, "maxOutputTokens", o?.MaxOutputTokens);
        if (o?.Seed is long seed)
        {
            w.WriteNumber("seed", seed);
        }
        else
        {
            w.WriteNull("seed");
        }

        WriteNumber(w, "frequencyPenalty", o?.FrequencyPenalty);
        WriteNumber(w, "presencePenalty", o?.PresencePenalty);
        w.WritePropertyName("stop");
        if (o?.StopSequences is { } stops)
        {
            w.WriteStartArray();
            foreach (string s in stops)
            {
                w.WriteStringValue(s);
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WritePropertyName("format");
        switch (o?.ResponseFormat)
        {
            case null:
                w.WriteNullValue();
                break;
            case ChatResponseFormatJson json:
                w.WriteStartObject();
                w.WriteString("kind", "json");
                w.WriteString("name", json.SchemaName);
                w.WriteString("description", json.SchemaDescription);
                w.WritePropertyName("schema");
                if (json.Schema is { } schema)
                {
                    schema.WriteTo(w);
                }
                else
                {
                    w.WriteNullValue();
                }

                w.WriteEndObject();
                break;
            case ChatResponseFormatText:
                w.WriteStringValue("text");
                break;
            case { } other:
                w.WriteStringValue(other.GetType().FullName);
                break;
        }

        WriteTools(w, o);

        if (extra is not null && ChatOptionsProperties.IsTrue(o, LlmLintPropertyKeys.CacheKeyOnly))
        {
            w.WriteNull("messages");
            w.WriteEndObject();
            return;
        }

        w.WriteStartArray("messages");
        foreach (ChatMessage m in messages)
        {
            w.WriteStartObject();
            w.WriteString("role", m.Role.Value);
            w.WriteString("author", m.AuthorName);
            w.WriteStartArray("contents");
            foreach (AIContent c in m.Contents)
            {
                w.WriteStartObject();
                if (c is TextContent text)
                {
                    w.WriteString("text", text.Text);
                }
                else
                {
                    w.WriteString("type", c.GetType().FullName);
                    w.WritePropertyName("value");
                    WriteContent(w, c);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes what the model is told about tools: each tool's name, description and parameter schema, how it must use them, and reasoning and provider-specific options.</summary>
    private static void WriteTools(Utf8JsonWriter w, ChatOptions? o)
    {
        w.WritePropertyName("tools");
        if (o?.Tools is { } tools)
        {
            w.WriteStartArray();
            foreach (AITool tool in tools)
            {
                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                w.WriteString("description", tool.Description);
                w.WritePropertyName("schema");
                if (tool is AIFunctionDeclaration function)
                {
                    function.JsonSchema.WriteTo(w);
                }
                else
                {
                    w.WriteNullValue();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteString("toolMode", o?.ToolMode switch
        {
            null => null,
            NoneChatToolMode => "none",
            AutoChatToolMode => "auto",
            RequiredChatToolMode { RequiredFunctionName: { } name } => "required:" + name,
            RequiredChatToolMode => "required",
            { } other => other.GetType().FullName,
        });
        if (o?.AllowMultipleToolCalls is bool multiple)
        {
            w.WriteBoolean("multipleToolCalls", multiple);
        }
        else
        {
            w.WriteNull("multipleToolCalls");
        }

        w.WritePropertyName("reasoning");
        if (o?.Reasoning is { } reasoning)
        {
            w.WriteStartObject();
            w.WriteString("effort", reasoning.Effort?.ToString());
            w.WriteString("output", reasoning.Output?.ToString());
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        w.WritePropertyName("properties");
        List<string>? keys = null;
        if (o?.AdditionalProperties is { Count: > 0 } props)
        {
            foreach (KeyValuePair<string, object?> pair in props)
            {
                if (!pair.Key.StartsWith("llmlint.", StringComparison.Ordinal))
                {
                    (keys ??= new List<string>()).Add(pair.Key);
                }
            }
        }

        if (keys is null)
        {
            w.WriteNullValue();
            return;
        }

        keys.Sort(StringComparer.Ordinal);
        w.WriteStartObject();
        foreach (string key in keys)
        {
            w.WritePropertyName(key);
            WriteValue(w, o!.AdditionalProperties![key]);
        }

        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        if (value is null)
        {
            w.WriteNullValue();
            return;
        }

        try
        {
            w.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())), skipInputValidation: true);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            w.WriteStringValue(value.GetType().FullName + ":" + value);
        }
    }

    private static void WriteContent(Utf8JsonWriter w, AIContent content)
    {
        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(content, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(AIContent)));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            // A content type the serializer does not know: its type and text form are the most stable representation left.
            w.WriteStringValue(content.ToString());
            return;
        }

        w.WriteRawValue(json, skipInputValidation: true);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, float? value)
    {
        if (value is float f)
        {
            w.WriteNumber(name, f);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, int? value)
    {
        if (value is int i)
        {
            w.WriteNumber(name, i);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
