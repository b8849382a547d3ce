using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace LlmLint.Catalog.Tests;

/// <summary>One model id an SDK exposes as a public constant, and where (<c>Anthropic.Models.Messages.Model.ClaudeOpus4_8</c>).</summary>
internal sealed record SdkModelConstant(string Sdk, string Member, string Id);

/// <summary>
/// Finds the model id constants of an SDK assembly by reflection: members of public enums the SDK serializes to model
/// ids (Anthropic's <c>Model</c>), and public constant or static string-like members (string constants, extensible
/// enums such as <c>readonly struct X { public static X Gpt4o { get; } }</c>) whose value looks like a model id.
/// </summary>
internal static class SdkModelConstants
{
    /// <summary>The model families of the providers the SDKs serve: a value that starts with one of these is a model id.</summary>
    private static readonly Regex ModelIdShape = new(
        "^(gpt-|chatgpt-|o[1-9](-|$)|claude-|gemini-|dall-e-|gpt-image-|tts-|whisper-|text-embedding-|davinci|babbage|codex-|mistral-|deepseek-)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

    public static IEnumerable<SdkModelConstant> Of(Assembly assembly)
    {
        var sdk = assembly.GetName().Name + " " + assembly.GetName().Version?.ToString(3);
        foreach (var type in PublicTypes(assembly))
        {
            if (type.IsEnum)
            {
                foreach (var c in EnumModelIds(type, sdk))
                {
                    yield return c;
                }

                continue;
            }

            foreach (var (member, value) in StaticValues(type))
            {
                if (value is not null && ModelIdShape.IsMatch(value))
                {
                    yield return new SdkModelConstant(sdk, type.FullName + "." + member, value);
                }
            }
        }
    }

    private static IEnumerable<Type> PublicTypes(Assembly assembly)
    {
        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = ex.Types;
        }

        return types.OfType<Type>().Where(t => t.IsVisible && !t.IsGenericTypeDefinition);
    }

    /// <summary>
    /// A model enum (its name ends in "Model", as Anthropic's <c>Model</c> and <c>BetaManagedAgentsModel</c>) whose JSON
    /// form is the model id: each member serialized with the SDK's own converter. Other enums (beta header names,
    /// analytics filters) are not model ids even where their values start like one.
    /// </summary>
    private static IEnumerable<SdkModelConstant> EnumModelIds(Type type, string sdk)
    {
        if (!type.Name.EndsWith("Model", StringComparison.Ordinal) || type.GetCustomAttribute<JsonConverterAttribute>() is null)
        {
            yield break;
        }

        foreach (var name in Enum.GetNames(type))
        {
            string? id;
            try
            {
                id = JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(Enum.Parse(type, name), type));
            }
            catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                continue;
            }

            if (id is not null && ModelIdShape.IsMatch(id))
            {
                yield return new SdkModelConstant(sdk, type.FullName + "." + name, id);
            }
        }
    }

    /// <summary>Public string constants, static string fields and properties, and static members of the type's own type (extensible enums).</summary>
    private static IEnumerable<(string Member, string? Value)> StaticValues(Type type)
    {
        const BindingFlags Flags = BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var field in type.GetFields(Flags))
        {
            if (field.FieldType == typeof(string) || field.FieldType == type)
            {
                yield return (field.Name, Read(() => field.IsLiteral ? field.GetRawConstantValue() : field.GetValue(null)));
            }
        }

        foreach (var property in type.GetProperties(Flags))
        {
            if ((property.PropertyType == typeof(string) || property.PropertyType == type) && property.GetIndexParameters().Length == 0 && property.GetMethod is not null)
            {
                yield return (property.Name, Read(() => property.GetValue(null)));
            }
        }
    }

    private static string? Read(Func<object?> get)
    {
        try
        {
            return get()?.ToString();
        }
        catch (Exception ex) when (ex is TargetInvocationException or NotSupportedException or InvalidOperationException or TypeInitializationException)
        {
            return null;
        }
    }
}
