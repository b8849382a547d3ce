using System.Text;
using System.Text.Json;
using LlmLint.Distillation;

namespace LlmLint.Cli.Distillation;

/// <summary>What <c>distill export</c> wrote.</summary>
/// <param name="Captures">Captures read.</param>
/// <param name="Unique">Captures left after removing repeated prompts (the newest answer of a prompt is kept).</param>
/// <param name="Train">Examples in the training files.</param>
/// <param name="Validation">Examples in the validation files.</param>
/// <param name="Files">The files written.</param>
internal sealed record FineTuningExportResult(int Captures, int Unique, int Train, int Validation, IReadOnlyList<string> Files);

/// <summary>
/// Writes captures as fine-tuning data: OpenAI chat JSONL (<c>{"messages":[system, user, assistant]}</c> per line) and a generic
/// JSONL (input, prompt, system, answer, label, function, template, model, tier, time), each split into training and
/// validation files. Repeated prompts are written once, so no prompt is in both splits.
/// </summary>
internal static class FineTuningExport
{
    public static FineTuningExportResult Write(IReadOnlyList<DistillationCapture> captures, string directory, double validationFraction, int seed)
    {
        if (!(validationFraction >= 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "--validation must lie in [0, 1).");
        }

        // Newest answer per (system, prompt): captures are oldest first.
        var byPrompt = new Dictionary<(string?, string), DistillationCapture>();
        foreach (DistillationCapture capture in captures)
        {
            byPrompt[(capture.SystemPrompt, capture.Prompt)] = capture;
        }

        DistillationCapture[] unique = byPrompt.Values.OrderBy(c => c.Timestamp).ThenBy(c => c.Prompt, StringComparer.Ordinal).ToArray();
        new Random(seed).Shuffle(unique);
        int validation = validationFraction == 0 || unique.Length < 2 ? 0 : Math.Max(1, (int)Math.Round(unique.Length * validationFraction));
        ArraySegment<DistillationCapture> validationSet = new(unique, 0, validation);
        ArraySegment<DistillationCapture> trainSet = new(unique, validation, unique.Length - validation);

        Directory.CreateDirectory(directory);
        var files = new List<string>();
        foreach ((string split, ArraySegment<DistillationCapture> set) in new[] { ("train", trainSet), ("validation", validationSet) })
        {
            files.Add(WriteLines(Path.Combine(directory, $"openai.{split}.jsonl"), set, WriteChat));
            files.Add(WriteLines(Path.Combine(directory, $"generic.{split}.jsonl"), set, WriteGeneric));
        }

        return new FineTuningExportResult(captures.Count, unique.Length, trainSet.Count, validationSet.Count, files);
    }

    private static string WriteLines(string path, IEnumerable<DistillationCapture> captures, Action<Utf8JsonWriter, DistillationCapture> write)
    {
        var text = new StringBuilder();
        using var buffer = new MemoryStream();
        foreach (DistillationCapture capture in captures)
        {
            buffer.SetLength(0);
            using (var json = new Utf8JsonWriter(buffer))
            {
                write(json, capture);
            }

            text.Append(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)).Append('\n');
        }

        Output.AtomicFile.WriteAllText(path, text.ToString()); // prompts and answers: owner-only, never half-written
        return path;
    }

    private static void WriteChat(Utf8JsonWriter json, DistillationCapture capture)
    {
        json.WriteStartObject();
        json.WriteStartArray("messages");
        if (!string.IsNullOrEmpty(capture.SystemPrompt))
        {
            Message(json, "system", capture.SystemPrompt);
        }

        Message(json, "user", capture.Prompt);
        Message(json, "assistant", capture.Answer);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Message(Utf8JsonWriter json, string role, string content)
    {
        json.WriteStartObject();
        json.WriteString("role", role);
        json.WriteString("content", content);
        json.WriteEndObject();
    }

    private static void WriteGeneric(Utf8JsonWriter json, DistillationCapture capture)
    {
        json.WriteStartObject();
        json.WriteString("function", capture.FunctionId);
        json.WriteString("templateHash", capture.TemplateHash);
        json.WriteString("input", capture.Input);
        json.WriteString("system", capture.SystemPrompt);
        json.WriteString("prompt", capture.Prompt);
        json.WriteString("answer", capture.Answer);
        json.WriteString("label", capture.Label);
        json.WriteString("arguments", capture.Arguments);
        json.WriteString("tier", capture.Tier?.ToString());
        json.WriteString("model", capture.ModelId);
        if (capture.CostUsd is { } cost)
        {
            json.WriteNumber("costUsd", cost);
        }
        else
        {
            json.WriteNull("costUsd");
        }

        json.WriteString("timestamp", capture.Timestamp.ToString("O", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }
}
