using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.Evaluation;
using LlmLint.LearnedRouting;

namespace LlmLint.Cli.Distillation;

/// <summary>
/// Replays distillation on labelled data: the store stands for captured teacher answers, the queries for later traffic
/// whose labels stand for what the teacher would answer. Trains a student on the store and measures, on the queries,
/// how many it answers locally and how often it agrees with the teacher.
/// </summary>
internal static class DistillEvaluation
{
    /// <summary>The confidence thresholds of the coverage/agreement curve.</summary>
    private static readonly float[] CurveThresholds = { 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 0.95f };

    public static async Task<DistillReport> RunAsync(
        string name, IReadOnlyList<LabelledText> store, IReadOnlyList<LabelledText> queries, BatchEmbedder embed, int dimensions,
        StudentTrainingOptions options, decimal teacherCostPerCall, Func<string, float[]>? embedOne, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        float[][] storeVectors = await embed(store.Select(s => s.Text).ToArray(), cancellationToken);
        float[][] queryVectors = await embed(queries.Select(q => q.Text).ToArray(), cancellationToken);
        TimeSpan embedding = clock.Elapsed;

        clock.Restart();
        float[] flat = new float[store.Count * dimensions];
        for (int i = 0; i < store.Count; i++)
        {
            storeVectors[i].AsSpan().CopyTo(flat.AsSpan(i * dimensions, dimensions));
        }

        DistilledStudent student = StudentTraining.Train(flat, dimensions, store.Select(s => s.Label).ToArray(), options, cancellationToken);
        TimeSpan training = clock.Elapsed;

        var decisions = new StudentDecision[queries.Count];
        var inScope = new bool[queries.Count];
        for (int i = 0; i < queries.Count; i++)
        {
            decisions[i] = student.Decide(queryVectors[i]);
            int label = IndexOf(student.Classifier.Labels, decisions[i].Label);
            inScope[i] = student.Scope is null || student.Scope.Admits(queryVectors[i], label);
        }

        // Every point of the curve applies the scope check as the student does at run time; only the confidence threshold varies.
        var curve = CurveThresholds.Select(t => Point(t, decisions, inScope, queries)).ToList();
        DistillPoint recommended = Point(student.Threshold, decisions, inScope, queries);
        var perLabel = queries.Select((q, i) => (q.Label, Decision: decisions[i]))
            .GroupBy(x => x.Label, StringComparer.Ordinal)
            .Select(g => new DistillLabelResult(
                g.Key,
                g.Count(),
                g.Count(x => x.Decision.Answers),
                g.Count(x => x.Decision.Answers && x.Decision.Label == g.Key)))
            .OrderBy(r => r.Answered == 0 ? 1 : r.Agreement).ThenBy(r => r.Label, StringComparer.Ordinal)
            .ToList();
        decimal saving = teacherCostPerCall * recommended.Answered;
        return new DistillReport(
            name, store.Count, queries.Count, student.Classifier.Labels.Count, options.TargetAgreement, student.Penalty,
            student.HeldOut, recommended, curve, perLabel, teacherCostPerCall, saving, embedding, training,
            embedOne is null ? null : DecisionLatency(student, queries, embedOne));
    }

    /// <summary>The latency of one local decision, embedding included: p50 and p99 over up to 300 queries, one at a time.</summary>
    private static DecisionLatency DecisionLatency(DistilledStudent student, IReadOnlyList<LabelledText> queries, Func<string, float[]> embedOne)
    {
        int n = Math.Min(300, queries.Count);
        student.Decide(embedOne(queries[0].Text)); // warm-up
        var milliseconds = new double[n];
        for (int i = 0; i < n; i++)
        {
            long start = Stopwatch.GetTimestamp();
            student.Decide(embedOne(queries[i].Text));
            milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new DecisionLatency(milliseconds[n / 2], milliseconds[Math.Min(n - 1, (int)(n * 0.99))]);
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], label, StringComparison.Ordinal)) return i;
        }

        return -1;
    }

    private static DistillPoint Point(float threshold, StudentDecision[] decisions, bool[] inScope, IReadOnlyList<LabelledText> queries)
    {
        int answered = 0, agreed = 0;
        for (int i = 0; i < decisions.Length; i++)
        {
            if (decisions[i].Confidence >= threshold && inScope[i])
            {
                answered++;
                agreed += decisions[i].Label == queries[i].Label ? 1 : 0;
            }
        }

        return new DistillPoint(threshold, decisions.Length, answered, agreed);
    }
}

/// <summary>The student's answers on the queries at one confidence threshold (inputs outside its scope escalate at every threshold).</summary>
internal sealed record DistillPoint(float Threshold, int Queries, int Answered, int Agreed)
{
    public double Coverage => Queries == 0 ? 0 : Answered / (double)Queries;

    public double Agreement => Answered == 0 ? 0 : Agreed / (double)Answered;
}

/// <summary>One label's queries at the recommended threshold.</summary>
internal sealed record DistillLabelResult(string Label, int Queries, int Answered, int Agreed)
{
    public double Agreement => Answered == 0 ? 0 : Agreed / (double)Answered;
}

/// <summary>The result of a distillation replay.</summary>
internal sealed record DistillReport(
    string Data, int Captures, int Queries, int Labels, double Target, double Penalty, StudentHeldOutResult HeldOut,
    DistillPoint Recommended, IReadOnlyList<DistillPoint> Curve, IReadOnlyList<DistillLabelResult> PerLabel,
    decimal TeacherCostPerCall, decimal SavingUsd, TimeSpan Embedding, TimeSpan Training, DecisionLatency? Latency);

/// <summary>The latency of one local decision, embedding included.</summary>
internal sealed record DecisionLatency(double P50Milliseconds, double P99Milliseconds);
