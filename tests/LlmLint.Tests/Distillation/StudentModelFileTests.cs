using System;
using System.IO;
using System.Linq;
using LlmLint.Distillation;

namespace LlmLint.Tests.Distillation;

/// <summary>Student model files: versioned, written atomically, read back to the same decisions, refused with a reason when damaged.</summary>
public sealed class StudentModelFileTests : IDisposable
{
    private const int Dimensions = 16;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmlint-student-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void A_model_reads_back_to_the_same_decisions_and_metadata()
    {
        StudentModel model = Model(version: 3);
        string path = StudentModelFile.PathFor(_dir, model.FunctionId);

        StudentModelFile.Write(path, model);
        StudentModel read = StudentModelFile.Read(path);

        Assert.Equal(Path.Combine(_dir, "Shop.Triage.Classify_String_.student"), path);
        Assert.Equal((model.FunctionId, model.TemplateHash, model.Version, model.CreatedAt, model.EmbedderId, model.Captures, model.TargetAgreement), (read.FunctionId, read.TemplateHash, read.Version, read.CreatedAt, read.EmbedderId, read.Captures, read.TargetAgreement));
        Assert.Equal(model.Student.Threshold, read.Student.Threshold);
        Assert.Equal(model.Student.HeldOut, read.Student.HeldOut);
        Assert.Equal(model.Student.Classifier.Labels, read.Student.Classifier.Labels);
        (float[] x, _) = SyntheticCaptures.Make(perLabel: 20, labels: 3, Dimensions, spread: 0.5, noise: 0, seed: 9);
        for (int i = 0; i < x.Length / Dimensions; i++)
        {
            Assert.Equal(model.Student.Decide(x.AsSpan(i * Dimensions, Dimensions)), read.Student.Decide(x.AsSpan(i * Dimensions, Dimensions)));
        }
    }

    [Fact]
    public void Writing_replaces_the_file_in_one_move_and_leaves_no_temporary_file()
    {
        string path = StudentModelFile.PathFor(_dir, "Shop.Triage.Classify(String)");
        StudentModelFile.Write(path, Model(version: 1));
        StudentModelFile.Write(path, Model(version: 2));

        Assert.Equal(2, StudentModelFile.Read(path).Version);
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Theory]
    [InlineData("magic", "is not a student model file")]
    [InlineData("format", "format version 99")]
    [InlineData("truncated", "weights")]
    [InlineData("header", "is not valid")]
    public void A_damaged_file_is_refused_with_the_reason(string damage, string expected)
    {
        string path = StudentModelFile.PathFor(_dir, "F");
        StudentModelFile.Write(path, Model(version: 1));
        byte[] bytes = File.ReadAllBytes(path);
        switch (damage)
        {
            case "magic": bytes[0] = (byte)'X'; break;
            case "format": bytes[16] = 99; break;
            case "truncated": Array.Resize(ref bytes, bytes.Length - 3); break;
            case "header": bytes[24] = (byte)'#'; break;
        }

        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidDataException>(() => StudentModelFile.Read(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_distiller_counts_an_unreadable_model_and_keeps_the_function_with_the_teacher()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(StudentModelFile.PathFor(_dir, "F"), "not a model");
        using var distiller = new Distiller(new DistillationOptions { ModelDirectory = _dir, EmbeddingGenerator = new LlmLint.LearnedRouting.HashingTextEmbedder(Dimensions) });

        Assert.Equal(StudentState.None, distiller.GetStatus("F").State);
        Assert.Equal(1, distiller.Counters.UnreadableModels);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    internal static StudentModel Model(int version, string function = "Shop.Triage.Classify(String)", string hash = "0123456789abcdef")
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 60, labels: 3, Dimensions, spread: 0.3, noise: 0.02, seed: 7);
        DistilledStudent student = StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { TargetAgreement = 0.9 });
        return new StudentModel(function, hash, version, new DateTimeOffset(2026, 12, 4, 19, 0, 0, TimeSpan.Zero), "hashing", y.Length, 0.9, student);
    }
}
