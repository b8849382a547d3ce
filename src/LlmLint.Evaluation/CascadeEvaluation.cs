using System.Text.RegularExpressions;
using LlmLint.LearnedRouting;

namespace LlmLint.Evaluation;

/// <summary>
/// Features of a weak-tier answer that a runtime cascade can see without a reference answer: whether it ends in a
/// well-formed final number, whether that number agrees with the last "The answer is"/"####" statement, hedging
/// words, and length.
/// </summary>
public static class AnswerFeatures
{
    /// <summary>The number of features written by <see cref="Write"/>.</summary>
    public const int Count = 10;

    private static readonly Regex s_number = new(@"-?\$?\d[\d,]*(?:\.\d+)?", RegexOptions.Compiled | RegexOptions.CultureInvariant);
    private static readonly Regex s_marker = new(@"(?:####|answer is|answer:|final answer)\s*:?\s*\**\s*(-?\$?\d[\d,]*(?:\.\d+)?)", RegexOptions.Compiled | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly string[] s_hedges = { "not sure", "uncertain", "unclear", "approximately", "assume", "assuming", "cannot", "can't", "impossible", "however", "wait", "mistake", "re-evaluate", "reconsider", "let me", "actually", "ambiguous", "not possible", "estimate" };

    /// <summary>Extracts the final numeric answer (after a marker when present, else the last number), or null.</summary>
    public static string? FinalNumber(string answer)
    {
        if (answer is null)
        {
            throw new ArgumentNullException(nameof(answer));
        }

        var markers = s_marker.Matches(answer);
        if (markers.Count > 0)
        {
            return Clean(markers[markers.Count - 1].Groups[1].Value);
        }

        var numbers = s_number.Matches(answer);
        return numbers.Count > 0 ? Clean(numbers[numbers.Count - 1].Value) : null;
    }

    /// <summary>Writes the features of <paramref name="answer"/> to <paramref name="destination"/> (length <see cref="Count"/>).</summary>
    public static void Write(string prompt, string answer, Span<float> destination)
    {
        if (prompt is null)
        {
            throw new ArgumentNullException(nameof(prompt));
        }

        if (answer is null)
        {
            throw new ArgumentNullException(nameof(answer));
        }

        if (destination.Length != Count)
        {
            throw new ArgumentException($"The destination must have {Count} values.", nameof(destination));
        }

        var markers = s_marker.Matches(answer);
        var numbers = s_number.Matches(answer);
        string? marked = markers.Count > 0 ? Clean(markers[markers.Count - 1].Groups[1].Value) : null;
        string? last = numbers.Count > 0 ? Clean(numbers[numbers.Count - 1].Value) : null;
        string? final = marked ?? last;
        int hedges = 0;
        string lower = answer.ToLowerInvariant();
        foreach (string h in s_hedges)
        {
            if (lower.Contains(h, StringComparison.Ordinal))
            {
                hedges++;
            }
        }

        var distinctMarked = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in markers)
        {
            distinctMarked.Add(Clean(m.Groups[1].Value));
        }

        bool wellFormed = final is not null && double.TryParse(final, NumberStyles.Float, CultureInfo.InvariantCulture, out double value);
        double parsed = wellFormed ? double.Parse(final!, NumberStyles.Float, CultureInfo.InvariantCulture) : 0;
        destination[0] = marked is not null ? 1 : 0;
        destination[1] = marked is not null && last is not null && marked == last ? 1 : 0;
        destination[2] = distinctMarked.Count > 1 ? 1 : 0;
        destination[3] = wellFormed ? 1 : 0;
        destination[4] = wellFormed && Math.Abs(parsed - Math.Round(parsed)) < 1e-9 ? 1 : 0;
        destination[5] = wellFormed && parsed < 0 ? 1 : 0;
        destination[6] = Math.Min(hedges, 5) / 5f;
        destination[7] = (float)(Math.Log(1 + answer.Length) / 8.0);
        destination[8] = (float)(Math.Log(1 + prompt.Length) / 8.0);
        destination[9] = Math.Min(numbers.Count, 40) / 40f;
    }

    /// <summary>
    /// A fixed, untrained confidence score in [0, 1]: a marked final number consistent with the last number, an integer
    /// (GSM8K answers are integers), no hedging and a moderate length raise it.
    /// </summary>
    public static double RuleConfidence(string prompt, string answer)
    {
        Span<float> f = stackalloc float[Count];
        Write(prompt, answer, f);
        double score = 0.2 * f[0] + 0.2 * f[1] + 0.2 * f[3] + 0.2 * f[4] - 0.2 * f[2] - 0.1 * f[5] - 0.5 * f[6];
        score += 0.2 * (1 - Math.Clamp((answer.Length - 600) / 1400.0, 0, 1));
        return Math.Clamp(score, 0, 1);
    }

    private static string Clean(string number) => number.Replace("$", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal).TrimEnd('.');
}

/// <summary>One cascade policy's result on the test split.</summary>
/// <param name="Name">Policy name.</param>
/// <param name="Escalated">Share of prompts escalated to the strong model.</param>
/// <param name="Accuracy">Accuracy of the answers served.</param>
/// <param name="CostPerQuery">Mean USD per query (weak call always, plus the strong call when escalated).</param>
/// <param name="Saving">Cost saving relative to always-strong.</param>
/// <param name="RandomAccuracyAtSameCost">Expected accuracy of escalating the same share at random.</param>
public sealed record CascadePoint(string Name, double Escalated, double Accuracy, double CostPerQuery, double Saving, double? RandomAccuracyAtSameCost);

/// <summary>A cascade evaluation.</summary>
public sealed record CascadeReport(string Dataset, int Train, int Test, int Excluded, double Target, IReadOnlyList<CascadePoint> Points, IReadOnlyList<(string Scorer, double Apgr)> Curves);

/// <summary>
/// Replays a weak-first cascade on recorded responses (GSM8K): the weak answer is scored by a scorer that sees only
/// the prompt and the weak answer, and the prompt escalates to the strong model when the score is below a threshold
/// calibrated on the training split to reach the target share of the strong model's accuracy.
/// </summary>
public static class CascadeEvaluation
{
    /// <summary>Runs the evaluation.</summary>
    public static CascadeReport Run(RouteDataSet data, double target = 0.95, int seed = 42, int outputTokens = 256)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        int n = data.Samples.Count;
        for (int i = 0; i < n; i++)
        {
            if (data.Samples[i].WeakResponse is null)
            {
                throw new ArgumentException($"Sample {i} of '{data.Name}' has no recorded weak response; a cascade replay needs them (use routellm-gsm8k).", nameof(data));
            }
        }

        var (train, test) = RouteEvaluation.Split(n, 0.5, seed);
        var weakQ = new double[n];
        var strongQ = new double[n];
        var weakC = new double[n];
        var strongC = new double[n];
        var features = new float[n * AnswerFeatures.Count];
        var rule = new double[n];
        for (int i = 0; i < n; i++)
        {
            var s = data.Samples[i];
            weakQ[i] = s.WeakQuality;
            strongQ[i] = s.StrongQuality;
            weakC[i] = s.WeakCost ?? RouteEvaluation.EstimateCost(data.WeakModel, s.Prompt, outputTokens);
            strongC[i] = s.StrongCost ?? RouteEvaluation.EstimateCost(data.StrongModel, s.Prompt, outputTokens);
            AnswerFeatures.Write(s.Prompt, s.WeakResponse!, features.AsSpan(i * AnswerFeatures.Count, AnswerFeatures.Count));
            rule[i] = AnswerFeatures.RuleConfidence(s.Prompt, s.WeakResponse!);
        }

        // Learned scorer: logistic regression of "weak answer correct" on the answer features, trained on the train split.
        var trainRows = new float[train.Length * AnswerFeatures.Count];
        var trainWeak = new double[train.Length];
        var trainStrong = new double[train.Length];
        for (int j = 0; j < train.Length; j++)
        {
            features.AsSpan(train[j] * AnswerFeatures.Count, AnswerFeatures.Count).CopyTo(trainRows.AsSpan(j * AnswerFeatures.Count));
            trainWeak[j] = weakQ[train[j]];
            trainStrong[j] = strongQ[train[j]];
        }

        var model = LogisticRoutePredictor.Train(new RouteOutcomes(trainRows, AnswerFeatures.Count, trainWeak, trainStrong), new LogisticTrainingOptions { Seed = seed, Epochs = 60, L2 = 1e-4, LearningRate = 0.05 });
        var learned = new double[n];
        for (int i = 0; i < n; i++)
        {
            learned[i] = model.PredictWeakSuccess(features.AsSpan(i * AnswerFeatures.Count, AnswerFeatures.Count));
        }

        double tw = Mean(test, weakQ), ts = Mean(test, strongQ), cw = Mean(test, weakC), cs = Mean(test, strongC);
        var points = new List<CascadePoint>
        {
            new("always-weak", 0, tw, cw, 1 - cw / cs, null),
            new("always-strong", 1, ts, cs, 0, null),
        };
        var curves = new List<(string, double)>();
        foreach (var (name, confidence) in new[] { ("cascade: rule scorer", rule), ("cascade: learned scorer", learned) })
        {
            // score for escalation = −confidence; calibrate on train.
            var trainScores = Pick(train, confidence, negate: true);
            double threshold = ThresholdCalibrator.Calibrate(trainScores, Pick(train, weakQ), Pick(train, strongQ), target);
            int escalated = 0;
            double acc = 0, cost = 0;
            foreach (int i in test)
            {
                bool up = -confidence[i] >= threshold;
                escalated += up ? 1 : 0;
                acc += up ? strongQ[i] : weakQ[i];
                cost += weakC[i] + (up ? strongC[i] : 0);
            }

            double share = (double)escalated / test.Length;
            cost /= test.Length;
            acc /= test.Length;

            // Random escalation with the same cost per query: share p with cw + p·cs = cost.
            double p = Math.Clamp((cost - cw) / cs, 0, 1);
            points.Add(new CascadePoint(name, share, acc, cost, 1 - cost / cs, tw + p * (ts - tw)));

            var testScores = Pick(test, confidence, negate: true);
            var curve = RouteEvaluation.Curve(testScores, Pick(test, weakQ), Pick(test, strongQ), Pick(test, weakC), PickSum(test, weakC, strongC));
            curves.Add((name, RouteEvaluation.Metrics(curve, target).Apgr));
        }

        return new CascadeReport(data.Name, train.Length, test.Length, data.Excluded, target, points, curves);
    }

    /// <summary>Writes the report as text.</summary>
    public static void WriteText(CascadeReport r, TextWriter w)
    {
        var ci = CultureInfo.InvariantCulture;
        w.WriteLine(string.Format(ci, "dataset {0}  train {1} / test {2}  excluded (contaminated) {3}  target {4:0}% of always-strong accuracy", r.Dataset, r.Train, r.Test, r.Excluded, r.Target * 100));
        w.WriteLine(string.Format(ci, "{0,-26} {1,10} {2,9} {3,12} {4,8} {5,22}", "policy", "escalated", "accuracy", "$/query", "saving", "random at same cost"));
        foreach (var p in r.Points)
        {
            w.WriteLine(string.Format(ci, "{0,-26} {1,9:0.0}% {2,8:0.0}% {3,12:0.000000} {4,7:0.0}% {5,22}", p.Name, p.Escalated * 100, p.Accuracy * 100, p.CostPerQuery, p.Saving * 100, p.RandomAccuracyAtSameCost is double a ? (a * 100).ToString("0.0", ci) + "%" : "-"));
        }

        foreach (var (scorer, apgr) in r.Curves)
        {
            w.WriteLine(string.Format(ci, "{0}: APGR {1:0.000} (random 0.500)", scorer, apgr));
        }
    }

    /// <summary>Writes the report as one JSON object.</summary>
    public static void WriteJson(CascadeReport r, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("dataset", r.Dataset);
        w.WriteNumber("train", r.Train);
        w.WriteNumber("test", r.Test);
        w.WriteNumber("excluded", r.Excluded);
        w.WriteNumber("target", r.Target);
        w.WriteStartObject("policies");
        foreach (var p in r.Points)
        {
            w.WriteStartObject(p.Name);
            w.WriteNumber("escalated", Math.Round(p.Escalated, 6));
            w.WriteNumber("accuracy", Math.Round(p.Accuracy, 6));
            w.WriteNumber("costPerQuery", p.CostPerQuery);
            w.WriteNumber("saving", Math.Round(p.Saving, 6));
            if (p.RandomAccuracyAtSameCost is double a)
            {
                w.WriteNumber("randomAccuracyAtSameCost", Math.Round(a, 6));
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("apgr");
        foreach (var (scorer, apgr) in r.Curves)
        {
            w.WriteNumber(scorer, Math.Round(apgr, 6));
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static double Mean(int[] rows, double[] values)
    {
        double s = 0;
        foreach (int i in rows)
        {
            s += values[i];
        }

        return s / rows.Length;
    }

    private static double[] Pick(int[] rows, double[] values, bool negate = false)
    {
        var r = new double[rows.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            r[j] = negate ? -values[rows[j]] : values[rows[j]];
        }

        return r;
    }

    private static double[] PickSum(int[] rows, double[] a, double[] b)
    {
        var r = new double[rows.Length];
        for (int j = 0; j < rows.Length; j++)
        {
            r[j] = a[rows[j]] + b[rows[j]];
        }

        return r;
    }
}
