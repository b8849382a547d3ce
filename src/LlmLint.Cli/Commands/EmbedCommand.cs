using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Cli.Output;
using LlmLint.Embeddings;

namespace LlmLint.Cli.Commands;

/// <summary>
/// <c>llmlint embed [--model &lt;dir&gt;] --input &lt;file.jsonl&gt; [--output &lt;file.jsonl&gt;]</c>: embeds each input line
/// (one JSON string) with the local USE-lite model and writes one JSON array of 512 numbers per line, in input order.
/// </summary>
internal static class EmbedCommand
{
    private const int BatchSize = 64;

    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = "The USE-lite model folder (model.json, weight shards, vocab.json). Default: LLMLINT_EMBEDDING_MODEL, or the model shipped with llmlint (llmlint-models/use-lite next to it).",
        };
        var input = new Option<string>("--input", "-i")
        {
            Description = "A JSON Lines file: each line is one JSON string to embed.",
            Required = true,
        };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Where to write the embeddings (one JSON array per line, in input order). Default: standard output.",
        };

        var command = new Command("embed", "Embeds texts with the local USE-lite model (512 dimensions, unit length).") { model, input, output };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(model),
            parseResult.GetRequiredValue(input),
            parseResult.GetValue(output),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    /// <summary>
    /// Runs the command; returns 0 on success, 2 on bad input or a model folder that cannot be loaded (the reason goes to
    /// <paramref name="stderr"/>). The output file is written through a temporary file, so an interrupted run leaves none.
    /// </summary>
    public static async Task<int> RunAsync(string? modelDir, string input, string? output, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        if (!File.Exists(input))
        {
            await stderr.WriteLineAsync($"error: the input file '{input}' was not found.");
            return ExitCodes.BadInput;
        }

        var texts = new List<string>();
        int lineNumber = 0;
        try
        {
            foreach (string line in File.ReadLines(input, InputText.StrictUtf8))
            {
                lineNumber++;
                string? error = TryParseLine(line, out string text);
                if (error is not null)
                {
                    await stderr.WriteLineAsync($"error: {input}:{lineNumber.ToString(CultureInfo.InvariantCulture)}: {error}");
                    return ExitCodes.BadInput;
                }

                texts.Add(text);
            }
        }
        catch (DecoderFallbackException)
        {
            await stderr.WriteLineAsync($"error: {input}:{(lineNumber + 1).ToString(CultureInfo.InvariantCulture)}: the line is not valid UTF-8 text.");
            return ExitCodes.BadInput;
        }

        LocalEmbeddingGenerator generator;
        try
        {
            generator = modelDir is null ? LocalEmbeddingGenerator.Default : LocalEmbeddingGenerator.FromDirectory(modelDir);
        }
        catch (EmbeddingModelException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return ExitCodes.BadInput;
        }

        try
        {
            if (output is null)
            {
                await WriteAsync(generator, texts, stdout, ct);
            }
            else
            {
                await AtomicFile.WriteAsync(output, async stream =>
                {
                    await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                    await WriteAsync(generator, texts, writer, ct);
                });
            }
        }
        finally
        {
            if (modelDir is not null) generator.Dispose();
        }

        return 0;
    }

    private static async Task WriteAsync(LocalEmbeddingGenerator generator, List<string> texts, TextWriter writer, CancellationToken ct)
    {
        var vectors = new float[BatchSize * LocalEmbeddingGenerator.Dimensions];
        string[] batch = new string[BatchSize];
        var sb = new StringBuilder(LocalEmbeddingGenerator.Dimensions * 12);
        for (int start = 0; start < texts.Count; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            int n = Math.Min(BatchSize, texts.Count - start);
            texts.CopyTo(start, batch, 0, n);
            generator.Embed(batch.AsSpan(0, n), vectors);
            for (int i = 0; i < n; i++)
            {
                sb.Clear();
                AppendJsonArray(sb, vectors.AsSpan(i * LocalEmbeddingGenerator.Dimensions, LocalEmbeddingGenerator.Dimensions));
                await writer.WriteLineAsync(sb.ToString());
            }
        }

        await writer.FlushAsync(ct);
    }

    private static string? TryParseLine(string line, out string text)
    {
        text = string.Empty;
        if (line.Length == 0 || string.IsNullOrWhiteSpace(line)) return "expected a JSON string, found an empty line.";
        try
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.String)
            {
                return $"expected a JSON string, found {doc.RootElement.ValueKind.ToString().ToLowerInvariant()}.";
            }

            text = doc.RootElement.GetString()!;
            return null;
        }
        catch (JsonException ex)
        {
            return $"not valid JSON ({ex.Message}).";
        }
        catch (InvalidOperationException)
        {
            // GetString throws on a lone surrogate escape such as "\ud800": the text is not valid UTF-16.
            return "the string holds an invalid UTF-16 sequence (a lone surrogate).";
        }
    }

    private static void AppendJsonArray(StringBuilder sb, ReadOnlySpan<float> values)
    {
        sb.Append('[');
        Span<char> buffer = stackalloc char[32];
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            values[i].TryFormat(buffer, out int written, "R", CultureInfo.InvariantCulture);
            sb.Append(buffer.Slice(0, written));
        }

        sb.Append(']');
    }
}
