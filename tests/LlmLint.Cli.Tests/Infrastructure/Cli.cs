using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace LlmLint.Cli.Tests.Infrastructure;

internal sealed record CliRun(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Err}";
}

internal static class CliRunner
{
    public static CliRun Run(params string[] args)
    {
        var stdout = new StringWriter(CultureInfo.InvariantCulture);
        var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var code = CliApp.Run(args, stdout, stderr);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A temporary directory deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmlint-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string? content = null)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        if (content is not null)
        {
            System.IO.File.WriteAllText(full, content);
        }

        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Writes SARIF v2.1 logs shaped like the C# compiler's (properties under properties.customProperties).</summary>
internal sealed class SarifLog
{
    private readonly JsonArray _results = new();

    /// <param name="modelKnown">Whether the catalog knows the model (default: a model is named).</param>
    public SarifLog CallSite(string callSite, string model, decimal costPerCall, double callsPerDay = 1000, string file = "/src/App/Triage.cs", int line = 10, int column = 9, string sdk = "MEAI", long inputTokens = 500, long outputTokens = 200, bool? modelKnown = null, string? modelProvenance = null)
        => Add("LLM2000", "note", $"LLM call to '{model}'", file, line, column, new()
        {
            ["ModelProvenance"] = modelProvenance ?? string.Empty,
            ["Provider"] = "openai",
            ["ModelId"] = model,
            ["ModelKnown"] = (modelKnown ?? model.Length > 0) ? "true" : "false",
            ["ModelTier"] = "small",
            ["TaskKind"] = "classification",
            ["InputTokens"] = inputTokens.ToString(CultureInfo.InvariantCulture),
            ["OutputTokens"] = outputTokens.ToString(CultureInfo.InvariantCulture),
            ["CostPerCall"] = costPerCall.ToString(CultureInfo.InvariantCulture),
            ["CostPer1000Calls"] = (costPerCall * 1000m).ToString(CultureInfo.InvariantCulture),
            ["CallsPerDay"] = callsPerDay.ToString(CultureInfo.InvariantCulture),
            ["CallSite"] = callSite,
            ["Sdk"] = sdk,
        });

    public SarifLog Add(string ruleId, string level, string message, string? file, int line, int column, Dictionary<string, string>? properties = null)
    {
        var result = new JsonObject
        {
            ["ruleId"] = ruleId,
            ["level"] = level,
            ["message"] = new JsonObject { ["text"] = message },
        };
        if (file is not null)
        {
            result["locations"] = new JsonArray(new JsonObject
            {
                ["physicalLocation"] = new JsonObject
                {
                    ["artifactLocation"] = new JsonObject { ["uri"] = new Uri(file).AbsoluteUri },
                    ["region"] = new JsonObject { ["startLine"] = line, ["startColumn"] = column, ["endLine"] = line, ["endColumn"] = column + 10 },
                },
            });
        }

        var bag = new JsonObject { ["warningLevel"] = 1 };
        if (properties is not null)
        {
            var custom = new JsonObject();
            foreach (var (k, v) in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                custom[k] = v;
            }

            bag["customProperties"] = custom;
        }

        result["properties"] = bag;
        _results.Add(result);
        return this;
    }

    public string ToJson()
        => new JsonObject
        {
            ["$schema"] = "http://json.schemastore.org/sarif-2.1.0",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["results"] = JsonNode.Parse(_results.ToJsonString()),
                ["tool"] = new JsonObject { ["driver"] = new JsonObject { ["name"] = "Microsoft (R) Visual C# Compiler", ["rules"] = new JsonArray() } },
                ["columnKind"] = "utf16CodeUnits",
            }),
        }.ToJsonString();

    public string WriteTo(TempDir dir, string name = "app.sarif") => dir.File(name, ToJson());
}
