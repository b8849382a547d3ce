using System;
using System.IO;
using System.Linq;
using LlmLint.Distillation;

namespace LlmLint.Tests.Distillation;

/// <summary>The student's scope: inputs unlike every capture of their label escalate, however confident the classifier.</summary>
public sealed class StudentScopeTests
{
    private const int Dimensions = 16;

    [Fact]
    public void Inputs_of_a_kind_the_captures_never_held_escalate()
    {
        (float[] trainX, string[] trainY) = UnitCaptures(perLabel: 300, outOfScope: 0, seed: 3);
        (float[] queryX, string[] queryY) = UnitCaptures(perLabel: 200, outOfScope: 300, seed: 11);

        DistilledStudent scoped = StudentTraining.Train(trainX, Dimensions, trainY);
        DistilledStudent unscoped = StudentTraining.Train(trainX, Dimensions, trainY, new StudentTrainingOptions { ScopeQuantile = 0 });

        (double inScope, double outOfScope) = Answered(scoped, queryX, queryY);
        (double inScopeUnchecked, double outOfScopeUnchecked) = Answered(unscoped, queryX, queryY);
        Assert.Null(unscoped.Scope);
        Assert.NotNull(scoped.Scope);
        Assert.True(outOfScopeUnchecked >= 0.3, $"without the scope check {outOfScopeUnchecked:P1} of the other kind are answered: the test would not show the check");
        Assert.True(outOfScope <= 0.1 * outOfScopeUnchecked, $"{outOfScope:P1} of inputs of another kind answered locally ({outOfScopeUnchecked:P1} without the check)");
        Assert.True(inScope >= inScopeUnchecked - 0.05, $"in-scope coverage {inScope:P1} against {inScopeUnchecked:P1} without the check");
    }

    [Fact]
    public void The_minimum_is_the_chosen_quantile_of_what_the_threshold_lets_through()
    {
        (float[] x, string[] y) = InScope(seed: 5);

        DistilledStudent loose = StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { ScopeQuantile = 0.01 });
        DistilledStudent strict = StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { ScopeQuantile = 0.3 });

        Assert.True(strict.Scope!.MinSimilarity > loose.Scope!.MinSimilarity);
        Assert.True(strict.HeldOut.Answered < loose.HeldOut.Answered);
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { ScopeQuantile = 0.5 }));
    }

    [Fact]
    public void A_label_with_fewer_captures_than_prototypes_keeps_its_captures_and_a_full_one_its_centres()
    {
        float[] x = { 1, 0, 0, 1, 0.6f, 0.8f, 0.8f, 0.6f, 1, 0 };
        int[] y = { 0, 0, 1, 1, 1 };

        StudentScope scope = StudentScope.Fit(x, y, labelCount: 2, dimensions: 2, prototypesPerLabel: 2, seed: 1);

        Assert.Equal(new[] { 2, 2 }, scope.PrototypeCounts);
        Assert.Equal(1f, scope.Support(new float[] { 0, 5 }, 0), 5);      // label 0 keeps (0, 1): cosine, whatever the length
        Assert.True(scope.Support(new float[] { 0, 1 }, 1) < 0.9f);        // label 1 lies near the first axis
        Assert.Equal(-1f, scope.Support(new float[] { 0, 0 }, 1));         // no direction: no support
        Assert.Throws<ArgumentException>(() => scope.Support(new float[] { 1, 0, 0 }, 0));
    }

    [Fact]
    public void A_version_1_file_without_a_scope_still_loads()
    {
        string dir = Path.Combine(Path.GetTempPath(), "llmlint-scope-" + Guid.NewGuid().ToString("N"));
        try
        {
            (float[] x, string[] y) = InScope(seed: 7);
            DistilledStudent student = StudentTraining.Train(x, Dimensions, y, new StudentTrainingOptions { ScopeQuantile = 0 });
            var model = new StudentModel("F", "hash", 1, DateTimeOffset.UnixEpoch, "hashing", y.Length, 0.97, student);
            string path = StudentModelFile.PathFor(dir, "F");
            StudentModelFile.Write(path, model);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[16] = 1; // the format version of files written before scopes
            File.WriteAllBytes(path, bytes);

            StudentModel read = StudentModelFile.Read(path);

            Assert.Null(read.Student.Scope);
            Assert.Equal(student.Threshold, read.Student.Threshold);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_scope_survives_the_model_file()
    {
        StudentModel model = StudentModelFileTests.Model(version: 1);
        string dir = Path.Combine(Path.GetTempPath(), "llmlint-scope-" + Guid.NewGuid().ToString("N"));
        try
        {
            string path = StudentModelFile.PathFor(dir, model.FunctionId);
            StudentModelFile.Write(path, model);

            StudentScope read = StudentModelFile.Read(path).Student.Scope!;

            StudentScope written = model.Student.Scope!;
            Assert.Equal(written.MinSimilarity, read.MinSimilarity);
            Assert.Equal(written.PrototypeCounts, read.PrototypeCounts);
            Assert.True(written.Prototypes.SequenceEqual(read.Prototypes));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// Unit-length captures around three label directions, as sentence embeddings are, and inputs of another kind: a
    /// direction that leans towards label 0 and away from the others, which a softmax classifier calls label 0 with more
    /// confidence than label 0's own captures although no capture looks like it.
    /// </summary>
    private static (float[] X, string[] Y) UnitCaptures(int perLabel, int outOfScope, int seed)
    {
        var centres = new float[3][];
        var centreRandom = new Random(1234);
        for (int k = 0; k < 3; k++)
        {
            centres[k] = Normalized(Enumerable.Range(0, Dimensions).Select(_ => (float)Gaussian(centreRandom)).ToArray());
        }

        float[] other = Normalized(Enumerable.Range(0, Dimensions).Select(d => centres[0][d] - (0.6f * centres[1][d]) - (0.6f * centres[2][d])).ToArray());
        var random = new Random(seed);
        var x = new System.Collections.Generic.List<float>();
        var y = new System.Collections.Generic.List<string>();
        void Add(float[] centre, string label)
        {
            x.AddRange(Normalized(centre.Select(c => c + (float)(Gaussian(random) * 0.5 / Math.Sqrt(Dimensions))).ToArray()));
            y.Add(label);
        }

        for (int k = 0; k < 3; k++)
        {
            for (int n = 0; n < perLabel; n++) Add(centres[k], "label-" + k);
        }

        for (int n = 0; n < outOfScope; n++) Add(other, "label-3");
        return (x.ToArray(), y.ToArray());
    }

    private static float[] Normalized(float[] v)
    {
        float norm = MathF.Sqrt(v.Sum(a => a * a));
        return v.Select(a => a / norm).ToArray();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Captures of the first three of four synthetic labels: the fourth is a kind the teacher was never asked about.</summary>
    private static (float[] X, string[] Y) InScope(int seed)
    {
        (float[] x, string[] y) = SyntheticCaptures.Make(perLabel: 200, labels: 4, Dimensions, spread: 0.3, noise: 0, seed: seed);
        int[] keep = Enumerable.Range(0, y.Length).Where(i => y[i] != "label-3").ToArray();
        return (keep.SelectMany(i => x.Skip(i * Dimensions).Take(Dimensions)).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    private static (double InScope, double OutOfScope) Answered(DistilledStudent student, float[] x, string[] y)
    {
        int inScope = 0, inScopeAnswered = 0, outOfScope = 0, outOfScopeAnswered = 0;
        for (int i = 0; i < y.Length; i++)
        {
            bool answers = student.Decide(x.AsSpan(i * Dimensions, Dimensions)).Answers;
            if (y[i] == "label-3")
            {
                outOfScope++;
                outOfScopeAnswered += answers ? 1 : 0;
            }
            else
            {
                inScope++;
                inScopeAnswered += answers ? 1 : 0;
            }
        }

        return (inScopeAnswered / (double)inScope, outOfScopeAnswered / (double)outOfScope);
    }
}
