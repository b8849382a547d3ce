using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LlmLint.Distillation;

/// <summary>
/// Reads and writes student model files: <c>LLMLINT-STUDENT</c>, the format version, a JSON header (function, template hash,
/// model version, labels, threshold, scope, held-out result), the weights and the scope's prototypes as little-endian
/// float32; version 1 files (no scope) still load. A file is written to a
/// temporary file in the same folder and moved over the old one, so a reader sees the old model or the new one, never half.
/// </summary>
public static class StudentModelFile
{
    /// <summary>The current format version.</summary>
    public const int FormatVersion = 2;

    /// <summary>The file extension of student models.</summary>
    public const string Extension = ".student";

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("LLMLINT-STUDENT\n");

    /// <summary>Gets the model file of a function in a folder.</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="functionId">The function identity.</param>
    /// <returns>The path: the function id with characters other than letters, digits, <c>.</c>, <c>_</c> and <c>-</c> replaced by <c>_</c>.</returns>
    public static string PathFor(string directory, string functionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(functionId);
        var name = new StringBuilder(functionId.Length + Extension.Length);
        foreach (char c in functionId)
        {
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return Path.Combine(directory, name.Append(Extension).ToString());
    }

    /// <summary>Writes a model atomically (temporary file, then a move over <paramref name="path"/>); the file is owner-only on Unix.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="model">The model.</param>
    public static void Write(string path, StudentModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(temporary, options))
            {
                WriteTo(stream, model);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads a model file.</summary>
    /// <param name="path">The model file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="InvalidDataException">The file is not a student model, has another format version, or is cut short or inconsistent; the message says which.</exception>
    public static StudentModel Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Parse(bytes, path);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"The student model '{path}' is not valid: {ex.Message}", ex);
        }
    }

    private static void WriteTo(Stream stream, StudentModel model)
    {
        DistilledStudent student = model.Student;
        StudentClassifier classifier = student.Classifier;
        var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteString("functionId", model.FunctionId);
            json.WriteString("templateHash", model.TemplateHash);
            json.WriteNumber("version", model.Version);
            json.WriteString("createdAt", model.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("embedder", model.EmbedderId);
            json.WriteNumber("captures", model.Captures);
            json.WriteNumber("targetAgreement", model.TargetAgreement);
            json.WriteNumber("dimensions", classifier.Dimensions);
            json.WriteStartArray("labels");
            foreach (string label in classifier.Labels)
            {
                json.WriteStringValue(label);
            }

            json.WriteEndArray();
            if (float.IsFinite(student.Threshold))
            {
                json.WriteNumber("threshold", student.Threshold);
            }
            else
            {
                json.WriteNull("threshold"); // the student never answers
            }

            json.WriteNumber("penalty", student.Penalty);
            if (student.Scope is { } scope)
            {
                json.WriteStartObject("scope");
                json.WriteNumber("minSimilarity", float.IsFinite(scope.MinSimilarity) ? scope.MinSimilarity : -1f);
                json.WriteStartArray("prototypeCounts");
                foreach (int count in scope.PrototypeCounts)
                {
                    json.WriteNumberValue(count);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteStartObject("heldOut");
            json.WriteNumber("captures", student.HeldOut.Captures);
            json.WriteNumber("answered", student.HeldOut.Answered);
            json.WriteNumber("agreed", student.HeldOut.Agreed);
            json.WriteNumber("lowerBound", student.HeldOut.LowerBound);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        Span<byte> number = stackalloc byte[4];
        stream.Write(Magic);
        BinaryPrimitives.WriteInt32LittleEndian(number, FormatVersion);
        stream.Write(number);
        BinaryPrimitives.WriteInt32LittleEndian(number, (int)header.Length);
        stream.Write(number);
        stream.Write(header.GetBuffer(), 0, (int)header.Length);
        WriteFloats(stream, classifier.Weights);
        WriteFloats(stream, classifier.Bias);
        if (student.Scope is { } prototypes)
        {
            WriteFloats(stream, prototypes.Prototypes);
        }
    }

    private static StudentModel Parse(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Length < Magic.Length + 8 || !bytes.StartsWith(Magic))
        {
            throw new InvalidDataException($"'{path}' is not a student model file.");
        }

        int format = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(Magic.Length));
        if (format is < 1 or > FormatVersion)
        {
            throw new InvalidDataException($"The student model '{path}' has format version {format}; this runtime reads versions 1 to {FormatVersion}. Train it again.");
        }

        int headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(Magic.Length + 4));
        int offset = Magic.Length + 8;
        if (headerLength <= 0 || headerLength > bytes.Length - offset)
        {
            throw new InvalidDataException($"The student model '{path}' is cut short (header).");
        }

        using JsonDocument document = JsonDocument.Parse(bytes.Slice(offset, headerLength).ToArray());
        JsonElement h = document.RootElement;
        int dimensions = h.GetProperty("dimensions").GetInt32();
        var labels = new List<string>();
        foreach (JsonElement label in h.GetProperty("labels").EnumerateArray())
        {
            labels.Add(label.GetString()!);
        }

        int weights = labels.Count * dimensions;
        var prototypeCounts = new List<int>();
        float minSimilarity = float.NegativeInfinity;
        bool scoped = h.TryGetProperty("scope", out JsonElement scopeHeader) && scopeHeader.ValueKind == JsonValueKind.Object;
        if (scoped)
        {
            minSimilarity = scopeHeader.GetProperty("minSimilarity").GetSingle();
            foreach (JsonElement count in scopeHeader.GetProperty("prototypeCounts").EnumerateArray())
            {
                prototypeCounts.Add(count.GetInt32());
            }

            if (prototypeCounts.Count != labels.Count || prototypeCounts.Exists(c => c < 0 || c > 1_000_000))
            {
                throw new InvalidDataException($"The student model '{path}' gives {prototypeCounts.Count} prototype counts for {labels.Count} labels.");
            }
        }

        long prototypeValues = 0;
        foreach (int count in prototypeCounts)
        {
            prototypeValues += (long)count * dimensions;
        }

        ReadOnlySpan<byte> body = bytes.Slice(offset + headerLength);
        long expected = (weights + labels.Count + prototypeValues) * sizeof(float);
        if (dimensions < 1 || body.Length != expected)
        {
            throw new InvalidDataException($"The student model '{path}' holds {body.Length} bytes of weights; {labels.Count} labels × {dimensions} dimensions and {prototypeValues / Math.Max(dimensions, 1)} prototypes need {expected}.");
        }

        float[] w = ReadFloats(body.Slice(0, weights * sizeof(float)));
        float[] b = ReadFloats(body.Slice(weights * sizeof(float), labels.Count * sizeof(float)));
        StudentScope? scope = scoped
            ? new StudentScope(dimensions, prototypeCounts, ReadFloats(body.Slice((weights + labels.Count) * sizeof(float))), minSimilarity)
            : null;
        JsonElement heldOut = h.GetProperty("heldOut");
        JsonElement threshold = h.GetProperty("threshold");
        var student = new DistilledStudent(
            new StudentClassifier(labels, dimensions, w, b),
            threshold.ValueKind == JsonValueKind.Null ? float.PositiveInfinity : threshold.GetSingle(),
            h.GetProperty("penalty").GetDouble(),
            new StudentHeldOutResult(heldOut.GetProperty("captures").GetInt32(), heldOut.GetProperty("answered").GetInt32(), heldOut.GetProperty("agreed").GetInt32(), heldOut.GetProperty("lowerBound").GetDouble()))
        {
            Scope = scope,
        };
        return new StudentModel(
            h.GetProperty("functionId").GetString()!,
            h.GetProperty("templateHash").GetString()!,
            h.GetProperty("version").GetInt32(),
            DateTimeOffset.Parse(h.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            h.GetProperty("embedder").GetString(),
            h.GetProperty("captures").GetInt32(),
            h.GetProperty("targetAgreement").GetDouble(),
            student);
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }

        Span<byte> number = stackalloc byte[4];
        foreach (float value in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(number, value);
            stream.Write(number);
        }
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes)
    {
        float[] values = new float[bytes.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.Slice(i * sizeof(float)));
        }

        return values;
    }
}
