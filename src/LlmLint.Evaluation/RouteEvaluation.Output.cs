namespace LlmLint.Evaluation;

/// <summary>The report as JSON and as text.</summary>
public static partial class RouteEvaluation
{
    /// <summary>Writes the report as one JSON object (schema in docs/evaluation.md).</summary>
    public static void WriteJson(RouteEvaluationReport report, Stream stream)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("dataset", report.Dataset);
        w.WriteString("embedder", report.Embedder);
        w.WriteNumber("seed", report.Seed);
        w.WriteNumber("train", report.Train);
        w.WriteNumber("calibrationFolds", report.CalibrationFolds);
        w.WriteNumber("test", report.Test);
        w.WriteNumber("excluded", report.Excluded);
        w.WriteNumber("target", report.Target);
        w.WriteStartObject("weak");
        w.WriteNumber("quality", Round(report.WeakQuality));
        w.WriteNumber("costPerCall", report.WeakCost);
        w.WriteEndObject();
        w.WriteStartObject("strong");
        w.WriteNumber("quality", Round(report.StrongQuality));
        w.WriteNumber("costPerCall", report.StrongCost);
        w.WriteEndObject();
        w.WriteStartObject("routers");
        foreach (var r in report.Routers)
        {
            w.WriteStartObject(r.Name);
            w.WriteString("description", r.Description);
            WriteNumber(w, "apgr", r.Metrics.Apgr);
            WriteNullable(w, "cpt50", r.Metrics.Cpt50);
            WriteNullable(w, "cpt80", r.Metrics.Cpt80);
            WriteNullable(w, "savingAt95", r.Metrics.SavingAt95);
            WriteNullable(w, "strongShareAt95", r.Metrics.StrongShareAt95);
            WriteNullable(w, "cvSavingAt95", r.CrossValidatedSaving);
            if (r.Calibrated is { } c)
            {
                w.WriteStartObject("calibrated");
                WriteNumber(w, "threshold", c.Threshold);
                WriteNumber(w, "strongShare", c.StrongShare);
                WriteNumber(w, "quality", c.Quality);
                WriteNumber(w, "qualityVsStrong", c.QualityVsStrong);
                WriteNumber(w, "saving", c.Saving);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteNumber("elapsedSeconds", Math.Round(report.ElapsedSeconds, 2));
        w.WriteEndObject();
    }

    /// <summary>Writes the report as a text table.</summary>
    public static void WriteText(RouteEvaluationReport r, TextWriter writer)
    {
        var ci = CultureInfo.InvariantCulture;
        writer.WriteLine(string.Format(ci, "dataset {0}  embedder {1}  seed {2}  train {3} (calibration: {4}-fold cross-fit) / test {5}  excluded (contaminated) {6}", r.Dataset, r.Embedder, r.Seed, r.Train, r.CalibrationFolds, r.Test, r.Excluded));
        writer.WriteLine(string.Format(ci, "always-weak quality {0:0.000}  always-strong quality {1:0.000}  cost/call weak ${2:0.000000} strong ${3:0.000000}", r.WeakQuality, r.StrongQuality, r.WeakCost, r.StrongCost));
        writer.WriteLine(string.Format(ci, "{0,-18} {1,6} {2,7} {3,7} {4,10} {5,9} {6,26} {7,7}", "router", "APGR", "CPT50", "CPT80", "saving@" + (r.Target * 100).ToString("0", ci) + "%", "cv-train", "calibrated: strong/q/saving", "time"));
        RouterResult? selected = null;
        foreach (var x in r.Routers)
        {
            string cal = x.Calibrated is { } c ? Pct(c.StrongShare) + " / " + Pct(c.QualityVsStrong) + " / " + Pct(c.Saving) : "-";
            writer.WriteLine(string.Format(ci, "{0,-18} {1,6:0.000} {2,7} {3,7} {4,10} {5,9} {6,26} {7,6:0.0}s", x.Name, x.Metrics.Apgr, Pct(x.Metrics.Cpt50), Pct(x.Metrics.Cpt80), Pct(x.Metrics.SavingAt95), Pct(x.CrossValidatedSaving), cal, x.Seconds));
            if (x.Name != "oracle" && x.CrossValidatedSaving is double cv && (selected?.CrossValidatedSaving is not double best || cv > best))
            {
                selected = x;
            }
        }

        if (selected is not null)
        {
            writer.WriteLine(string.Format(ci, "selected on training data (best cv-train saving): {0}, test saving@{1}% {2}", selected.Name, (r.Target * 100).ToString("0", ci), Pct(selected.Metrics.SavingAt95)));
        }

        writer.WriteLine(string.Format(ci, "always-weak: 0% strong, quality {0} of strong, saving {1}; always-strong: 100% strong, saving 0%", Pct(r.StrongQuality > 0 ? r.WeakQuality / r.StrongQuality : 0), Pct(r.StrongCost > 0 ? 1 - r.WeakCost / r.StrongCost : 0)));
        writer.WriteLine(string.Format(ci, "elapsed {0:0.0} s", r.ElapsedSeconds));
    }

    private static string Pct(double? v) => v is double d ? (d * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static double Round(double v) => Math.Round(v, 6);

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, Round(value));
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double d)
        {
            WriteNumber(w, name, d);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
