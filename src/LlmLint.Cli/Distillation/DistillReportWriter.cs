using System.Text.Json;

namespace LlmLint.Cli.Distillation;

/// <summary>Writes a <see cref="DistillReport"/> as text or JSON.</summary>
internal static class DistillReportWriter
{
    public static void WriteText(DistillReport r, TextWriter w)
    {
        CultureInfo ci = CultureInfo.InvariantCulture;
        w.WriteLine(string.Format(ci, "distill eval {0}: {1} captures (store), {2} queries, {3} labels learned; target agreement {4:P1}", r.Data, r.Captures, r.Queries, r.Labels, r.Target));
        w.WriteLine(string.Format(ci, "embedding {0:0.0} s, training {1:0.0} s (L2 {2:G3}); held out {3} captures: {4:P1} answered at {5:P2} agreement (95% lower bound {6:P2})", r.Embedding.TotalSeconds, r.Training.TotalSeconds, r.Penalty, r.HeldOut.Captures, r.HeldOut.Coverage, r.HeldOut.Agreement, r.HeldOut.LowerBound));
        if (r.Latency is { } latency)
        {
            w.WriteLine(string.Format(ci, "one local decision, embedding included: p50 {0:0.00} ms, p99 {1:0.00} ms", latency.P50Milliseconds, latency.P99Milliseconds));
        }

        w.WriteLine();
        w.WriteLine(string.Format(ci, "{0,-12} {1,10} {2,10}", "threshold", "coverage", "agreement"));
        foreach (DistillPoint p in r.Curve)
        {
            w.WriteLine(string.Format(ci, "{0,-12:0.00} {1,10:P1} {2,10:P2}", p.Threshold, p.Coverage, p.Agreement));
        }

        w.WriteLine(string.Format(ci, "{0,-12} {1,10:P1} {2,10:P2}   (threshold {3:0.000})", "recommended", r.Recommended.Coverage, r.Recommended.Agreement, r.Recommended.Threshold));
        w.WriteLine();
        w.WriteLine(string.Format(ci, "saving at ${0} a teacher call: ${1:0.00} over these {2} queries ({3:P1} of calls answered locally for $0)", r.TeacherCostPerCall, r.SavingUsd, r.Queries, r.Recommended.Coverage));
        w.WriteLine();
        w.WriteLine("lowest per-label agreement at the recommended threshold:");
        foreach (DistillLabelResult l in r.PerLabel.Where(l => l.Answered > 0).Take(10))
        {
            w.WriteLine(string.Format(ci, "  {0,-40} {1,5} answered of {2,5}  {3,8:P1}", l.Label, l.Answered, l.Queries, l.Agreement));
        }
    }

    public static void WriteJson(DistillReport r, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("data", r.Data);
        w.WriteNumber("captures", r.Captures);
        w.WriteNumber("queries", r.Queries);
        w.WriteNumber("labels", r.Labels);
        w.WriteNumber("target", r.Target);
        w.WriteNumber("penalty", r.Penalty);
        w.WriteNumber("embeddingSeconds", r.Embedding.TotalSeconds);
        w.WriteNumber("trainingSeconds", r.Training.TotalSeconds);
        if (r.Latency is { } latency)
        {
            w.WriteNumber("decisionP50Ms", latency.P50Milliseconds);
            w.WriteNumber("decisionP99Ms", latency.P99Milliseconds);
        }
        w.WriteStartObject("heldOut");
        w.WriteNumber("captures", r.HeldOut.Captures);
        w.WriteNumber("coverage", r.HeldOut.Coverage);
        w.WriteNumber("agreement", r.HeldOut.Agreement);
        w.WriteNumber("lowerBound", r.HeldOut.LowerBound);
        w.WriteEndObject();
        w.WritePropertyName("recommended");
        WritePoint(w, r.Recommended);
        w.WriteStartArray("curve");
        foreach (DistillPoint p in r.Curve)
        {
            WritePoint(w, p);
        }

        w.WriteEndArray();
        w.WriteNumber("teacherCostPerCallUsd", r.TeacherCostPerCall);
        w.WriteNumber("savingUsd", r.SavingUsd);
        w.WriteStartArray("perLabel");
        foreach (DistillLabelResult l in r.PerLabel)
        {
            w.WriteStartObject();
            w.WriteString("label", l.Label);
            w.WriteNumber("queries", l.Queries);
            w.WriteNumber("answered", l.Answered);
            w.WriteNumber("agreement", l.Agreement);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter w, DistillPoint p)
    {
        w.WriteStartObject();
        if (float.IsFinite(p.Threshold))
        {
            w.WriteNumber("threshold", p.Threshold);
        }
        else
        {
            w.WriteNull("threshold"); // no threshold reaches the target: the student never answers
        }

        w.WriteNumber("coverage", p.Coverage);
        w.WriteNumber("agreement", p.Agreement);
        w.WriteNumber("answered", p.Answered);
        w.WriteEndObject();
    }
}
